/**
 * Offline retrieval + answer evaluation (no database): `bun bench/retrieval-eval.ts [--ablations] [--verbose]`.
 *
 * For each public case of shared/eval/qa.public.json: index the case's document alone (all 18 PDFs for "*"),
 * embed chunks with the hashed embedder, exact cosine top-50 above the threshold → rerank → top-5 →
 * extractive synthesis. Scores per shared/eval/README.md. Corpus text is read at run time, never stored.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { cosine, createHashedEmbedder, type HashedEmbedderOptions, HASHED_SIMILARITY_THRESHOLD } from "../rag/embeddings/index.ts";
import { rerank, type RerankOptions } from "../rag/rerank/index.ts";
import { basicSplitSentences, createExtractiveSynthesizer, type ExtractiveSynthesizerOptions } from "../rag/synthesizer/index.ts";
import type { ChunkDraft, PageText, RetrievedChunk, SynthesizedAnswer } from "../rag/types.ts";

const ROOT = join(import.meta.dir, "..");
const SHARED = existsSync(join(ROOT, "shared")) ? join(ROOT, "shared") : join(ROOT, "..", "shared");
const CORPUS = join(SHARED, "corpus");
const CANDIDATES = 50;
const TOP_K = 5;

interface Case { id: string; document: string; question: string; facts: string[]; evidence_pages: number[]; kind: string }
interface Config { name: string; embed?: HashedEmbedderOptions; rerank?: RerankOptions | false; synth?: ExtractiveSynthesizerOptions; threshold?: number }
interface Indexed { filename: string; chunks: ChunkDraft[]; vectors: Float32Array[] }

type Splitter = { sentence5: (p: readonly PageText[]) => ChunkDraft[]; splitSentences: (t: string) => string[] };
type Reader = { readPdf: (b: Uint8Array) => Promise<{ pages: readonly PageText[] }> };
const useTeam = !process.argv.includes("--own-parser") && existsSync(join(ROOT, "rag/splitter/index.ts")) && existsSync(join(ROOT, "rag/pdf/index.ts"));
const splitter: Splitter | null = useTeam ? ((await import(join(ROOT, "rag/splitter/index.ts"))) as Splitter) : null;
const reader: Reader | null = useTeam ? ((await import(join(ROOT, "rag/pdf/index.ts"))) as Reader) : null;

/** Fallback reader (until rag/pdf exists): unpdf page texts. */
async function readPages(bytes: Uint8Array): Promise<PageText[]> {
  if (reader) return [...(await reader.readPdf(bytes)).pages];
  const { extractText, getDocumentProxy } = await import("unpdf");
  const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: false });
  return (text as string[]).map((t, i) => ({ page: i + 1, text: t }));
}

/** Fallback chunker (until rag/splitter exists): 5 sentences per chunk, "\f" between pages. */
function chunk5(pages: readonly PageText[]): ChunkDraft[] {
  if (splitter) return splitter.sentence5(pages);
  const sents = pages.flatMap((p) => basicSplitSentences(p.text).map((s) => ({ s, page: p.page })));
  const out: ChunkDraft[] = [];
  for (let i = 0; i < sents.length; i += 5) {
    const group = sents.slice(i, i + 5);
    const text = group.map((g, j) => (j > 0 && g.page !== group[j - 1]?.page ? "\f" : j > 0 ? " " : "") + g.s).join("");
    out.push({ ordinal: out.length, text, pageStart: group[0]?.page ?? 1, pageEnd: group.at(-1)?.page ?? 1 });
  }
  return out;
}

const norm = (s: string) => s.toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, " ");
const pagesCache = new Map<string, PageText[]>();
const indexCache = new Map<string, Indexed>();
let embedMs = 0;
let embedCount = 0;

async function indexDoc(filename: string, cfg: Config): Promise<Indexed> {
  const key = `${filename}|${JSON.stringify(cfg.embed ?? {})}`;
  const hit = indexCache.get(key);
  if (hit) return hit;
  let pages = pagesCache.get(filename);
  if (!pages) pagesCache.set(filename, (pages = await readPages(new Uint8Array(readFileSync(join(CORPUS, filename))))));
  const chunks = chunk5(pages);
  const t0 = performance.now();
  const vectors = await createHashedEmbedder(cfg.embed).embedDocuments(chunks.map((c) => c.text));
  embedMs += performance.now() - t0;
  embedCount += chunks.length;
  const idx = { filename, chunks, vectors };
  indexCache.set(key, idx);
  return idx;
}

