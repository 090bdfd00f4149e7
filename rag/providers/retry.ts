/**
 * The retry policy of provider calls (OpenAI embeddings and chat): exponential backoff with full
 * jitter, honouring the server's `Retry-After` / `retry-after-ms`, for 429, 5xx and connection
 * failures only.
 *
 * Why our own and not the `openai` package's `maxRetries`: one mechanism, tested here against a
 * local server, the same for every provider call; each retry is observable (`onRetry`, logged by
 * the caller) and the final failure says how many attempts were made and why. The clients are
 * therefore built with `maxRetries: 0` (see openai-client.ts).
 */
import { NavigatorError } from "../../runtime/index.ts";

/** First backoff step, milliseconds (the `openai` package's own initial retry delay: 0.5 s). */
export const DEFAULT_RETRY_BASE_DELAY_MS = 500;
/** Largest backoff step, milliseconds (the `openai` package's own cap: 8 s). */
export const DEFAULT_RETRY_MAX_DELAY_MS = 8_000;
/**
 * Longest `Retry-After` honoured, milliseconds. A server asking for more gets no further attempt
 * from this call: the failure goes back to the caller (the ingestion queue retries later), rather
 * than holding a job or a chat turn for minutes. 60 s is also where the `openai` package stops
 * honouring the header.
 */
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;
/** Attempts in all (first + retries) when not configured: 1 + `DEFAULT_OPENAI_MAX_RETRIES` (3). */
export const DEFAULT_RETRY_MAX_ATTEMPTS = 4;

/** Options of {@link withRetry}, validated by {@link resolveRetryOptions}. */
export interface RetryOptions {
  /** Attempts in all, integer 1..20. Default {@link DEFAULT_RETRY_MAX_ATTEMPTS}. */
  readonly maxAttempts?: number;
  /** Backoff before retry k is uniform in [0, min(maxDelayMs, baseDelayMs·2^(k-1))] ms. Default {@link DEFAULT_RETRY_BASE_DELAY_MS}. */
  readonly baseDelayMs?: number;
  /** Cap of one backoff step, ms. Default {@link DEFAULT_RETRY_MAX_DELAY_MS}. */
  readonly maxDelayMs?: number;
  /** Longest server-requested wait honoured, ms. Default {@link DEFAULT_MAX_RETRY_AFTER_MS}. */
  readonly maxRetryAfterMs?: number;
}

/** What one retry is about to do (for logs). */
export interface RetryNotice {
  /** The attempt that failed, 1-based. */
  readonly attempt: number;
  /** Wait before the next attempt, ms. */
  readonly delayMs: number;
  /** HTTP status of the failure; undefined for a connection failure or timeout. */
  readonly status?: number;
  /** True when the wait is the server's `Retry-After`, not backoff. */
  readonly serverAsked: boolean;
  readonly message: string;
}

/** Injectable effects of {@link withRetry} (tests pass fakes). */
export interface RetryDeps {
  /** Resolves after `ms`; rejects with `signal.reason` when it aborts. Default: a timer. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Uniform in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /** Epoch ms (for HTTP-date `Retry-After`). Default `Date.now`. */
  readonly now?: () => number;
  /** Called before each wait. */
  readonly onRetry?: (notice: RetryNotice) => void;
}

/** How a failure is judged. */
export interface FailureInfo {
  readonly retryable: boolean;
  readonly status?: number;
  /** The server's requested wait, ms, when it sent one. */
  readonly retryAfterMs?: number;
  /** The error's own message. */
  readonly message: string;
}

/** The last failure of {@link withRetry}: out of attempts, not retryable, or asked to wait too long. */
export class RetryError extends NavigatorError {
  readonly code = "retry_failed";
  constructor(
    /** Attempts made, ≥ 1. */
    readonly attempts: number,
    /** The last failure's judgement: `retryable` false means another attempt would not help. */
    readonly failure: FailureInfo,
    message: string,
    options: { cause: unknown },
  ) {
    super(message, { cause: options.cause, retryable: failure.retryable });
  }
}

/**
 * Validates retry options once and fills defaults.
 * @throws RangeError on out-of-range values
 */
export function resolveRetryOptions(o: RetryOptions = {}): Required<RetryOptions> {
  const r = {
    maxAttempts: o.maxAttempts ?? DEFAULT_RETRY_MAX_ATTEMPTS,
    baseDelayMs: o.baseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS,
    maxDelayMs: o.maxDelayMs ?? DEFAULT_RETRY_MAX_DELAY_MS,
    maxRetryAfterMs: o.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS,
  };
  if (!Number.isInteger(r.maxAttempts) || r.maxAttempts < 1 || r.maxAttempts > 20) throw new RangeError(`maxAttempts must be an integer in 1..20, got ${r.maxAttempts}`);
  for (const k of ["baseDelayMs", "maxDelayMs", "maxRetryAfterMs"] as const)
    if (!(Number.isFinite(r[k]) && r[k] >= 0)) throw new RangeError(`${k} must be a finite number ≥ 0, got ${r[k]}`);
  return r;
}

