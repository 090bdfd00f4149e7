/**
 * The Ingestion actor, kind {@link INGESTION_ACTOR_KIND}, one per document id: runs an
 * {@link IngestDocument} job with retries for retryable failures, and records the outcome on the
 * job (`complete`, or `failed` with `last_error {code, message}`). It never throws for a failed
 * document — a bad PDF is an outcome, not a crash — so supervision only sees real bugs.
 */
import type { ActorBehavior } from "../../runtime/index.ts";
import { UnsupportedMessageError, type IngestDocument, type IngestResult } from "../messages.ts";
import { IngestionError } from "./errors.ts";
import { runIngestion, type IngestionDeps } from "./pipeline.ts";

/** Actor kind of ingestion actors. */
export const INGESTION_ACTOR_KIND = "ingestion";
/** Attempts of one job before it is marked failed (retryable errors only). */
export const DEFAULT_MAX_INGEST_ATTEMPTS = 3;
/** Delay before the second attempt, milliseconds; doubles per attempt. */
export const DEFAULT_INGEST_RETRY_BACKOFF_MS = 500;

/** Options of {@link createIngestionBehavior}. */
export interface IngestionActorOptions {
  readonly maxAttempts?: number;
  readonly retryBackoffMs?: number;
}

/** Builds the ingestion actor's behaviour over `deps`. */
export function createIngestionBehavior(
  deps: IngestionDeps,
  options: IngestionActorOptions = {},
): ActorBehavior<IngestDocument, IngestResult, null> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_INGEST_ATTEMPTS;
  const backoffMs = options.retryBackoffMs ?? DEFAULT_INGEST_RETRY_BACKOFF_MS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError(`maxAttempts must be ≥ 1, got ${maxAttempts}`);
  if (!(backoffMs >= 0)) throw new RangeError(`retryBackoffMs must be ≥ 0, got ${backoffMs}`);

  return {
    init: () => null,
    async receive(_state, msg) {
      if (msg?.type !== "ingest" || msg.v !== 1) throw new UnsupportedMessageError(msg?.type, msg?.v);
      for (let attempt = 1; ; attempt++) {
        try {
          return await runIngestion(deps, msg);
        } catch (raw) {
          const error =
            raw instanceof IngestionError
              ? raw
              : new IngestionError("internal", raw instanceof Error ? raw.message : String(raw), true, { cause: raw });
          if (error.code === "job_gone" || error.code === "document_deleted") {
            // Nothing to do: report the job as it stands (a redelivered complete job stays complete).
            const job = await deps.repos.jobs.get(msg.userId, msg.jobId);
            const doc = job?.status === "complete" ? await deps.repos.documents.get(msg.userId, msg.documentId) : undefined;
            return { jobId: msg.jobId, status: job?.status ?? "failed", chunks: doc?.chunkCount ?? 0, pages: doc?.pages ?? 0, durationMs: 0 };
          }
          const log = deps.logger.child({ jobId: msg.jobId, attempt });
          if (error.retryable && attempt < maxAttempts) {
            log.warn({ code: error.code, err: error.message }, "ingestion attempt failed; retrying");
            await Bun.sleep(backoffMs * 2 ** (attempt - 1));
            continue;
          }
          log.warn({ code: error.code, err: error.message }, "ingestion failed");
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
          return { jobId: msg.jobId, status: "failed", chunks: 0, pages: 0, durationMs: 0 };
        }
      }
    },
  };
}