interface Outcome { c: Case; top: RetrievedChunk[]; answer: SynthesizedAnswer; top1: number; hitAny: boolean; hitCited: boolean; hitAll: boolean; factOk: boolean }

async function runCase(c: Case, cfg: Config, allFiles: string[]): Promise<Outcome> {
  const embedder = createHashedEmbedder(cfg.embed);
  const threshold = cfg.threshold ?? HASHED_SIMILARITY_THRESHOLD;
  const docs = await Promise.all((c.document === "*" ? allFiles : [c.document]).map((f) => indexDoc(f, cfg)));
  const qv = await embedder.embedQuery(c.question);
  const scored: RetrievedChunk[] = docs.flatMap((d) =>
    d.chunks.map((ch, i) => {
      const sim = cosine(qv, d.vectors[i] as Float32Array);
      return { chunkId: `${d.filename}#${ch.ordinal}`, documentId: d.filename, filename: d.filename, ordinal: ch.ordinal, text: ch.text, pageStart: ch.pageStart, pageEnd: ch.pageEnd, similarity: sim, score: sim };
    }),
  );
  scored.sort((a, b) => b.similarity - a.similarity);
  const cands = scored.slice(0, CANDIDATES).filter((x) => x.similarity >= threshold);
  
  const ranked = cfg.rerank === false ? cands : rerank(c.question, cands, cfg.rerank);
  const top = ranked.slice(0, TOP_K);
  const answer = await createExtractiveSynthesizer({ ...cfg.synth, similarityThreshold: threshold }).synthesize(c.question, ranked);
  const ev = new Set(c.evidence_pages);
  const spans = (x: RetrievedChunk) => Array.from({ length: x.pageEnd - x.pageStart + 1 }, (_, k) => x.pageStart + k);
  const inDoc = top.filter((x) => x.filename === c.document);
  const hitAny = inDoc.some((x) => spans(x).some((p) => ev.has(p)));
  const hitCited = answer.citations.some((x) => x.filename === c.document && ev.has(x.page));
  const hitAll = c.evidence_pages.every((p) => inDoc.some((x) => spans(x).includes(p)));
  const text = norm(answer.text);
  const factOk = c.kind === "unanswerable" ? !answer.found : answer.found && c.facts.every((f) => text.includes(norm(f)));
  return { c, top, answer, top1: scored[0]?.similarity ?? 0, hitAny, hitCited, hitAll, factOk };
}

async function evaluate(cfg: Config, cases: Case[], allFiles: string[]): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const c of cases) out.push(await runCase(c, cfg, allFiles));
  return out;
}

function summary(o: Outcome[]) {
  const ans = o.filter((x) => x.c.kind !== "unanswerable");
  const un = o.filter((x) => x.c.kind === "unanswerable");
  const r = (xs: Outcome[], f: (x: Outcome) => boolean) => (xs.length ? xs.filter(f).length / xs.length : Number.NaN);
  return { hitAny: r(ans, (x) => x.hitAny), hitCited: r(ans, (x) => x.hitCited), facts: r(ans, (x) => x.factOk), unans: `${un.filter((x) => x.factOk).length}/${un.length}`, n: ans.length };
}

const f3 = (x: number) => (Number.isNaN(x) ? "  -  " : x.toFixed(3));
const data = JSON.parse(readFileSync(join(SHARED, "eval/qa.public.json"), "utf8")) as { cases: Case[] };
const only = process.argv.find((a) => a.startsWith("--only="))?.slice(7);
const cases = data.cases.filter((c) => !only || c.id.startsWith(only));
const allFiles = readdirSync(CORPUS).filter((f) => f.endsWith(".pdf")).sort();
const verbose = process.argv.includes("--verbose");