/**
 * The server's requested wait, in ms: `retry-after-ms` (milliseconds, non-standard, sent by
 * OpenAI), else `Retry-After` as delay-seconds or an HTTP-date (RFC 9110 §10.2.3). A date in the
 * past gives 0. Undefined when neither header is present or parsable.
 * @param headers a `Headers` or a plain record (names are matched case-insensitively)
 */
export function retryAfterMs(headers: unknown, nowMs: number = Date.now()): number | undefined {
  const get = headerGetter(headers);
  const ms = get("retry-after-ms")?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Number(ms);
  const value = get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  // An HTTP-date names its day and month ("Wed, 21 Oct 2015 07:28:00 GMT"); "-1" is no date.
  const date = /[a-z]{3}/i.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function headerGetter(headers: unknown): (name: string) => string | undefined {
  if (headers && typeof (headers as Headers).get === "function") return (n) => (headers as Headers).get(n) ?? undefined;
  if (headers && typeof headers === "object") {
    const entries = Object.entries(headers as Record<string, unknown>);
    return (n) => {
      const hit = entries.find(([k]) => k.toLowerCase() === n);
      return hit === undefined ? undefined : String(hit[1]);
    };
  }
  return () => undefined;
}

/**
 * Judges a thrown error: HTTP 429 and 5xx (from `status`, as the `openai` package's `APIError`
 * carries it) and failures without a status (connection refused or reset, timeouts) are
 * retryable; any other status (400, 401, 403, 404, 422 …) is not, nor is an abort.
 */
export function describeFailure(error: unknown, nowMs: number = Date.now()): FailureInfo {
  const e = (error ?? {}) as { status?: unknown; headers?: unknown; name?: unknown };
  const message = error instanceof Error ? error.message : String(error);
  const name = typeof e.name === "string" ? e.name : "";
  if (name === "AbortError" || name === "APIUserAbortError") return { retryable: false, message };
  const status = typeof e.status === "number" ? e.status : undefined;
  const retryable = status === undefined || status === 429 || status >= 500;
  const after = retryAfterMs(e.headers, nowMs);
  return { retryable, message, ...(status === undefined ? {} : { status }), ...(after === undefined ? {} : { retryAfterMs: after }) };
}

/** Full-jitter backoff (AWS Architecture Blog, "Exponential Backoff And Jitter"): uniform in [0, min(cap, base·2^(attempt-1))]. */
export function backoffDelayMs(attempt: number, options: Required<RetryOptions>, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Runs `fn(attempt)` until it succeeds, the failure is not retryable, or the attempts are used up.
 * Before a retry it waits the server's `Retry-After` when given (exactly that long), else the
 * full-jitter backoff.
 * @throws RetryError with the last failure as `cause` (and `failure.retryable` false when it was
 *   not retryable, or true when attempts ran out / the server asked for more than `maxRetryAfterMs`);
 *   `signal.reason` when `signal` aborts.
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: Required<RetryOptions>,
  deps: RetryDeps = {},
  signal?: AbortSignal,
): Promise<T> {
  const sleep = deps.sleep ?? abortableSleep;
  const now = deps.now ?? Date.now;
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const failure = describeFailure(error, now());
      const why = failure.status === undefined ? failure.message : `HTTP ${failure.status}: ${stripStatus(failure.message, failure.status)}`;
      const attempts = `${attempt} attempt${attempt === 1 ? "" : "s"}`;
      if (!failure.retryable) throw new RetryError(attempt, failure, `${why} (not retried)`, { cause: error });
      if (attempt >= options.maxAttempts) throw new RetryError(attempt, failure, `${why} (gave up after ${attempts})`, { cause: error });
      if (failure.retryAfterMs !== undefined && failure.retryAfterMs > options.maxRetryAfterMs) {
        const wait = `${Math.ceil(failure.retryAfterMs / 1000)} s`;
        throw new RetryError(attempt, failure, `${why} (the server asked to wait ${wait}, more than ${options.maxRetryAfterMs / 1000} s; gave up after ${attempts})`, { cause: error });
      }
      const serverAsked = failure.retryAfterMs !== undefined;
      const delayMs = serverAsked ? failure.retryAfterMs! : backoffDelayMs(attempt, options, deps.random);
      deps.onRetry?.({ attempt, delayMs, serverAsked, message: failure.message, ...(failure.status === undefined ? {} : { status: failure.status }) });
      await sleep(delayMs, signal);
    }
  }
}

/** `APIError` messages start with the status ("429 Rate limit…"); drop it to avoid "HTTP 429: 429 …". */
function stripStatus(message: string, status: number): string {
  return message.startsWith(`${status} `) ? message.slice(String(status).length + 1) : message;
}

/** `setTimeout` as a promise that rejects with `signal.reason` on abort. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
