/**
 * HTTP-layer errors and the single table that turns any coded error into a status. `onError` in
 * app.ts is the only place that builds an error response: JSON `{code, message}` (+ fields).
 */
import type { ActorsErrorCode } from "../actors/errors.ts";
import { DatabaseUnavailableError, isDatabaseUnavailable, isStatementTimeout, type DbErrorCode } from "../db/index.ts";
import type { PdfErrorCode } from "../rag/pdf/index.ts";
import type { ProviderErrorCode } from "../rag/providers/index.ts";
import { NavigatorError, type RuntimeErrorCode } from "../runtime/index.ts";

/** Codes of {@link AuthenticationError}. HTTP 401. */
export type AuthErrorCode = "missing_token" | "invalid_token" | "token_expired" | "invalid_credentials";

/** Codes of {@link InputError}. */
export type InputErrorCode =
  | "validation_failed"
  | "weak_password"
  | "invalid_email"
  | "message_too_long"
  | "invalid_characters"
  | "json_too_deep"
  | "unsupported_media_type"
  | "malformed_form";

/** Codes of {@link LimitError}: rate limits (429) and quotas (413). */
export type LimitErrorCode = "rate_limited" | "upload_rate_limited" | "auth_busy" | "document_quota_exceeded" | "storage_quota_exceeded";

/** Every code the HTTP layer itself answers with (besides those of the layers below). */
export type HttpErrorCode =
  | AuthErrorCode
  | InputErrorCode
  | LimitErrorCode
  | "payload_too_large"
  | "origin_not_allowed"
  | "route_not_found"
  | "malformed_json"
  | "bad_request"
  | "internal";

/**
 * Every code an error reaching the HTTP boundary may carry: the HTTP layer's and those of the
 * layers below it. Adding a code to any of these unions without a status in
 * {@link STATUS_BY_CODE} fails `bun run typecheck`.
 */
export type ApiErrorCode =
  | HttpErrorCode
  | RuntimeErrorCode
  | DbErrorCode
  | ActorsErrorCode
  | ProviderErrorCode
  | PdfErrorCode
  | "embedding_model_mismatch"
  | "retry_failed";

/** Missing, malformed, tampered or expired bearer token. HTTP 401. */
export class AuthenticationError extends NavigatorError<AuthErrorCode> {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Input that parses but breaks a rule (weak password, message too long…). HTTP 422 unless given. */
export class InputError extends NavigatorError<InputErrorCode> {
  /** The offending field of the request body, when one is to blame. */
  readonly field?: string;
  constructor(
    readonly code: InputErrorCode,
    message: string,
    options: { readonly field?: string; readonly cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.field = options.field;
  }
}

/** A request body over its route's limit (declared or counted while streaming). HTTP 413. */
export class RequestTooLargeError extends NavigatorError<"payload_too_large"> {
  readonly code = "payload_too_large";
  constructor(
    readonly limitBytes: number,
    readonly declaredBytes?: number,
  ) {
    super(`the request body ${declaredBytes === undefined ? "is" : `is ${declaredBytes} bytes,`} over this route's limit of ${limitBytes} bytes`);
  }
}

/**
 * Too many attempts (login, registration, uploads; 429) or over a quota (documents or stored
 * bytes; 413). `retryAfterSeconds` becomes `Retry-After`.
 */
export class LimitError extends NavigatorError<LimitErrorCode> {
  constructor(
    readonly code: LimitErrorCode,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message, { retryable: retryAfterSeconds !== undefined });
  }
}

/** A browser request (preflight or WebSocket) from an origin not in `CORS_ORIGINS`. HTTP 403. */
export class OriginError extends NavigatorError<"origin_not_allowed"> {
  readonly code = "origin_not_allowed";
  constructor(readonly origin: string) {
    super(`origin ${JSON.stringify(origin.slice(0, 200))} is not allowed`);
  }
}

/**
 * Status of every error code the API can answer with. A code whose status is 500 answers as
 * `internal` with a generic message (details go to the log only), as does an unknown code.
 * Provider outages are 503 (retry later, `Retry-After`); a provider refusing the request or
 * answering nonsense is 502 (bad gateway: our upstream failed, not the client).
 */
export const STATUS_BY_CODE = {
  missing_token: 401,
  invalid_token: 401,
  token_expired: 401,
  invalid_credentials: 401,
  origin_not_allowed: 403,
  not_found: 404,
  route_not_found: 404,
  email_taken: 409,
  duplicate: 409,
  payload_too_large: 413,
  message_too_long: 413,
  document_quota_exceeded: 413,
  storage_quota_exceeded: 413,
  unsupported_media_type: 415,
  invalid_characters: 422,
  json_too_deep: 422,
  validation_failed: 422,
  weak_password: 422,
  invalid_email: 422,
  empty_file: 422,
  invalid_pdf: 422,
  malformed_json: 400,
  malformed_form: 400,
  bad_request: 400,
  mailbox_full: 429,
  rate_limited: 429,
  upload_rate_limited: 429,
  auth_busy: 429,
  ask_timeout: 503,
  dead_letter: 503,
  system_stopped: 503,
  overloaded: 503,
  node_unreachable: 503,
  counters_unavailable: 503,
  not_owner: 503,
  queue_unavailable: 503,
  queue_closed: 503,
  database_unavailable: 503,
  unsupported_protocol: 503,
  unsupported_message: 503,
  provider_unavailable: 503,
  provider_rate_limited: 503,
  retry_failed: 503,
  embedder_unavailable: 503,
  provider_rejected: 502,
  provider_invalid_response: 502,
  embedder_failed: 502,
  // Never meant for a client: answered as `internal`.
  internal: 500,
  unknown_actor_kind: 500,
  lease_bucket_mismatch: 500,
  invalid_lease_value: 500,
  lease_contention: 500,
  bad_envelope: 500,
  work_queue_closed: 500,
  work_queue_setup: 500,
  schema_outdated: 500,
  vector_index_outdated: 500,
  text_index_outdated: 500,
  invalid_blob_key: 500,
  ENOENT: 500,
  job_gone: 500,
  document_deleted: 500,
  blob_missing: 500,
  parse_failed: 500,
  no_text: 500,
  encrypted_pdf: 500,
  invalid_stream_id: 500,
  embedding_model_mismatch: 500,
  blob_decryption_failed: 500,
  // Job outcomes (`last_error`) and worker-pool failures, never an HTTP answer of their own.
  too_many_pages: 500,
  text_too_large: 500,
  too_many_chunks: 500,
  parse_timeout: 500,
  parse_memory_exceeded: 500,
  worker_crashed: 500,
  worker_pool_closed: 500,
  worker_timeout: 500,
  worker_task_failed: 500,
} as const satisfies Record<ApiErrorCode, number>;

/** True when `code` has a status in {@link STATUS_BY_CODE}. */
export function isApiErrorCode(code: unknown): code is ApiErrorCode {
  return typeof code === "string" && Object.hasOwn(STATUS_BY_CODE, code);
}

/** The JSON body of every error response. */
export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly [field: string]: unknown;
}

