/**
 * One ingestion run: parse → chunk → embed → store, moving the job forward at each step and
 * publishing a {@link JobEvent}. Idempotent: chunk ids are UUIDv5(document, chunker version,
 * ordinal) and written with upserts, so running a job twice leaves exactly one clean run's chunks.
 */
import { TERMINAL_JOB_STATUSES, type BlobStore, type JobStatus, type Repositories } from "../../db/index.ts";
import { RECORD_EXTRACTOR_VERSION, readDocumentStructure, type DocumentStructure, type PositionedPage } from "../../rag/documents/index.ts";
import type { OcrEngine } from "../../rag/ocr/index.ts";
import { readPdf } from "../../rag/pdf/index.ts";
import { CHUNKER_VERSION, sentence5, type ChunkDraft, type PageText } from "../../rag/splitter/index.ts";
import type { DocumentReader, Embedder } from "../../rag/types.ts";
import type { ActorContext, Clock, Logger } from "../../runtime/index.ts";
import { activeTraceId, withSpan } from "../../runtime/tracing/index.ts";
import type { IngestDocument, IngestResult } from "../messages.ts";
import { IngestionError, toEmbedderError } from "./errors.ts";
import type { JobEventBus } from "./events.ts";
import type { IngestionObserver, IngestionStage } from "./observer.ts";

/** Chunks embedded per call to the embedder (progress is reported after each batch). */
export const EMBED_BATCH_CHUNKS = 128;

/** Progress percentage reached when each step starts. */
export const STEP_PROGRESS_PCT: Readonly<Record<Exclude<JobStatus, "failed">, number>> = {
  queued: 0,
  parsing: 5,
  ocr: 10,
  chunking: 30,
  embedding: 40,
  storing: 85,
  complete: 100,
};

/** A chunking strategy: its version (stored with every chunk and part of chunk ids) and its splitter. */
export interface Chunker {
  /** e.g. `sentence_5@2`. */
  readonly version: string;
  readonly split: (pages: readonly PageText[]) => ChunkDraft[];
}

/** The `sentence_5` chunker (rag/splitter). */
export const DEFAULT_CHUNKER: Chunker = { version: CHUNKER_VERSION, split: (pages) => sentence5(pages) };

/** What a run needs. */
export interface IngestionDeps {
  readonly repos: Repositories;
  readonly blobs: BlobStore;
  readonly embedder: Embedder;
  /** PDF reader (LlamaParse with local fallback, when configured). Default: the local `readPdf`. */
  readonly reader?: DocumentReader;
  /** How pages become chunks (`CHUNKING_STRATEGY`). Default {@link DEFAULT_CHUNKER} (`sentence_5`). */
  readonly chunker?: Chunker;
  readonly events: JobEventBus;
  readonly logger: Logger;
  readonly clock: Clock;
  /** OCR for pages without a text layer. Without it such pages stay empty (all empty: `no_text`). */
  readonly ocr?: OcrEngine;
  /** At most this many pages are OCR'd per document; more fail the job with `ocr_page_limit`. Default {@link DEFAULT_OCR_MAX_PAGES}. */
  readonly ocrMaxPages?: number;
  /** Told stage durations, pages and chunks (metrics). */
  readonly observer?: IngestionObserver;
}

/** Default `OCR_MAX_PAGES`: a 300-page scan is ~13 minutes of one core at the ~2.6 s CPU/page measured (150 dpi: 0.6 s render + 2.0 s tesseract). */
export const DEFAULT_OCR_MAX_PAGES = 300;

/**
 * A page with fewer non-space characters than this in its text layer is OCR'd: a scanned page
 * often carries only a stamped page number or running header as text. A truly blank page costs
 * one OCR pass that finds nothing.
 */
export const OCR_MIN_TEXT_CHARS = 20;

/** UUIDv5 namespace of record ids is the document id; the name is `${extractor}:${ordinal}`. */
export function recordId(documentId: string, extractor: string, ordinal: number): string {
  return Bun.randomUUIDv5(`${extractor}:${ordinal}`, documentId);
}

/** UUIDv5 namespace of chunk ids is the document id; the name is `${chunker}:${ordinal}`. */
export function chunkId(documentId: string, chunker: string, ordinal: number): string {
  return Bun.randomUUIDv5(`${chunker}:${ordinal}`, documentId);
}

