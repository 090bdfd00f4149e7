/**
 * One ingestion run: parse → chunk → embed → store, moving the job forward at each step and
 * publishing a {@link JobEvent}. Idempotent: chunk ids are UUIDv5(document, chunker version,
 * ordinal) and written with upserts, so running a job twice leaves exactly one clean run's chunks.
 */
import { TERMINAL_JOB_STATUSES, type BlobStore, type JobStatus, type Repositories } from "../../db/index.ts";
import { RECORD_EXTRACTOR_VERSION, type PositionedPage } from "../../rag/documents/index.ts";
import type { OcrEngine } from "../../rag/ocr/index.ts";
import type { DocumentReader, Embedder, PageText } from "../../rag/types.ts";
import type { ActorContext, Clock, Logger } from "../../runtime/index.ts";
import { activeTraceId, withSpan } from "../../runtime/tracing/index.ts";
import type { IngestDocument, IngestResult } from "../messages.ts";
import { IngestionError, toEmbedderError } from "./errors.ts";
import type { JobEventBus } from "./events.ts";
import type { IngestionObserver, IngestionStage } from "./observer.ts";
import { DEFAULT_CHUNKER, type Chunker } from "./chunker.ts";
import { earlyChunkStore, type EarlyChunkStore } from "./early-store.ts";
import { DEFAULT_INGESTION_LIMITS, pagesNeedingOcr, prepareDocument, type DocumentPreparer, type IngestionLimits, type PrepareEvent } from "./workers/index.ts";

export { DEFAULT_CHUNKER, type Chunker } from "./chunker.ts";

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

/** What a run needs. */
export interface IngestionDeps {
  readonly repos: Repositories;
  readonly blobs: BlobStore;
  readonly embedder: Embedder;
  /** PDF reader (LlamaParse with local fallback, when configured). Default: the local `readPdf`. Unused with `prepare`. */
  readonly reader?: DocumentReader;
  /**
   * Parses, reads the structure, chunks and (for a local embedder) embeds off the event loop: the
   * ingestion workers' `prepare` (see ./workers; the `parse` stage then times all of it). Absent:
   * the same steps run in this thread with `reader` under `limits`. Its drafts are used when they
   * were cut by `chunker`'s version, its vectors when they also come from `embedder`'s model;
   * otherwise that step runs here. After OCR, a second pass (`structure` stage) redoes the
   * structure, chunks and vectors from the text as it then stands.
   */
  readonly prepare?: DocumentPreparer;
  /** Limits of the in-thread preparation (without `prepare`). Default {@link DEFAULT_INGESTION_LIMITS}. */
  readonly limits?: IngestionLimits;
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

/** Re-exported: the threshold lives beside the preparation, which skips work for pages OCR will replace. */
export { OCR_MIN_TEXT_CHARS } from "./workers/index.ts";

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
  // Chunks the worker has embedded are copied into one open transaction meanwhile
  // (./early-store.ts): the store step commits it, a failure before that rolls it back.
  const chunker = deps.chunker ?? DEFAULT_CHUNKER;
  const early = earlyChunkStore(deps.repos, { userId: msg.userId, documentId: msg.documentId, chunker: chunker.version, embeddingModel: deps.embedder.model, chunkId: (ord) => chunkId(msg.documentId, chunker.version, ord) });
  return runAttempt(deps, msg, ctx, chunker, early).catch((error: unknown) => {
    early.abort(error);
    throw error;
  });
}

