/**
 * The ingestion workers: a pool of Bun Workers that prepare documents (parse → chunk → embed,
 * see prepare.ts) off the event loop, under {@link IngestionLimits} and a wall-time budget.
 * Failures come back as {@link IngestionError}s the ingestion actor records or retries.
 */
import { workerModuleUrl } from "../../../db/index.ts";
import { availableParallelism } from "node:os";
import type { PositionedPage } from "../../../rag/documents/index.ts";
import type { PageText } from "../../../rag/types.ts";
import type { Logger } from "../../../runtime/index.ts";
import { createWorkerPool, WorkerPoolError, WorkerTaskError, type WorkerPoolStats } from "../../../runtime/worker-pool/index.ts";
import { IngestionError } from "../errors.ts";
import { DEFAULT_PARSE_TIMEOUT_MS, resolveLimits, type IngestionLimits } from "./limits.ts";
import type { PreparedDocument, PrepareEvent, ReaderSpec } from "./prepare.ts";
import type { PrepareTask, WorkerEvent } from "./protocol.ts";

/** Default idle lifetime of an ingestion worker, milliseconds: an idle server gives their memory back. */
export const DEFAULT_INGEST_WORKER_IDLE_MS = 30_000;

/** Default number of ingestion workers (`INGEST_WORKERS`): the cores minus one for the HTTP event loop, at least 1. */
export function defaultIngestWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** Prepares one document; rejects with an {@link IngestionError}. */
export type DocumentPreparer = (
  bytes: Uint8Array,
  options: {
    readonly filename?: string;
    readonly onEvent?: (event: PrepareEvent) => void;
    /** A PDF without any text layer yields its pages empty (for OCR) instead of failing with `no_text`. */
    readonly keepEmptyPages?: boolean;
    /** A second pass after OCR: the text as it now stands (no read), and the OCR'd pages' positions. */
    readonly text?: { readonly pages: readonly PageText[]; readonly parser: string };
    readonly positioned?: ReadonlyMap<number, PositionedPage>;
  },
) => Promise<PreparedDocument>;

/** Options of {@link createIngestionWorkers}. */
export interface IngestionWorkersOptions {
  /** Workers, integer ≥ 1. Default {@link defaultIngestWorkers}. */
  readonly size?: number;
  /** Wall-time budget of one document, milliseconds. Default {@link DEFAULT_PARSE_TIMEOUT_MS}. */
  readonly parseTimeoutMs?: number;
  /** Default {@link DEFAULT_INGEST_WORKER_IDLE_MS}; 0 keeps workers alive. */
  readonly idleTimeoutMs?: number;
  readonly limits?: Partial<IngestionLimits>;
  /** Which reader workers build. Default: the local reader. */
  readonly reader?: ReaderSpec;
  /** Embed in the workers with the default hashed embedder (true only when it is the configured embedder). Default false. */
  readonly embedHashed?: boolean;
}

/** A running set of ingestion workers. */
export interface IngestionWorkers {
  readonly prepare: DocumentPreparer;
  readonly limits: IngestionLimits;
  stats(): WorkerPoolStats;
  /** Terminates the workers running a document, as a crash would (their jobs are retried). For tests and operators. */
  killBusy(): number;
  close(): Promise<void>;
}

/**
 * Starts (lazily) the ingestion worker pool.
 * @throws RangeError on an invalid size, timeout or limit
 */
export function createIngestionWorkers(deps: { logger: Logger }, options: IngestionWorkersOptions = {}): IngestionWorkers {
  const limits = resolveLimits(options.limits);
  const parseTimeoutMs = options.parseTimeoutMs ?? DEFAULT_PARSE_TIMEOUT_MS;
  const log = deps.logger.child({ component: "ingestion-workers" });
  const pool = createWorkerPool<PrepareTask, PreparedDocument, WorkerEvent>(
    { logger: deps.logger },
    {
      url: workerModuleUrl(new URL("./parse-worker.ts", import.meta.url), "actors/ingestion/workers/parse-worker.ts"),
      size: options.size ?? defaultIngestWorkers(),
      taskTimeoutMs: parseTimeoutMs,
      idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_INGEST_WORKER_IDLE_MS,
    },
  );
  const reader = options.reader ?? {};
  const embed = options.embedHashed ? "hashed" : "none";

  const prepare: DocumentPreparer = async (bytes, o) => {
    // A private copy whose buffer moves to the worker (the caller's bytes stay usable).
    const copy = bytes.slice();
    try {
      return await pool.run(
        {
          bytes: copy,
          filename: o.filename,
          reader,
          embed,
          limits,
          keepEmptyPages: o.keepEmptyPages ?? false,
          ...(o.text ? { text: { pages: [...o.text.pages], parser: o.text.parser } } : {}),
          ...(o.positioned ? { positioned: new Map(o.positioned) } : {}),
        },
        {
          transfer: [copy.buffer],
          onEvent: (e) => {
            if (e.kind === "progress") o.onEvent?.(e.event);
            else log[e.level](e.obj, e.msg);
          },
        },
      );
    } catch (error) {
      throw toPrepareError(error, parseTimeoutMs);
    }
  };
  return { prepare, limits, stats: () => pool.stats(), killBusy: () => pool.killBusy(), close: () => pool.close() };
}

/**
 * Classifies a pool failure: the time budget → final `parse_timeout`; a worker that died →
 * retryable `worker_crashed`; a closing pool → retryable `worker_pool_closed` (another process
 * takes the job); the worker's own coded error (limits, `invalid_pdf` …) as it was thrown.
 */
export function toPrepareError(error: unknown, parseTimeoutMs: number): IngestionError {
  if (error instanceof WorkerPoolError) {
    if (error.code === "worker_timeout") return new IngestionError("parse_timeout", `parsing took longer than ${parseTimeoutMs} ms (the limit)`, { cause: error });
    return new IngestionError(error.code, error.message, { retryable: error.retryable, cause: error });
  }
  if (error instanceof WorkerTaskError) {
    const code = error.code === "worker_task_failed" ? "parse_failed" : error.code;
    return new IngestionError(code, error.message, { retryable: error.retryable, cause: error });
  }
  return new IngestionError("internal", error instanceof Error ? error.message : String(error), { retryable: true, cause: error });
}
