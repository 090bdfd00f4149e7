/**
 * The cluster ingestion queue: a durable {@link WorkQueue} (JetStream work-queue stream) carries
 * `IngestDocument` jobs; worker nodes pull them with bounded concurrency and hand each delivery to
 * the ingestion actor of its document in single-attempt mode (`delivery`), so the broker owns the
 * retries: ack when the actor recorded an outcome, redeliver on a retryable failure, and fail the
 * job when the deliveries run out. The jobs table stays the record users read.
 */
import { TERMINAL_JOB_STATUSES, type JobRepository, type JobRow, type Repositories } from "../../db/index.ts";
import type { ActorRef, Clock, Logger } from "../../runtime/index.ts";
import type { WorkHandler, WorkQueue, Workers } from "../../runtime/work-queue/index.ts";
import type { IngestDocument, IngestResult } from "../messages.ts";
import { IngestionQueueClosedError, QueueUnavailableError } from "./errors.ts";
import type { JobEventBus } from "./events.ts";
import { DEFAULT_INGEST_TIMEOUT_MS, type IngestionQueue } from "./queue.ts";

/** Age after which a job still `queued` counts as never published (see `requeueUnfinished`), ms. */
export const DEFAULT_ORPHAN_AGE_MS = 60_000;
/** Default time `close` lets jobs in flight finish before nak'ing them, milliseconds. */
export const DEFAULT_QUEUE_SHUTDOWN_TIMEOUT_MS = 10_000;
/** How often `whenDone` reads the job row (events may be lost across a NATS restart), ms. */
export const DEFAULT_WHEN_DONE_POLL_MS = 500;

/** Collaborators of {@link createClusterIngestionQueue}. */
export interface ClusterIngestionQueueDeps {
  /** The durable queue (the caller's: `close` does not close it). */
  readonly workQueue: WorkQueue<IngestDocument>;
  readonly jobs: JobRepository;
  /** Documents (or all repositories): chunk and page counts for `whenDone`. */
  readonly documents: Pick<Repositories["documents"], "get">;
  /** Where failures recorded by the queue itself are published (and `whenDone` listens). */
  readonly events: JobEventBus;
  /** The ingestion actor of a document. */
  readonly refFor: (documentId: string) => ActorRef<IngestDocument, IngestResult>;
  readonly logger: Logger;
  readonly clock: Clock;
}

/** Options of {@link createClusterIngestionQueue}. */
export interface ClusterIngestionQueueOptions {
  /** Jobs this node runs at once (integer ≥ 1); only used when `processJobs`. */
  readonly concurrency: number;
  /** Whether this node runs jobs (ingest workers) or only enqueues them (API-only nodes). */
  readonly processJobs: boolean;
  /** Ask timeout of one delivery, ms (integer ≥ 1). Default DEFAULT_INGEST_TIMEOUT_MS. */
  readonly timeoutMs?: number;
  /** Time `close` waits for jobs in flight, ms (integer ≥ 0). Default {@link DEFAULT_QUEUE_SHUTDOWN_TIMEOUT_MS}. */
  readonly shutdownTimeoutMs?: number;
  /** `requeueUnfinished` age threshold, ms (integer ≥ 0). Default {@link DEFAULT_ORPHAN_AGE_MS}. */
  readonly orphanAgeMs?: number;
  /** `whenDone` polling period, ms (integer ≥ 1). Default {@link DEFAULT_WHEN_DONE_POLL_MS}. */
  readonly pollIntervalMs?: number;
}

