/**
 * The Ingestion actor, kind {@link INGESTION_ACTOR_KIND}, one per document id: runs an
 * {@link IngestDocument} job and records the outcome on the job (`complete`, or `failed` with
 * `last_error {code, message}`). It never throws for a failed document — a bad PDF is an outcome,
 * not a crash — so supervision only sees real bugs.
 *
 * Two retry modes:
 * - embedded (no `msg.delivery`): the actor retries retryable failures itself, up to `maxAttempts`
 *   with exponential backoff, then fails the job;
 * - durable queue (`msg.delivery` set, cluster/JetStream): exactly one attempt; a retryable failure
 *   before the last delivery is returned as `retry` (the job is left as it is, the queue delivers
 *   it again; the result's `status` is the job's as read after the failure, `queued` when that
 *   read fails too); a final failure, or any failure on the last delivery, fails the job.
 */
import type { ActorBehavior, ActorContext } from "../../runtime/index.ts";
import { withSpan } from "../../runtime/tracing/index.ts";
import { UnsupportedMessageError, type IngestDocument, type IngestResult } from "../messages.ts";
import { toIngestionError, type IngestionError } from "./errors.ts";
import { runIngestion, type IngestionDeps } from "./pipeline.ts";

/** Actor kind of ingestion actors. */
export const INGESTION_ACTOR_KIND = "ingestion";
/** Attempts of one job before it is marked failed (retryable errors only; embedded mode). */
export const DEFAULT_MAX_INGEST_ATTEMPTS = 3;
/** Delay before the second attempt, milliseconds; doubles per attempt (embedded mode). */
export const DEFAULT_INGEST_ATTEMPT_BACKOFF_MS = 500;

/** Options of {@link createIngestionBehavior}. Both apply to the embedded mode only. */
export interface IngestionActorOptions {
  /** Attempts per job, integer ≥ 1. Default {@link DEFAULT_MAX_INGEST_ATTEMPTS}. */
  readonly maxAttempts?: number;
  /** First retry delay in milliseconds (≥ 0), doubling per attempt. Default {@link DEFAULT_INGEST_ATTEMPT_BACKOFF_MS}. */
  readonly retryBackoffMs?: number;
}

/**
 * Builds the ingestion actor's behaviour over `deps`. Every result carries `nodeId` (the node that
 * ran the attempt). Each attempt runs in a span `ingestion.attempt` (child of the caller's trace
 * when the runtime propagates one), whose trace id is recorded on the job.
 * @throws RangeError when `maxAttempts` is not an integer ≥ 1 or `retryBackoffMs` is negative.
 */
export function createIngestionBehavior(
  deps: IngestionDeps,
  options: IngestionActorOptions = {},
): ActorBehavior<IngestDocument, IngestResult, null> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_INGEST_ATTEMPTS;
  const backoffMs = options.retryBackoffMs ?? DEFAULT_INGEST_ATTEMPT_BACKOFF_MS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError(`maxAttempts must be ≥ 1, got ${maxAttempts}`);
  if (!(backoffMs >= 0)) throw new RangeError(`retryBackoffMs must be ≥ 0, got ${backoffMs}`);

  /** The job and document as they stand (a redelivered complete job reports its chunks). */
  const report = async (msg: IngestDocument, ctx: ActorContext, durationMs: number): Promise<IngestResult> => {
    const job = await deps.repos.jobs.get(msg.userId, msg.jobId);
    const doc = job?.status === "complete" ? await deps.repos.documents.get(msg.userId, msg.documentId) : undefined;
    return { jobId: msg.jobId, status: job?.status ?? "failed", chunks: doc?.chunkCount ?? 0, pages: doc?.pages ?? 0, durationMs, nodeId: ctx.nodeId };
  };

  /** Marks the job failed and publishes the failed event. */
  const fail = async (msg: IngestDocument, ctx: ActorContext, error: IngestionError, durationMs: number): Promise<IngestResult> => {
    const lastError = { code: error.code, message: error.message };
    const row = await deps.repos.jobs.fail(msg.jobId, lastError);
    deps.events.publish({
      jobId: msg.jobId,
      userId: msg.userId,
      documentId: msg.documentId,
      status: "failed",
      pct: row?.progressPct ?? 0,
      error: lastError,
      at: deps.clock.now(),
    });
    return { jobId: msg.jobId, status: "failed", chunks: 0, pages: 0, durationMs, nodeId: ctx.nodeId };
  };

  const attemptOnce = (msg: IngestDocument, ctx: ActorContext, attempt: number) =>
    withSpan("ingestion.attempt", { "navigator.job_id": msg.jobId, "navigator.document_id": msg.documentId, "navigator.attempt": attempt }, () =>
      runIngestion(deps, msg, ctx),
    );

  return {
    init: () => null,
    async receive(_state, msg, ctx) {
      if (msg?.type !== "ingest" || msg.v !== 1) throw new UnsupportedMessageError(msg?.type, msg?.v);
      const started = deps.clock.now();
      const elapsed = () => deps.clock.now() - started;
      const delivery = msg.delivery;
      const observer = deps.observer;
      if (delivery && delivery.attempt > 1) observer?.redelivery?.();
      for (let attempt = 1; ; attempt++) {
        const number = delivery?.attempt ?? attempt;
        try {
          const result = await attemptOnce(msg, ctx, number);
          observer?.job?.("complete");
          return result;
        } catch (raw) {
          const error = toIngestionError(raw);
          // Nothing to do: report the job as it stands (a redelivered complete job stays complete).
          if (error.code === "job_gone" || error.code === "document_deleted") return report(msg, ctx, elapsed());
          const log = deps.logger.child({ jobId: msg.jobId, attempt: number });
          if (error.retryable && !delivery && attempt < maxAttempts) {
            log.warn({ code: error.code, err: error.message }, "ingestion attempt failed; retrying");
            observer?.retry?.();
            await Bun.sleep(backoffMs * 2 ** (attempt - 1));
            continue;
          }
          if (error.retryable && delivery && delivery.attempt < delivery.maxAttempts) {
            log.warn({ code: error.code, err: error.message, maxAttempts: delivery.maxAttempts }, "ingestion attempt failed; the queue will deliver it again");
            observer?.job?.("retry", error.code);
            // Best effort: the failure may be the database itself.
            const job = await deps.repos.jobs.get(msg.userId, msg.jobId).catch(() => undefined);
            return {
              jobId: msg.jobId,
              status: job?.status ?? "queued",
              chunks: 0,
              pages: 0,
              durationMs: elapsed(),
              retry: { code: error.code, message: error.message },
              nodeId: ctx.nodeId,
            };
          }
          log.warn({ code: error.code, err: error.message }, "ingestion failed");
          observer?.job?.("failed", error.code);
          return fail(msg, ctx, error, elapsed());
        }
      }
    },
  };
}