/**
 * Runs one attempt of a job to `complete`, or throws. The job is never marked `failed` here: the
 * caller (the actor) decides whether the failure is final. Thrown: {@link IngestionError} with
 * `document_deleted` / `job_gone` (nothing left to do), a step's coded error (`blob_missing` and
 * `embedder_unavailable` retryable; `invalid_pdf`, `no_text`, `embedder_failed` … final), or
 * whatever a repository threw (classify it with `toIngestionError`).
 *
 * The attempt is counted on the job with the node running it (`ctx.nodeId`) and the id of the
 * trace active at that point (`activeTraceId()`; null without a tracing SDK). The result carries
 * `nodeId` when `ctx.nodeId` is given.
 */
export async function runIngestion(
  deps: IngestionDeps,
  msg: IngestDocument,
  ctx: Partial<Pick<ActorContext, "nodeId">> = {},
): Promise<IngestResult> {
  const { repos, clock } = deps;
  const started = clock.now();
  const log = deps.logger.child({ jobId: msg.jobId, documentId: msg.documentId });
  const step = async (status: Exclude<JobStatus, "failed">, pct = STEP_PROGRESS_PCT[status]) => {
    const row = await repos.jobs.advance(msg.jobId, status, pct);
    if (row) {
      deps.events.publish({ jobId: msg.jobId, userId: msg.userId, documentId: msg.documentId, status, pct: row.progressPct, at: clock.now() });
      return;
    }
    // Refused. A redelivered job (re-queued after a restart) may already be past this step: redo
    // the work without moving the job back. Only a missing or finished job ends the run.
    const current = await repos.jobs.get(msg.userId, msg.jobId);
    if (!current || TERMINAL_JOB_STATUSES.includes(current.status)) {
      throw new IngestionError("job_gone", "the job no longer exists or is already finished");
    }
  };

  // Each stage runs in a span `ingestion.<stage>` and reports its duration.
  const stage = async <T>(name: IngestionStage, fn: () => Promise<T> | T): Promise<T> => {
    const t0 = performance.now();
    try {
      return await withSpan(`ingestion.${name}`, {}, fn);
    } finally {
      deps.observer?.stage?.(name, (performance.now() - t0) / 1000);
    }
  };

  const doc = await repos.documents.get(msg.userId, msg.documentId);
  if (!doc) throw new IngestionError("document_deleted", "the document was deleted before ingestion finished");
  await repos.jobs.startAttempt(msg.jobId, { nodeId: ctx.nodeId, traceId: activeTraceId() });

  await step("parsing");
  const bytes = await deps.blobs.get(doc.storageKey).catch((cause) => {
    throw new IngestionError("blob_missing", "the uploaded file could not be read back from storage", { retryable: true, cause });
  });
  const read = deps.reader ?? ((b: Uint8Array) => readPdf(b));
  let parsed = await stage("parse", () =>
    read(bytes, { filename: doc.filename }).catch((cause: { code?: string; message?: string; pageCount?: number }) => {
      // A scan without any text layer: every page goes to OCR, when there is OCR.
      if (deps.ocr && cause?.code === "no_text" && typeof cause.pageCount === "number") {
        return { pages: Array.from({ length: cause.pageCount }, (_, i) => ({ page: i + 1, text: "" })), parser: "unpdf" };
      }
      throw new IngestionError(cause?.code ?? "parse_failed", cause?.message ?? "the PDF could not be parsed", { cause });
    }),
  );
  const positioned = new Map<number, PositionedPage>();
  // Pages with (almost) no text layer: a scan, or a scan stamped with a page number or header.
  const blank = parsed.pages.filter((p) => p.text.replace(/\s+/g, "").length < OCR_MIN_TEXT_CHARS).map((p) => p.page);
  if (deps.ocr && blank.length > 0) {
    const limit = deps.ocrMaxPages ?? DEFAULT_OCR_MAX_PAGES;
    if (blank.length > limit) {
      throw new IngestionError("ocr_page_limit", `${blank.length} pages have no text layer and need OCR; the limit is ${limit} pages (OCR_MAX_PAGES)`);
    }
    await step("ocr");
    const span = STEP_PROGRESS_PCT.chunking - STEP_PROGRESS_PCT.ocr;
    const ocrStarted = clock.now();
    const ocr = deps.ocr;
    const pages = await stage("ocr", () =>
      ocr
        .readPages(bytes, blank, (done, total) => (done < total ? step("ocr", STEP_PROGRESS_PCT.ocr + (span * done) / total) : undefined))
        .catch((cause: { code?: string; message?: string }) => {
          throw new IngestionError(cause?.code ?? "ocr_failed", cause?.message ?? "OCR failed", { cause });
        }),
    );
    for (const p of pages) positioned.set(p.page, p);
    const byPage = new Map(pages.map((p) => [p.page, p.text]));
    const all = blank.length === parsed.pages.length;
    parsed = {
      // OCR text replaces the page's (empty or stamp-only) text layer unless OCR read even less.
      pages: parsed.pages.map((p) => {
        const text = byPage.get(p.page);
        return text !== undefined && text.trim().length >= p.text.trim().length ? { page: p.page, text } : p;
      }),
      parser: all ? deps.ocr.name : `${parsed.parser}+${deps.ocr.name}`,
    };
    log.info({ pages: blank.length, durationMs: clock.now() - ocrStarted }, "ocr complete");
  }
  await repos.documents.setParsed(msg.userId, msg.documentId, parsed.pages.length, parsed.parser);
  const structure = await stage("structure", () => readStructure(bytes, doc.filename, parsed.pages, positioned, log));
  if (structure) await repos.documents.setProfile(msg.userId, msg.documentId, structure.profile);

  await step("chunking");
  const chunker = deps.chunker ?? DEFAULT_CHUNKER;
  const drafts = await stage("chunk", () => chunker.split(parsed.pages));
  if (drafts.length === 0) throw new IngestionError("no_text", "the PDF has no extractable text (is it a scan without OCR?)");

  await step("embedding");
  const vectors: Float32Array[] = [];
  const span = STEP_PROGRESS_PCT.storing - STEP_PROGRESS_PCT.embedding;
  await stage("embed", async () => {
    for (let i = 0; i < drafts.length; i += EMBED_BATCH_CHUNKS) {
      const batch = drafts.slice(i, i + EMBED_BATCH_CHUNKS).map((d) => d.text);
      vectors.push(...(await deps.embedder.embedDocuments(batch).catch((cause: unknown) => Promise.reject(toEmbedderError(cause)))));
      const done = Math.min(drafts.length, i + EMBED_BATCH_CHUNKS);
      if (done < drafts.length) await step("embedding", STEP_PROGRESS_PCT.embedding + (span * done) / drafts.length);
    }
  });

  await step("storing");
  const rows = drafts.map((d, i) => ({
    id: chunkId(msg.documentId, chunker.version, d.ordinal),
    ord: d.ordinal,
    text: d.text,
    pageStart: d.pageStart,
    pageEnd: d.pageEnd,
    embedding: vectors[i]!,
  }));
  await stage("store", async () => {
    await repos.chunks.upsertMany(msg.userId, msg.documentId, { embeddingModel: deps.embedder.model, chunker: chunker.version }, rows);
    await repos.chunks.trimDocument(msg.userId, msg.documentId, rows.length);
    if (structure) {
      const records = structure.records.map((r, i) => ({ ...r, id: recordId(msg.documentId, RECORD_EXTRACTOR_VERSION, i), ord: i }));
      await repos.records.replaceForDocument(msg.userId, msg.documentId, RECORD_EXTRACTOR_VERSION, records);
    }
  });

  await step("complete");
  const durationMs = clock.now() - started;
  log.info({ chunks: rows.length, pages: parsed.pages.length, durationMs }, "ingestion complete");
  deps.observer?.stored?.(parsed.pages.length, rows.length);
  const result: IngestResult = { jobId: msg.jobId, status: "complete", chunks: rows.length, pages: parsed.pages.length, durationMs };
  return ctx.nodeId === undefined ? result : { ...result, nodeId: ctx.nodeId };
}

/**
 * The document's profile and records; undefined (logged) when the structure cannot be read, which
 * never fails ingestion: the chunks carry the text either way.
 */
async function readStructure(
  bytes: Uint8Array,
  filename: string,
  pages: readonly { page: number; text: string }[],
  positioned: ReadonlyMap<number, PositionedPage>,
  log: Logger,
): Promise<DocumentStructure | undefined> {
  try {
    return await readDocumentStructure(bytes, { filename, pages, positioned });
  } catch (error) {
    log.warn({ err: error }, "document structure could not be read; stored without profile and records");
    return undefined;
  }
}