const OPTION_KEYS = ["concurrency", "processJobs", "timeoutMs", "shutdownTimeoutMs", "orphanAgeMs", "pollIntervalMs"];
/** Largest timer delay (2^31 − 1 ms); longer timers fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

function integer(name: string, value: number, min: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > MAX_TIMER_MS) {
    throw new RangeError(`createClusterIngestionQueue: "${name}" must be an integer in [${min}, ${MAX_TIMER_MS}], got ${String(value)}`);
  }
  return value;
}

/**
 * Creates the cluster queue. With `processJobs`, starts `concurrency` workers on this node and
 * subscribes to exhausted items at once. The returned queue:
 * - `enqueue(job)` stores the job durably (`workQueue.enqueue(jobId, job)`, `delivery` stripped);
 *   rejects with QueueUnavailableError (cause: the broker's error) when the broker does not take
 *   it — nothing is queued then, so the caller must undo the upload (HTTP 503) — and with
 *   IngestionQueueClosedError after `close`.
 * - `requeueUnfinished()` re-enqueues the jobs still `queued` and not updated for `orphanAgeMs`
 *   (a crash between the database insert and the publish) and returns how many; duplicates are
 *   harmless (de-duplicated by job id within the stream's window, and every step is idempotent).
 * - `whenDone(jobId)` resolves once the job is `complete` or `failed`, whichever node ran it: it
 *   listens to job events and reads the job every `pollIntervalMs` (events are at most once). The
 *   result is read from the database: chunks and pages from the document, `durationMs` = the
 *   job's `updated_at − created_at` (queueing included), `nodeId` of the latest attempt. A job
 *   that no longer exists (document deleted) resolves as `failed` with zeros. `close` rejects
 *   pending waits with IngestionQueueClosedError.
 * - `pending` counts the jobs in flight on this node (0 without `processJobs`), not the backlog
 *   (that is `workQueue.pending()`).
 * - `close()` stops the workers, waiting up to `shutdownTimeoutMs` and nak'ing what is unfinished
 *   so another node takes it at once; the work queue and the event bus stay the caller's.
 *
 * Per delivery the worker asks `refFor(documentId)` with `delivery {attempt, maxAttempts}`: a result
 * with `retry` is redelivered (queue backoff); any other result is acked (the actor recorded it).
 * An ask error (owner unreachable, timeout, not owner, stopped) is redelivered, except on the last
 * delivery, where the job is failed with `{code: error.code ?? "internal", message}` and acked.
 * An item whose deliveries ran out with no outcome (a worker died each time) fails its job with
 * `max_deliveries`. Every failure recorded here publishes a `failed` event.
 * @throws RangeError on an unknown option or a value out of range.
 */
export function createClusterIngestionQueue(deps: ClusterIngestionQueueDeps, options: ClusterIngestionQueueOptions): IngestionQueue {
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.includes(key)) throw new RangeError(`createClusterIngestionQueue: unknown option "${key}" (allowed: ${OPTION_KEYS.join(", ")})`);
  }
  const concurrency = integer("concurrency", options.concurrency, 1);
  if (typeof options.processJobs !== "boolean") {
    throw new RangeError(`createClusterIngestionQueue: "processJobs" must be a boolean, got ${String(options.processJobs)}`);
  }
  const timeoutMs = integer("timeoutMs", options.timeoutMs ?? DEFAULT_INGEST_TIMEOUT_MS, 1);
  const shutdownTimeoutMs = integer("shutdownTimeoutMs", options.shutdownTimeoutMs ?? DEFAULT_QUEUE_SHUTDOWN_TIMEOUT_MS, 0);
  const orphanAgeMs = integer("orphanAgeMs", options.orphanAgeMs ?? DEFAULT_ORPHAN_AGE_MS, 0);
  const pollIntervalMs = integer("pollIntervalMs", options.pollIntervalMs ?? DEFAULT_WHEN_DONE_POLL_MS, 1);
  const { workQueue, jobs, events, clock } = deps;
  const logger = deps.logger.child({ component: "cluster-ingestion-queue" });
  let closed = false;

  /** Fails a non-terminal job and publishes the failed event; false when it was already terminal. */
  const failJob = async (job: Pick<IngestDocument, "jobId" | "userId" | "documentId">, error: { code: string; message: string }) => {
    const row = await jobs.fail(job.jobId, error);
    if (!row) return false;
    events.publish({ jobId: job.jobId, userId: job.userId, documentId: job.documentId, status: "failed", pct: row.progressPct, error, at: clock.now() });
    return true;
  };

  const handler: WorkHandler<IngestDocument> = async (item) => {
    const data = item.data;
    if (typeof data?.jobId !== "string" || typeof data.userId !== "string" || typeof data.documentId !== "string") {
      logger.error({ itemId: item.id }, "malformed ingestion item; dropping it");
      return { kind: "term", reason: "malformed ingestion item" };
    }
    const log = logger.child({ jobId: data.jobId, delivery: item.deliveryCount, maxDeliveries: item.maxDeliveries });
    const msg: IngestDocument = { ...data, delivery: { attempt: item.deliveryCount, maxAttempts: item.maxDeliveries } };
    try {
      const result = await deps.refFor(data.documentId).ask(msg, { timeoutMs });
      if (result.retry) return { kind: "retry", reason: `${result.retry.code}: ${result.retry.message}` };
      return { kind: "ack" };
    } catch (raw) {
      const code = typeof (raw as { code?: unknown })?.code === "string" ? (raw as { code: string }).code : "internal";
      const message = raw instanceof Error ? raw.message : String(raw);
      if (item.deliveryCount < item.maxDeliveries) {
        log.warn({ code, err: message }, "ingestion delivery failed; it will be delivered again");
        return { kind: "retry", reason: `${code}: ${message}` };
      }
      log.error({ code, err: message }, "ingestion delivery failed on the last delivery; failing the job");
      await failJob(data, { code, message });
      return { kind: "ack" };
    }
  };

  let workers: Workers | undefined;
  let stopExhausted: (() => void) | undefined;
  if (options.processJobs) {
    workers = workQueue.process(handler, { concurrency });
    stopExhausted = workQueue.onExhausted(async (item) => {
      const failed = await failJob(item.data, {
        code: "max_deliveries",
        message: `ingestion gave up after ${item.deliveries} deliveries (a worker stopped mid-job each time)`,
      });
      if (failed) logger.error({ jobId: item.data.jobId, deliveries: item.deliveries }, "ingestion job exhausted its deliveries");
    });
  }

  const waiters = createWaiters({ jobs, documents: deps.documents, events, logger, pollIntervalMs });

  return {
    async enqueue(job) {
      if (closed) throw new IngestionQueueClosedError();
      const { delivery: _delivery, ...data } = job;
      try {
        await workQueue.enqueue(job.jobId, data);
      } catch (cause) {
        throw new QueueUnavailableError(job.jobId, { cause });
      }
    },
    async requeueUnfinished() {
      if (closed) throw new IngestionQueueClosedError();
      const orphans = await jobs.listOrphans(orphanAgeMs);
      for (const row of orphans) await this.enqueue({ type: "ingest", v: 1, jobId: row.id, userId: row.userId, documentId: row.documentId });
      if (orphans.length > 0) logger.info({ requeued: orphans.length, orphanAgeMs }, "re-queued jobs that never reached the queue");
      return orphans.length;
    },
    whenDone: (jobId) => (closed ? Promise.reject(new IngestionQueueClosedError()) : waiters.wait(jobId)),
    get pending() {
      return workers?.inflight ?? 0;
    },
    async close() {
      if (closed) return;
      closed = true;
      stopExhausted?.();
      waiters.close();
      if (workers) {
        const stopped = await workers.stop({ timeoutMs: shutdownTimeoutMs });
        logger.info(stopped, "ingestion workers stopped");
      }
    },
  };
}

