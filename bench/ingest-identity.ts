/**
 * Fingerprints what ingestion stores for every PDF of the corpus, to check that a change to the
 * parse path leaves it identical: each document is prepared through the ingestion workers (parse →
 * structure → sentence_5 → hashed embedder, as the server does) and its pages, blank pages,
 * chunks (ordinal, text, pages), vectors (bytes), profile and records are hashed (sha256).
 * Prints one line per PDF and an overall hash; compare two runs' output with `diff`.
 * `bun bench/ingest-identity.ts [corpus-dir] [--split N] [--inline] [--keep-empty] [--stream]`
 *   --split N     INGEST_PARSE_SPLIT of the pool (default: the pool's default)
 *   --inline      prepare in this thread (`prepareDocument`) instead of a worker
 *   --keep-empty  prepare as with OCR configured (blank pages looked for; pages needing OCR returned early)
 *   --stream      take the vectors as the worker streams them (`onEmbedded`, as the pipeline on PostgreSQL)
 *                 and hash those batches' drafts and vectors too
 */
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { createHashedEmbedder } from "../rag/embeddings/index.ts";
import type { Logger } from "../runtime/index.ts";
import { createIngestionWorkers, DEFAULT_INGESTION_LIMITS, prepareDocument, type PreparedDocument } from "../actors/ingestion/workers/index.ts";

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dir = args.find((a) => !a.startsWith("--") && a !== flag("--split")) ?? resolve(import.meta.dir, "../../shared/corpus");
const split = flag("--split");
const inline = args.includes("--inline");
const keepEmptyPages = args.includes("--keep-empty");
const stream = args.includes("--stream");
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

const workers = inline ? undefined : createIngestionWorkers({ logger: silent }, { embedHashed: true, idleTimeoutMs: 0, ...(split ? { parseSplit: Number(split) } : {}) });
const embedder = createHashedEmbedder();

/** sha256 of a document's stored content, in a fixed order. */
function fingerprint(doc: PreparedDocument): string {
  const h = createHash("sha256");
  h.update(JSON.stringify({ parser: doc.parser, chunker: doc.chunkerVersion, blank: doc.blankPages ?? null, model: doc.embeddingModel ?? null }));
  for (const p of doc.pages) h.update(JSON.stringify(["page", p.page, p.text]));
  for (const d of doc.drafts) h.update(JSON.stringify(["chunk", d.ordinal, d.pageStart, d.pageEnd, d.text]));
  for (const v of doc.vectors ?? []) h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  h.update(JSON.stringify(["structure", doc.structure ?? null, doc.structureError ?? null]));
  return h.digest("hex");
}

const all = createHash("sha256");
try {
  for (const name of readdirSync(dir).filter((f) => f.endsWith(".pdf")).sort()) {
    const bytes = new Uint8Array(await Bun.file(join(dir, name)).arrayBuffer());
    const batches: PreparedDocument["drafts"][number][] = [];
    const batchVectors: Float32Array[] = [];
    const onEmbedded = stream ? (b: { drafts: readonly PreparedDocument["drafts"][number][]; vectors: Float32Array[] }) => void (batches.push(...b.drafts), batchVectors.push(...b.vectors)) : undefined;
    const doc = workers
      ? await workers.prepare(bytes, { filename: name, keepEmptyPages, ...(onEmbedded ? { onEmbedded } : {}) })
      : await prepareDocument(bytes, { filename: name, limits: DEFAULT_INGESTION_LIMITS, keepEmptyPages }, { embedder, ...(onEmbedded ? { onEmbedded: (_from, drafts, vectors) => onEmbedded({ drafts, vectors }) } : {}) });
    // Streamed: what the store receives must be exactly the result's chunks and vectors.
    const fp = stream ? fingerprint({ ...doc, drafts: batches, vectors: batchVectors }) : fingerprint(doc);
    all.update(fp);
    console.log(`${fp.slice(0, 16)}  ${String(doc.pages.length).padStart(3)} pages ${String(doc.drafts.length).padStart(5)} chunks  ${name}`);
  }
} finally {
  await workers?.close();
}
console.log(`all ${all.digest("hex")}`);
