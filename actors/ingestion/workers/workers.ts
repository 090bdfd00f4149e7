/**
 * The ingestion workers: a pool of Bun Workers that prepare documents (parse → chunk → embed,
 * see prepare.ts) off the event loop, under {@link IngestionLimits} and a wall-time budget.
 * Failures come back as {@link IngestionError}s the ingestion actor records or retries.
 */
import { workerModuleUrl } from "../../../db/index.ts";
import { availableParallelism } from "node:os";
import type { PositionedPage } from "../../../rag/documents/index.ts";
import type { ChunkDraft, PageText } from "../../../rag/types.ts";
import type { Logger } from "../../../runtime/index.ts";
import { createWorkerPool, WorkerPoolError, WorkerTaskError, type WorkerPoolStats } from "../../../runtime/worker-pool/index.ts";
import { IngestionError } from "../errors.ts";
import { DEFAULT_PARSE_TIMEOUT_MS, resolveLimits, type IngestionLimits } from "./limits.ts";
import { SPLIT_MIN_PAGES, type PageSlice, type PreparedDocument, type PrepareEvent, type ReaderSpec } from "./prepare.ts";
import type { EmbeddedBatch, IngestionTask, IngestionTaskResult, WorkerEvent } from "./protocol.ts";

/** Default idle lifetime of an ingestion worker, milliseconds: an idle server gives their memory back. */
export const DEFAULT_INGEST_WORKER_IDLE_MS = 30_000;

/** Default number of ingestion workers (`INGEST_WORKERS`): the cores minus one for the HTTP event loop, at least 1. */
export function defaultIngestWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

/**
 * Default `INGEST_PARSE_SPLIT`: 1, one worker reads a whole document. Read by 2 workers, the
 * 232-page EOC's pages took about as long in each half (0.22 + 0.31 s vs 0.52 s in one thread,
 * warm), but through the pool the preparation cost ~0.6 s more CPU (1.6 → 2.4 s, 12 alternating
 * runs) and was no faster on the shared 2-core machine (load 6–10; /tmp measurements, issue 13).
 * Worth trying where cores are idle.
 */
export const DEFAULT_INGEST_PARSE_SPLIT = 1;

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
    /** Told each batch of drafts as soon as the worker has embedded it (in order), so it can be stored meanwhile. */
    readonly onEmbedded?: (batch: EmbeddedBatch) => void;
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
  /**
   * Workers reading one long document's pages at once, integer ≥ 1 (1: one worker reads it all).
   * The pool holds at least this many workers, whatever `size`. Not with a LlamaParse reader.
   * Default {@link DEFAULT_INGEST_PARSE_SPLIT}.
   */
  readonly parseSplit?: number;
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
  const split = options.parseSplit ?? DEFAULT_INGEST_PARSE_SPLIT;
  if (!Number.isInteger(split) || split < 1) throw new RangeError(`parseSplit must be an integer ≥ 1, got ${split}`);
  const pool = createWorkerPool<IngestionTask, IngestionTaskResult, WorkerEvent>(
    { logger: deps.logger },
    {
      url: workerModuleUrl(new URL("./parse-worker.ts", import.meta.url), "actors/ingestion/workers/parse-worker.ts"),
      size: Math.max(options.size ?? defaultIngestWorkers(), split),
      taskTimeoutMs: parseTimeoutMs,
      idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_INGEST_WORKER_IDLE_MS,
    },
  );
  const reader = options.reader ?? {};
  const embed = options.embedHashed ? "hashed" : "none";

  const logEvent = (e: WorkerEvent) => {
    if (e.kind === "log") log[e.level](e.obj, e.msg);
  };
  /** Reads slice `index` of `split` in a worker; slice 0 starts the others once it knows the page count. */
  const readSlice = (bytes: Uint8Array, index: number, keepEmptyPages: boolean, onOpened?: (pageCount: number) => void): Promise<PageSlice> => {
    const copy = bytes.slice();
    const task = { kind: "slice" as const, bytes: copy, index, of: split, limits, keepEmptyPages };
    return pool.run(task, {
      transfer: [copy.buffer],
      onEvent: (e) => (e.kind === "opened" ? onOpened?.(e.pageCount) : logEvent(e)),
    }) as Promise<PageSlice>;
  };

  const prepare: DocumentPreparer = async (bytes, o) => {
    const started = performance.now();
    try {
      // A long document's pages are read by `split` workers at once, then joined, structured,
      // chunked and embedded by one (whose time budget is what the reads left of PARSE_TIMEOUT_MS).
      let slices: PageSlice[] | undefined;
      if (split > 1 && !o.text && !reader.llamaCloud) {
        const keep = o.keepEmptyPages ?? false;
        const others: Promise<PageSlice>[] = [];
        const first = await readSlice(bytes, 0, keep, (pageCount) => {
          if (pageCount < SPLIT_MIN_PAGES) return;
          for (let i = 1; i < split; i++) {
            const p = readSlice(bytes, i, keep);
            p.catch(() => {}); // awaited below; a failure while slice 0 still runs is not unhandled meanwhile
            others.push(p);
          }
        });
        slices = [first, ...(await Promise.all(others))];
      }
      const remaining = Math.ceil(parseTimeoutMs - (performance.now() - started));
      if (remaining < 1) throw new IngestionError("parse_timeout", `parsing took longer than ${parseTimeoutMs} ms (the limit)`);
      // A private copy whose buffer moves to the worker (the caller's bytes stay usable).
      const copy = bytes.slice();
      const streamEmbedded = o.onEmbedded !== undefined && embed === "hashed";
      const drafts: ChunkDraft[] = [];
      const vectors: Float32Array[] = [];
      const prepared = (await pool.run(
        {
          bytes: copy,
          filename: o.filename,
          reader,
          embed,
          limits,
          keepEmptyPages: o.keepEmptyPages ?? false,
          ...(o.text ? { text: { pages: [...o.text.pages], parser: o.text.parser } } : {}),
          ...(o.positioned ? { positioned: new Map(o.positioned) } : {}),
          ...(slices ? { slices } : {}),
          ...(streamEmbedded ? { streamEmbedded } : {}),
        },
        {
          transfer: [copy.buffer],
          ...(slices ? { timeoutMs: remaining } : {}),
          onEvent: (e) => {
            if (e.kind === "progress") o.onEvent?.(e.event);
            else if (e.kind === "embedded") {
              if (e.from === drafts.length) {
                drafts.push(...e.drafts);
                vectors.push(...e.vectors);
              }
              o.onEmbedded?.(e);
            } else logEvent(e);
          },
        },
      )) as PreparedDocument & { streamedDrafts?: number };
      // Streamed drafts and vectors came with the events (before the result, on the same port): joined in order.
      const { streamedDrafts, ...rest } = prepared;
      if (streamedDrafts === undefined) return prepared;
      if (drafts.length !== streamedDrafts) throw new IngestionError("internal", `the worker streamed ${drafts.length} of ${streamedDrafts} chunks`, { retryable: true });
      return { ...rest, drafts, vectors };
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
  if (error instanceof IngestionError) return error;
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