/** `whenDone` bookkeeping: one event subscription for all waiters, plus a poll per waiter. */
function createWaiters(deps: {
  jobs: JobRepository;
  documents: Pick<Repositories["documents"], "get">;
  events: JobEventBus;
  logger: Logger;
  pollIntervalMs: number;
}) {
  interface Waiter {
    readonly check: () => void;
    readonly reject: (error: unknown) => void;
  }
  const waiting = new Map<string, Set<Waiter>>();
  let unsubscribe: (() => void) | undefined;

  const toResult = async (job: JobRow): Promise<IngestResult> => {
    const doc = job.status === "complete" ? await deps.documents.get(job.userId, job.documentId) : undefined;
    return {
      jobId: job.id,
      status: job.status,
      chunks: doc?.chunkCount ?? 0,
      pages: doc?.pages ?? 0,
      durationMs: job.updatedAt.getTime() - job.createdAt.getTime(),
      ...(job.nodeId ? { nodeId: job.nodeId } : {}),
    };
  };

  return {
    wait(jobId: string): Promise<IngestResult> {
      unsubscribe ??= deps.events.subscribe((event) => {
        if (TERMINAL_JOB_STATUSES.includes(event.status)) for (const w of waiting.get(event.jobId) ?? []) w.check();
      });
      return new Promise<IngestResult>((resolve, reject) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        let checking = false;
        let again = false;
        let done = false;
        const finish = () => {
          done = true;
          clearTimeout(timer);
          const set = waiting.get(jobId);
          set?.delete(waiter);
          if (set?.size === 0) waiting.delete(jobId);
        };
        const check = () => {
          if (done) return;
          if (checking) return void (again = true);
          checking = true;
          again = false;
          clearTimeout(timer);
          deps.jobs
            .findById(jobId)
            .then(async (job) => {
              if (done) return;
              // A job that no longer exists had its document deleted: it ends as failed, as the actor reports it.
              if (!job) return void (finish(), resolve({ jobId, status: "failed", chunks: 0, pages: 0, durationMs: 0 }));
              if (TERMINAL_JOB_STATUSES.includes(job.status)) {
                const result = await toResult(job);
                if (!done) finish(), resolve(result);
              }
            })
            .catch((error: unknown) => deps.logger.debug({ jobId, err: String(error) }, "whenDone poll failed; polling again"))
            .finally(() => {
              checking = false;
              if (!done) timer = setTimeout(check, again ? 0 : deps.pollIntervalMs);
            });
        };
        const waiter: Waiter = { check, reject: (error) => (finish(), reject(error)) };
        let set = waiting.get(jobId);
        if (!set) waiting.set(jobId, (set = new Set()));
        set.add(waiter);
        check();
      });
    },
    close() {
      unsubscribe?.();
      unsubscribe = undefined;
      for (const set of [...waiting.values()]) for (const w of [...set]) w.reject(new IngestionQueueClosedError());
      waiting.clear();
    },
  };
}
