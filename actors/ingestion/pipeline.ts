/**
 * One ingestion run: parse → chunk → embed → store, moving the job forward at each step and
 * publishing a {@link JobEvent}. Idempotent: chunk ids are UUIDv5(document, chunker version,
 * ordinal) and written with upserts, so running a job twice leaves exactly one clean run's chunks.
 */
import { TERMINAL_JOB_STATUSES, type BlobStore, type JobStatus, type Repositories } from "../../db/index.ts";
import { readPdf } from "../../rag/pdf/index.ts";
import { CHUNKER_VERSION, sentence5, type ChunkDraft, type PageText } from "../../rag/splitter/index.ts";
import type { DocumentReader, Embedder } from "../../rag/types.ts";
import type { ActorContext, Clock, Logger } from "../../runtime/index.ts";
import { activeTraceId } from "../../runtime/tracing/index.ts";
import type { IngestDocument, IngestResult } from "../messages.ts";
import { IngestionError, toEmbedderError } from "./errors.ts";
import type { JobEventBus } from "./events.ts";

/** Chunks embedded per call to the embedder (progress is reported after each batch). */
export const EMBED_BATCH_CHUNKS = 128;

/** Progress percentage reached when each step starts. */
export const STEP_PROGRESS_PCT: Readonly<Record<Exclude<JobStatus, "failed">, number>> = {
  queued: 0,
  parsing: 5,
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

  const doc = await repos.documents.get(msg.userId, msg.documentId);
  if (!doc) throw new IngestionError("document_deleted", "the document was deleted before ingestion finished");
  await repos.jobs.startAttempt(msg.jobId, { nodeId: ctx.nodeId, traceId: activeTraceId() });

  await step("parsing");
  const bytes = await deps.blobs.get(doc.storageKey).catch((cause) => {
    throw new IngestionError("blob_missing", "the uploaded file could not be read back from storage", { retryable: true, cause });
  });
  const parsed = await (deps.reader ?? ((b: Uint8Array) => readPdf(b)))(bytes, { filename: doc.filename }).catch((cause: { code?: string; message?: string }) => {
    throw new IngestionError(cause?.code ?? "parse_failed", cause?.message ?? "the PDF could not be parsed", { cause });
  });
  await repos.documents.setParsed(msg.userId, msg.documentId, parsed.pages.length, parsed.parser);

  await step("chunking");
  const chunker = deps.chunker ?? DEFAULT_CHUNKER;
  const drafts = chunker.split(parsed.pages);
  if (drafts.length === 0) throw new IngestionError("no_text", "the PDF has no extractable text (is it a scan without OCR?)");

  await step("embedding");
  const vectors: Float32Array[] = [];
  const span = STEP_PROGRESS_PCT.storing - STEP_PROGRESS_PCT.embedding;
  for (let i = 0; i < drafts.length; i += EMBED_BATCH_CHUNKS) {
    const batch = drafts.slice(i, i + EMBED_BATCH_CHUNKS).map((d) => d.text);
    vectors.push(...(await deps.embedder.embedDocuments(batch).catch((cause: unknown) => Promise.reject(toEmbedderError(cause)))));
    const done = Math.min(drafts.length, i + EMBED_BATCH_CHUNKS);
    if (done < drafts.length) await step("embedding", STEP_PROGRESS_PCT.embedding + (span * done) / drafts.length);
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
  await repos.chunks.upsertMany(msg.userId, msg.documentId, { embeddingModel: deps.embedder.model, chunker: chunker.version }, rows);
  await repos.chunks.trimDocument(msg.userId, msg.documentId, rows.length);

  await step("complete");
  const durationMs = clock.now() - started;
  log.info({ chunks: rows.length, pages: parsed.pages.length, durationMs }, "ingestion complete");
  const result: IngestResult = { jobId: msg.jobId, status: "complete", chunks: rows.length, pages: parsed.pages.length, durationMs };
  return ctx.nodeId === undefined ? result : { ...result, nodeId: ctx.nodeId };
}
