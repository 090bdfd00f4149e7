/**
 * In-memory harness for bench/answers.ts and eval/fit-refusal.ts: the corpus read and chunked as
 * ingestion does (rag/pdf → sentence_5 → hashed embedder), then the real retriever (rag/retriever)
 * over in-memory stores (exact cosine, as the database's exact scan) and the extractive
 * synthesizer, per user (chunks and, as ingestion's structure step reads them, the documents'
 * structure records as units beside them): per-document (a user owns the case's document) or library (one user
 * owns every document but the synthetic one). No database, so modes using PostgreSQL's
 * full-text search are measured by `navigator eval` only.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isSyntheticDocument } from "../cli/eval/run.ts";
import { scoreCase, type EvalCase } from "../cli/eval/score.ts";
import { cosine, createHashedEmbedder, HASHED_SIMILARITY_THRESHOLD } from "../rag/embeddings/index.ts";
import type { StoredUnit } from "../rag/bm25/index.ts";
import { RECORD_EXTRACTOR_VERSION, type RecordDraft, readDocumentStructure } from "../rag/documents/index.ts";
import { readPdf } from "../rag/pdf/index.ts";
import { createQuestionAnalyzer } from "../rag/query/index.ts";
import type { RefusalFeatures, RefusalModel } from "../rag/refusal/index.ts";
import { rerankWithAnalysis } from "../rag/rerank/index.ts";
import { chunksAfterCitations, createRetriever, recordUnit, type RetrievalMode, type RetrieverOptions, type StoredHit } from "../rag/retriever/index.ts";
import { sentence5 } from "../rag/splitter/index.ts";
import { createExtractiveSynthesizer, type ExtractiveSynthesizerOptions } from "../rag/synthesizer/index.ts";
import type { RetrievedChunk } from "../rag/types.ts";

const ROOT = join(import.meta.dir, "..");
export const SHARED = existsSync(join(ROOT, "shared")) ? join(ROOT, "shared") : join(ROOT, "..", "shared");
export const CORPUS = join(SHARED, "corpus");
const CACHE = join(process.env.TMPDIR ?? "/tmp", "navigator-bench-chunks");

export type EvalMode = "per-document" | "library";

/** Loads cases from JSON files (`{cases: [...]}` or `[...]`). */
export function loadCases(files: readonly string[]): EvalCase[] {
  return files.flatMap((f) => {
    const parsed = JSON.parse(readFileSync(f, "utf8")) as { cases?: EvalCase[] } | EvalCase[];
    return Array.isArray(parsed) ? parsed : (parsed.cases ?? []);
  });
}

interface DocUnits { units: Omit<StoredHit, "similarity">[]; vectors: Float32Array[]; records: StoredUnit[] }
const docs = new Map<string, DocUnits>();
const embedder = createHashedEmbedder();

async function loadDoc(filename: string): Promise<DocUnits> {
  const hit = docs.get(filename);
  if (hit) return hit;
  mkdirSync(CACHE, { recursive: true });
  const path = join(CORPUS, filename);
  const cacheFile = join(CACHE, `${filename}.${statSync(path).size}.json`);
  // Records as ingestion reads them (rag/documents, the pipeline's structure step), cached beside the chunks.
  const recordsFile = join(CACHE, `${filename}.${statSync(path).size}.${RECORD_EXTRACTOR_VERSION}.records2.json`);
  let drafts: { ordinal: number; text: string; pageStart: number; pageEnd: number }[];
  let records: RecordDraft[];
  let planName: string | null;
  if (existsSync(cacheFile) && existsSync(recordsFile)) {
    drafts = JSON.parse(readFileSync(cacheFile, "utf8"));
    ({ records, planName } = JSON.parse(readFileSync(recordsFile, "utf8")));
  } else {
    const bytes = new Uint8Array(readFileSync(path));
    const pages = (await readPdf(bytes.slice())).pages;
    drafts = sentence5(pages);
    const structure = await readDocumentStructure(bytes, { filename, pages });
    records = [...structure.records];
    planName = structure.profile.planName;
    writeFileSync(cacheFile, JSON.stringify(drafts));
    writeFileSync(recordsFile, JSON.stringify({ records, planName }));
  }
  const vectors = await embedder.embedDocuments(drafts.map((d) => d.text));
  const d: DocUnits = {
    units: drafts.map((c) => ({ chunkId: `${filename}#${c.ordinal}`, documentId: filename, filename, ordinal: c.ordinal, text: c.text, pageStart: c.pageStart, pageEnd: c.pageEnd })),
    vectors,
    records: records.map((r, i) => recordUnit({ ...r, id: `${filename}@${i}`, ord: i, documentId: filename, filename, planName })),
  };
  docs.set(filename, d);
  return d;
}

/** Documents a case's user owns in the given mode. */
export function userDocuments(c: EvalCase, mode: EvalMode, corpus: readonly string[]): string[] {
  // In library mode the synthetic document's cases run as a user owning just it (shared/eval/README.md).
  if (isSyntheticDocument(c.document)) return [c.document];
  if (mode === "library") return corpus.filter((f) => !isSyntheticDocument(f));
  return c.document === "*" ? [...corpus] : [c.document];
}

