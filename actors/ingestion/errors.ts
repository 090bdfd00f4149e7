/** Named errors of document submission and ingestion. */
import { NavigatorError, type NavigatorErrorOptions } from "../../runtime/index.ts";
import { connectionFailure } from "../../db/availability.ts";

export { DATABASE_UNAVAILABLE_CODES, isDatabaseUnavailable } from "../../db/availability.ts";

/** The upload is not a PDF (judged by its bytes, not its name). HTTP 415. */
export class UnsupportedMediaTypeError extends NavigatorError {
  readonly code = "unsupported_media_type";
  constructor(readonly detected: string, options?: { cause?: unknown }) {
    super(`only PDF documents are accepted; this file looks like ${detected}`, options);
  }
}

/** The upload is larger than the limit. HTTP 413. */
export class PayloadTooLargeError extends NavigatorError {
  readonly code = "payload_too_large";
  constructor(readonly bytes: number, readonly limitBytes: number) {
    super(`the file is ${bytes} bytes; the limit is ${limitBytes} bytes`);
  }
}

/** The upload has no bytes. HTTP 422. */
export class EmptyFileError extends NavigatorError {
  readonly code = "empty_file";
  constructor() {
    super("the file is empty");
  }
}

/** An ingestion step failed; `retryable` says whether another attempt may succeed. */
export class IngestionError extends NavigatorError {
  /**
   * @param code e.g. `embedder_unavailable`, `no_text`, `parse_failed` (also a reader's own code).
   * @param options `retryable` (default false) and `cause`.
   */
  constructor(
    readonly code: string,
    message: string,
    options: NavigatorErrorOptions = {},
  ) {
    super(message, options);
  }
}

/**
 * The durable ingestion queue (cluster: JetStream) did not accept a job: the broker is down,
 * unreachable or refused the write. Nothing was queued. HTTP 503 (retry later); the caller must
 * undo what it created for the job (the document row and stored bytes).
 */
export class QueueUnavailableError extends NavigatorError {
  readonly code = "queue_unavailable";
  /** A later attempt may succeed. */
  override readonly retryable = true;
  constructor(
    readonly jobId: string,
    options?: { cause?: unknown },
  ) {
    super(`the ingestion queue did not accept job ${jobId}; retry shortly`, options);
  }
}


/**
 * Classifies whatever an ingestion attempt threw. An {@link IngestionError} is returned as is; a
 * database connection failure becomes retryable `database_unavailable`; anything else becomes
 * retryable `internal` (an unknown failure may be transient; the attempt bound stops a real bug).
 */
export function toIngestionError(raw: unknown): IngestionError {
  if (raw instanceof IngestionError) return raw;
  const message = raw instanceof Error ? raw.message : String(raw);
  const connection = connectionFailure(raw);
  if (connection) {
    // The driver's own message ("connect ECONNREFUSED 127.0.0.1:5432"), not drizzle's "Failed query: …" with parameters.
    const detail = `${connection.code}${connection.message ? `: ${connection.message}` : ""}`;
    return new IngestionError("database_unavailable", `the database could not be reached (${detail})`, { retryable: true, cause: raw });
  }
  return new IngestionError("internal", message, { retryable: true, cause: raw });
}

/**
 * Classifies an embedder failure by its HTTP status (`status`, `statusCode` or `response.status`,
 * as the OpenAI SDK and fetch-based clients expose it): 408, 429 and 5xx, or no status at all (a
 * network error), are retryable `embedder_unavailable`; any other status (400, 401, 403, 404, 413,
 * 422 …: a request or credentials problem another attempt will not fix) is final `embedder_failed`.
 * An error's own boolean `retryable` (rag/providers' `ProviderError`, e.g. a malformed response
 * without a status) wins over the status rule.
 */
export function toEmbedderError(raw: unknown): IngestionError {
  if (raw instanceof IngestionError) return raw;
  const e = (raw ?? {}) as { status?: unknown; statusCode?: unknown; response?: { status?: unknown }; retryable?: unknown };
  const status = [e.status, e.statusCode, e.response?.status].find((s): s is number => typeof s === "number");
  const message = raw instanceof Error ? raw.message : String(raw);
  const retryable = typeof e.retryable === "boolean" ? e.retryable : status === undefined || status === 408 || status === 429 || status >= 500;
  const code = retryable ? "embedder_unavailable" : "embedder_failed";
  return new IngestionError(code, `embedding failed${status === undefined ? "" : ` (HTTP ${status})`}: ${message}`, { retryable, cause: raw });
}

/** The ingestion queue was closed: nothing more is accepted, and waits for jobs are abandoned. */
export class IngestionQueueClosedError extends NavigatorError {
  readonly code = "queue_closed";
  constructor(options?: { cause?: unknown }) {
    super("the ingestion queue is closed", options);
  }
}