const base: Config = { name: "full" };
const t0 = performance.now();
const res = await evaluate(base, cases, allFiles);
console.log(`parser: ${useTeam ? "rag/pdf + rag/splitter" : "bench fallback (unpdf + basic splitter)"}; ${cases.length} cases in ${(performance.now() - t0).toFixed(0)} ms`);
console.log(`embedding throughput: ${embedCount} chunks in ${embedMs.toFixed(0)} ms = ${((embedCount / embedMs) * 1000).toFixed(0)} chunks/s`);
const s = summary(res);
console.log(`\nkind          n  hit@5(any) hit@5(cited) all-pages facts/unans`);
for (const kind of [...new Set(res.map((x) => x.c.kind))]) {
  const xs = res.filter((x) => x.c.kind === kind);
  const r = (f: (x: Outcome) => boolean) => f3(xs.filter(f).length / xs.length);
  const un = kind === "unanswerable";
  console.log(`${kind.padEnd(12)} ${String(xs.length).padStart(2)}  ${un ? "  -  " : r((x) => x.hitAny)}      ${un ? "  -  " : r((x) => x.hitCited)}        ${un ? "  -  " : r((x) => x.hitAll)}     ${r((x) => x.factOk)}`);
}
console.log(`ALL answerable ${s.n}: hit@5 any-page ${f3(s.hitAny)}, cited-page ${f3(s.hitCited)}, fact accuracy ${f3(s.facts)}; unanswerable ${s.unans}`);

const tops = (k: boolean) => res.filter((x) => (x.c.kind === "unanswerable") === k).map((x) => x.top1).sort((a, b) => a - b);
const q = (xs: number[]) => `min ${f3(xs[0] ?? NaN)} p10 ${f3(xs[Math.floor(xs.length * 0.1)] ?? NaN)} median ${f3(xs[xs.length >> 1] ?? NaN)} max ${f3(xs.at(-1) ?? NaN)}`;
console.log(`\ntop-1 cosine, answerable:   ${q(tops(false))}\ntop-1 cosine, unanswerable: ${q(tops(true))}\nthreshold in use: ${HASHED_SIMILARITY_THRESHOLD}`);

console.log(`\nfailures:`);
for (const x of res) {
  const bad = x.c.kind === "unanswerable" ? !x.factOk : !x.hitAny || !x.factOk;
  if (!bad && !verbose) continue;
  const pages = x.top.map((t) => `${t.pageStart}${t.pageEnd !== t.pageStart ? `-${t.pageEnd}` : ""}`).join(",");
  console.log(`${bad ? "✗" : "✓"} ${x.c.id} [${x.c.kind}] hit=${x.hitAny ? 1 : 0} fact=${x.factOk ? 1 : 0} ev=${x.c.evidence_pages.slice(0, 6)} top5=${pages} facts=${JSON.stringify(x.c.facts)}`);
  console.log(`    Q: ${x.c.question}\n    A: ${x.answer.text.slice(0, 600)}  (cites p.${x.answer.citations.map((c) => c.page).join(",")})`);
}

if (process.argv.includes("--sweep")) {
  console.log(`\nsweep                 hit@5(any) hit@5(cited) facts  unans`);
  for (const lw of [0.4, 0.5, 0.6, 0.7, 0.8])
    for (const cg of [0.2, 0.35, 0.5]) {
      const a = summary(await evaluate({ name: "", rerank: { lexicalWeight: lw }, embed: { weights: { charGram: cg } } }, cases, allFiles));
      console.log(`lex=${lw} char=${cg}`.padEnd(22), `${f3(a.hitAny)}      ${f3(a.hitCited)}        ${f3(a.facts)}  ${a.unans}`);
    }
}

if (process.argv.includes("--ablations")) {
  const configs: Config[] = [
    { name: "no glossary", embed: { expandQueries: false }, rerank: { useGlossary: false }, synth: { useGlossary: false } },
    { name: "no rerank", rerank: false },
    { name: "rerank rrf", rerank: { fusion: "rrf" } },
    { name: "no char n-grams", embed: { weights: { charGram: 0 } } },
    { name: "no bigrams", embed: { weights: { bigram: 0 } }, rerank: { bigramWeight: 0 } },
    { name: "no answerability", synth: { answerability: false } },
  ];
  console.log(`\nablation              hit@5(any) hit@5(cited) facts  unans`);
  console.log(`full                  ${f3(s.hitAny)}      ${f3(s.hitCited)}        ${f3(s.facts)}  ${s.unans}`);
  for (const cfg of configs) {
    const a = summary(await evaluate(cfg, cases, allFiles));
    console.log(`${cfg.name.padEnd(21)} ${f3(a.hitAny)}      ${f3(a.hitCited)}        ${f3(a.facts)}  ${a.unans}`);
  }
}