/** One case's outcome. */
export interface Outcome {
  readonly c: EvalCase;
  readonly hit: boolean | undefined;
  readonly pass: boolean;
  readonly found: boolean;
  readonly features?: RefusalFeatures;
  readonly probability?: number;
  readonly top: readonly RetrievedChunk[];
  /** Every candidate the synthesizer was given (best first by score). */
  readonly candidates: readonly RetrievedChunk[];
  readonly answer: string;
  /** The full text of every sentence the answer quotes (its citations' texts, before trimming). */
  readonly quoted: string;
  readonly ms: number;
}

/** Options of {@link runCases}. */
export interface HarnessOptions {
  readonly mode: EvalMode;
  readonly retrieval: RetrievalMode;
  readonly refusal?: RefusalModel;
  readonly fusionRerank?: boolean;
  /** Never refuse (the baseline has no refusal). */
  readonly noRefusal?: boolean;
  /** Further retriever options (sweeps). */
  readonly retriever?: Partial<RetrieverOptions>;
  /** Index the documents' structure records beside the chunks. Default true, as the app (app/navigator.ts). */
  readonly records?: boolean;
  /** Extractive synthesizer options (sweeps). */
  readonly synthesizer?: ExtractiveSynthesizerOptions;
}

/** Runs every case through the retriever and the extractive synthesizer. */
export async function runCases(cases: readonly EvalCase[], o: HarnessOptions): Promise<Outcome[]> {
  const corpus = readdirSync(CORPUS).filter((f) => f.endsWith(".pdf")).sort();
  const analyzer = createQuestionAnalyzer();
  const users = new Map<string, string[]>();
  for (const c of cases) {
    const files = userDocuments(c, o.mode, corpus);
    users.set(files.join("|"), files);
  }
  const byUser = new Map<string, DocUnits>();
  for (const [key, files] of users) {
    const parts = await Promise.all(files.map(loadDoc));
    byUser.set(key, { units: parts.flatMap((p) => p.units), vectors: parts.flatMap((p) => p.vectors), records: parts.flatMap((p) => p.records) });
  }
  const retriever = createRetriever(
    {
      embedder,
      analyzer,
      rerank: rerankWithAnalysis,
      search: async (userId, q, opts) => {
        const u = byUser.get(userId) as DocUnits;
        const scored = u.units.map((unit, i) => ({ ...unit, similarity: cosine(q, u.vectors[i] as Float32Array) }));
        return scored.filter((h) => h.similarity >= opts.minSimilarity).sort((a, b) => b.similarity - a.similarity).slice(0, opts.limit);
      },
      units: {
        version: async () => "v",
        load: async (userId) => {
          const u = byUser.get(userId) as DocUnits;
          return o.records !== false ? [...u.units, ...u.records] : u.units;
        },
      },
    },
    { similarityThreshold: HASHED_SIMILARITY_THRESHOLD, mode: o.retrieval, ...(o.refusal ? { refusal: o.refusal } : {}), ...(o.fusionRerank !== undefined ? { fusionRerank: o.fusionRerank } : {}), ...o.retriever },
  );
  const synth = createExtractiveSynthesizer(o.synthesizer);
  const out: Outcome[] = [];
  for (const c of cases) {
    const user = userDocuments(c, o.mode, corpus).join("|");
    const t0 = performance.now();
    const analysis = analyzer.analyze(c.question);
    const r = await retriever.retrieve(user, c.question, { analysis });
    const refused = !o.noRefusal && r.refusal !== undefined && !r.refusal.found;
    const a = refused ? { text: "", found: false, citations: [] } : await synth.synthesize(c.question, r.candidates, { analysis });
    const ms = performance.now() - t0;
    // Sources as the agent lists them: cited passages first, then the other top chunks; a not-found
    // answer lists the top chunks as its nearest passages (they count for hit@5, not for facts).
    const cited = a.found ? a.citations.map((x) => ({ filename: x.filename, page: x.page })) : [];
    const listed = a.found ? chunksAfterCitations(a.citations, r.chunks) : r.chunks;
    const sources = [...cited, ...listed.map((x) => ({ filename: x.filename, page: x.pageStart }))];
    const s = scoreCase(c, { response: a.text, found: a.found, sources });
    out.push({ c, hit: s.retrievalHit, pass: s.answerPass, found: a.found, ...(r.refusal ? { features: r.refusal.features, probability: r.refusal.probability } : {}), top: r.chunks, candidates: r.candidates, answer: a.text, quoted: a.citations.map((x) => x.text).join(" "), ms });
  }
  return out;
}

/** Summary figures of outcomes. */
export function summarize(xs: readonly Outcome[]) {
  const ans = xs.filter((x) => x.c.kind !== "unanswerable");
  const un = xs.filter((x) => x.c.kind === "unanswerable");
  const rate = (ys: readonly Outcome[], f: (x: Outcome) => boolean) => (ys.length ? ys.filter(f).length / ys.length : Number.NaN);
  const byKind: Record<string, { n: number; hit: number; facts: number }> = {};
  for (const k of [...new Set(xs.map((x) => x.c.kind))].sort()) {
    const ys = xs.filter((x) => x.c.kind === k);
    byKind[k] = { n: ys.length, hit: rate(ys, (x) => x.hit === true), facts: rate(ys, (x) => x.pass) };
  }
  return {
    n: xs.length,
    hit: rate(ans, (x) => x.hit === true),
    facts: rate(ans, (x) => x.pass),
    unanswerable: rate(un, (x) => x.pass),
    refusal: rate(ans, (x) => !x.found),
    byKind,
  };
}