/** Seconds a client should wait before retrying a 429/503, sent as `Retry-After`. */
export const RETRY_AFTER_SECONDS = 1;

/**
 * Maps an error to `{status, body, headers}`. Errors carrying a known `code` keep it; Elysia's
 * own errors (validation, parse, not found) get ours; anything else is a 500 with a generic
 * message (details go to the log, never to the client).
 */
export function toErrorResponse(error: unknown, elysiaCode?: string | number): { status: number; body: ErrorBody; headers: Record<string, string> } {
  // Elysia wraps whatever a body parser throws in its ParseError: ours carry their code in `cause`.
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  if (elysiaCode === "PARSE" && isApiErrorCode(cause?.code)) {
    error = cause;
    elysiaCode = undefined;
  }
  const e = error as { code?: unknown; message?: string; documentId?: string; field?: string; retryAfterSeconds?: unknown };
  let code: ApiErrorCode | undefined = isApiErrorCode(e?.code) && STATUS_BY_CODE[e.code] !== 500 ? e.code : undefined;
  let message = e?.message ?? "unexpected error";
  if (!code && (isDatabaseUnavailable(error) || isStatementTimeout(error))) {
    // A route's own query failed because the database is down or too slow: retryable, not a bug.
    const unavailable = new DatabaseUnavailableError({ cause: error });
    code = "database_unavailable";
    message = unavailable.message;
  }
  if (!code) {
    switch (elysiaCode) {
      case "VALIDATION":
        code = "validation_failed";
        message = validationSummary(error);
        break;
      case "PARSE":
        code = "malformed_json";
        message = "the request body could not be parsed";
        break;
      case "NOT_FOUND":
        code = "route_not_found";
        message = "no such route";
        break;
      case "INVALID_FILE_TYPE":
        code = "unsupported_media_type";
        break;
      default:
        code = "internal";
        message = "internal error";
    }
  }
  const status: number = STATUS_BY_CODE[code];
  const body: ErrorBody = {
    code,
    message,
    ...(e?.documentId ? { document_id: e.documentId } : {}),
    ...(e?.field ? { field: e.field } : {}),
  };
  const retryAfter = typeof e?.retryAfterSeconds === "number" ? Math.max(1, Math.ceil(e.retryAfterSeconds)) : RETRY_AFTER_SECONDS;
  const headers: Record<string, string> =
    status === 429 || status === 503 || typeof e?.retryAfterSeconds === "number" ? { "retry-after": String(retryAfter) } : {};
  return { status, body, headers };
}

function validationSummary(error: unknown): string {
  const v = error as { all?: { path?: string; summary?: string; message?: string }[]; message?: string };
  const first = Array.isArray(v?.all) ? v.all[0] : undefined;
  if (first) return `${first.path ? `${first.path.replace(/^\//, "")}: ` : ""}${first.summary ?? first.message ?? "invalid value"}`;
  return "the request does not match the expected shape";
}
