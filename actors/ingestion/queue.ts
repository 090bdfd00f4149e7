/**
 * The embedded ingestion queue: the jobs table is the durable record, this queue dispatches to
 * ingestion actors with bounded concurrency, and `requeueUnfinished()` re-dispatches every job
 * left non-terminal by a previous process, so a restart loses no upload.
 */
import type { JobRepository } from "../../db/index.ts";
import type { ActorRef, Logger } from "../../runtime/index.ts";
import type { IngestDocument, IngestResult } from "../messages.ts";

/** Jobs processed at once per process. Two cores: parsing is CPU-bound. */
export const DEFAULT_INGEST_CONCURRENCY = 2;
/** Longest one job may run before its ask times out, milliseconds (the 232-page EOC takes seconds). */
export const DEFAULT_INGEST_TIMEOUT_MS = 10 * 60_000;

/** Where ingestion work is sent. */
export interface IngestionQueue {
  /** Queues a job; resolves once accepted (not when done). */
  enqueue(job: IngestDocument): Promise<void>;
  /** Re-queues every job not yet `complete` or `failed`. Returns how many. */
  requeueUnfinished(): Promise<number>;
  /** Resolves with the result of `jobId` once it has run (for the CLI and tests). */
  whenDone(jobId: string): Promise<IngestResult>;
  /** Jobs waiting or running in this process (cluster: running on this node; the stream holds the backlog). */
  readonly pending: number;
  /** Stops dispatching; waits for running jobs. */
  close(): Promise<void>;
}

/** Options of {@link createIngestionQueue}. */
export interface IngestionQueueOptions {
  readonly concurrency?: number;
  readonly timeoutMs?: number;
}

/** Creates the in-process queue dispatching to `refFor(documentId)`. */
export function createIngestionQueue(
  deps: { jobs: JobRepository; logger: Logger; refFor: (documentId: string) => ActorRef<IngestDocument, IngestResult> },
  options: IngestionQueueOptions = {},
): IngestionQueue {
  const concurrency = options.concurrency ?? DEFAULT_INGEST_CONCURRENCY;
  const timeoutMs = options.timeoutMs ?? DEFAULT_INGEST_TIMEOUT_MS;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`ingest concurrency must be ≥ 1, got ${concurrency}`);
  const waiting: IngestDocument[] = [];
  const queued = new Set<string>();
  const results = new Map<string, Promise<IngestResult>>();
  const resolvers = new Map<string, { resolve: (r: IngestResult) => void; reject: (e: unknown) => void }>();
  const running = new Set<Promise<void>>();
  let closed = false;

  const settle = (jobId: string) => {
    let entry = results.get(jobId);
    if (!entry) {
      entry = new Promise<IngestResult>((resolve, reject) => resolvers.set(jobId, { resolve, reject }));
      entry.catch(() => {});
      results.set(jobId, entry);
    }
    return entry;
  };

  const pump = () => {
    while (!closed && running.size < concurrency && waiting.length > 0) {
      const job = waiting.shift()!;
      const run = deps
        .refFor(job.documentId)
        .ask(job, { timeoutMs })
        .then(
          (result) => resolvers.get(job.jobId)?.resolve(result),
          (error) => {
            deps.logger.error({ jobId: job.jobId, err: String(error) }, "ingestion dispatch failed");
            resolvers.get(job.jobId)?.reject(error);
          },
        )
        .finally(() => {
          queued.delete(job.jobId);
          running.delete(run);
          pump();
        });
      running.add(run);
    }
  };

  return {
    async enqueue(job) {
      if (closed) throw new Error("ingestion queue is closed");
      if (queued.has(job.jobId)) return;
      queued.add(job.jobId);
      settle(job.jobId);
      waiting.push(job);
      pump();
    },
    async requeueUnfinished() {
      const rows = await deps.jobs.listUnfinished();
      for (const r of rows) await this.enqueue({ type: "ingest", v: 1, jobId: r.id, userId: r.userId, documentId: r.documentId });
      return rows.length;
    },
    whenDone: (jobId) => settle(jobId),
    get pending() {
      return waiting.length + running.size;
    },
    async close() {
      closed = true;
      await Promise.allSettled([...running]);
    },
  };
}