async function runAttempt(deps: IngestionDeps, msg: IngestDocument, ctx: Partial<Pick<ActorContext, "nodeId">>, chunker: Chunker, early: EarlyChunkStore): Promise<IngestResult> {
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
  // Parse → structure → chunk (→ embed) in a worker when the pool is configured, otherwise here.
  // Its progress events become job steps, in order — unless OCR is configured: pages may then be
  // OCR'd (and chunked again) after it, so its steps are taken here afterwards.
  let progress: Promise<void> = Promise.resolve();
  let chunkingStep = false;
  const onEvent = (e: PrepareEvent) => {
    if (deps.ocr) return;
    if (e.status === "chunking") chunkingStep = true;
    const next = e.status === "chunking" ? () => step("chunking") : e.done === 0 ? () => step("embedding") : () => step("embedding", embeddingPct(e.done, e.total));
    progress = progress.then(next);
    progress.catch(() => {}); // observed below; this only keeps a refused step from being reported as unhandled meanwhile
  };
  const prepare = deps.prepare ?? inlinePreparer(deps, chunker);
  const prepared = await stage("parse", () =>
    prepare(bytes, { filename: doc.filename, onEvent, keepEmptyPages: deps.ocr !== undefined, onEmbedded: early.onEmbedded }).catch(async (cause: unknown) => {
      await progress.catch(() => {});
      throw toParseError(cause);
    }),
  );
  await progress;
  let parsed: { pages: readonly PageText[]; parser: string } = prepared;
  let ocrDone = false;
  const positioned = new Map<number, PositionedPage>();
  // Pages with (almost) no text layer: a scan, or a scan stamped with a page number or header.
  const blank = pagesNeedingOcr(parsed.pages, prepared.blankPages);
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
    ocrDone = true;
    log.info({ pages: blank.length, durationMs: clock.now() - ocrStarted }, "ocr complete");
  }
  await repos.documents.setParsed(msg.userId, msg.documentId, parsed.pages.length, parsed.parser);
  if (!chunkingStep) await step("chunking");
  // OCR changed the text: a second pass (in the worker too) reads the structure with the OCR'd
  // pages' positions, chunks and embeds the text as it now stands.
  const final = ocrDone
    ? await stage("structure", () =>
        prepare(bytes, { filename: doc.filename, text: parsed, positioned, onEmbedded: early.onEmbedded }).catch((cause: unknown) => {
          throw toParseError(cause);
        }),
      )
    : prepared;
  if (final.structureError) log.warn({ err: final.structureError }, "document structure could not be read; stored without profile and records");
  const structure = final.structure ?? undefined;
  if (structure) await repos.documents.setProfile(msg.userId, msg.documentId, structure.profile);

  const reuse = final.chunkerVersion === chunker.version;
  const drafts = reuse ? final.drafts : await stage("chunk", () => chunker.split(parsed.pages));
  if (drafts.length === 0) throw new IngestionError("no_text", "the PDF has no extractable text (is it a scan without OCR?)");

  let vectors: Float32Array[] = [];
  const reuseVectors = reuse && final.vectors !== undefined && final.embeddingModel === deps.embedder.model && final.vectors.length === drafts.length;
  if (reuseVectors) {
    vectors = final.vectors!;
    if (deps.ocr) await step("embedding");
  } else {
    await step("embedding");
    await stage("embed", async () => {
      for (let i = 0; i < drafts.length; i += EMBED_BATCH_CHUNKS) {
        const batch = drafts.slice(i, i + EMBED_BATCH_CHUNKS).map((d) => d.text);
        vectors.push(...(await deps.embedder.embedDocuments(batch).catch((cause: unknown) => Promise.reject(toEmbedderError(cause)))));
        const done = Math.min(drafts.length, i + EMBED_BATCH_CHUNKS);
        if (done < drafts.length) await step("embedding", embeddingPct(done, drafts.length));
      }
    });
  }

  await step("storing");
  const rows = drafts.map((d, i) => ({
    id: chunkId(msg.documentId, chunker.version, d.ordinal),
    ord: d.ordinal,
    text: d.text,
    pageStart: d.pageStart,
    pageEnd: d.pageEnd,
    embedding: vectors[i]!,
  }));
  // Chunks, the trim of an earlier run's extra chunks (ordinals ≥ rows.length, which the upsert never
  // writes) and records go to the database at once, on their own connections: none reads another's rows.
  await stage("store", async () => {
    const upsert = () => repos.chunks.upsertMany(msg.userId, msg.documentId, { embeddingModel: deps.embedder.model, chunker: chunker.version }, rows);
    // The streamed chunks are these rows only when the worker's drafts and vectors are used as they came.
    const streamed = reuseVectors ? early.take(rows.length) : undefined;
    if (!streamed) early.abort(new Error("the chunks are stored by upsert"));
    const stored = await Promise.allSettled([
      // A stream that does not commit (e.g. a concurrent run stored the same ids first) is upserted instead.
      streamed ? streamed.finish().catch(upsert) : upsert(),
      repos.chunks.trimDocument(msg.userId, msg.documentId, rows.length),
      structure
        ? repos.records.replaceForDocument(msg.userId, msg.documentId, RECORD_EXTRACTOR_VERSION, structure.records.map((r, i) => ({ ...r, id: recordId(msg.documentId, RECORD_EXTRACTOR_VERSION, i), ord: i })))
        : undefined,
    ]);
    for (const s of stored) if (s.status === "rejected") throw s.reason;
  });

  await step("complete");
  const durationMs = clock.now() - started;
  log.info({ chunks: rows.length, pages: parsed.pages.length, durationMs }, "ingestion complete");
  deps.observer?.stored?.(parsed.pages.length, rows.length);
  const result: IngestResult = { jobId: msg.jobId, status: "complete", chunks: rows.length, pages: parsed.pages.length, durationMs };
  return ctx.nodeId === undefined ? result : { ...result, nodeId: ctx.nodeId };
}

const embeddingPct = (done: number, total: number) =>
  STEP_PROGRESS_PCT.embedding + ((STEP_PROGRESS_PCT.storing - STEP_PROGRESS_PCT.embedding) * done) / total;

/** Parse, read the structure and chunk in this thread (no worker pool): the same steps and limits, embedding left to the caller. */
function inlinePreparer(deps: IngestionDeps, chunker: Chunker): DocumentPreparer {
  // The heap budget is a worker's: this thread's heap holds the whole server.
  const limits = { ...(deps.limits ?? DEFAULT_INGESTION_LIMITS), maxHeapBytes: Number.MAX_SAFE_INTEGER };
  return (bytes, o) =>
    prepareDocument(
      bytes,
      { filename: o.filename, limits, keepEmptyPages: o.keepEmptyPages, text: o.text, positioned: o.positioned },
      { reader: deps.reader, chunker, onEvent: o.onEvent },
    );
}

/** A preparation failure as a job error: coded errors keep their code (final unless they say otherwise). */
function toParseError(cause: unknown): IngestionError {
  if (cause instanceof IngestionError) return cause;
  const e = (cause ?? {}) as { code?: unknown; message?: unknown; retryable?: unknown };
  const code = typeof e.code === "string" ? e.code : "parse_failed";
  const message = typeof e.message === "string" && e.message !== "" ? e.message : "the PDF could not be parsed";
  return new IngestionError(code, message, { retryable: e.retryable === true, cause });
}
