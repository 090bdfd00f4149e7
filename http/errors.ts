/**
 * HTTP-layer errors and the single table that turns any coded error into a status. `onError` in
 * app.ts is the only place that builds an error response: JSON `{code, message}` (+ fields).
 */
import { DatabaseUnavailableError, isDatabaseUnavailable, isStatementTimeout } from "../db/index.ts";

/** Missing, malformed, tampered or expired bearer token. HTTP 401. */
export class AuthenticationError extends Error {
  constructor(
    readonly code: "missing_token" | "invalid_token" | "token_expired" | "invalid_credentials",
    message: string,
  ) {
    super(message);
    this.name = "AuthenticationError";
  }
}

/** Input that parses but breaks a rule (weak password, message too long…). HTTP 422 unless given. */
export class InputError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "InputError";
  }
}

/** Status of every error code the API can answer with. Unknown codes are 500. */
export const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  missing_token: 401,
  invalid_token: 401,
  token_expired: 401,
  invalid_credentials: 401,
  not_found: 404,
  route_not_found: 404,
  email_taken: 409,
  duplicate: 409,
  payload_too_large: 413,
  message_too_long: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  weak_password: 422,
  invalid_email: 422,
  empty_file: 422,
  invalid_pdf: 422,
  malformed_json: 400,
  bad_request: 400,
  mailbox_full: 429,
  ask_timeout: 503,
  dead_letter: 503,
  system_stopped: 503,
  overloaded: 503,
  node_unreachable: 503,
  not_owner: 503,
  queue_unavailable: 503,
  database_unavailable: 503,
  unsupported_protocol: 503,
  unsupported_message: 503,
  internal: 500,
};

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
  const e = error as { code?: unknown; message?: string; documentId?: string; field?: string };
  let code = typeof e?.code === "string" && e.code in STATUS_BY_CODE ? e.code : undefined;
  let message = e?.message ?? "unexpected error";
  if (!code && (isDatabaseUnavailable(error) || isStatementTimeout(error))) {
    // A route's own query failed because the database is down or too slow: retryable, not a bug.
    const unavailable = new DatabaseUnavailableError({ cause: error });
    code = unavailable.code;
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
  const status = STATUS_BY_CODE[code] ?? 500;
  const body: ErrorBody = {
    code,
    message,
    ...(e?.documentId ? { document_id: e.documentId } : {}),
    ...(e?.field ? { field: e.field } : {}),
  };
  const headers: Record<string, string> = status === 429 || status === 503 ? { "retry-after": String(RETRY_AFTER_SECONDS) } : {};
  return { status, body, headers };
}

function validationSummary(error: unknown): string {
  const v = error as { all?: { path?: string; summary?: string; message?: string }[]; message?: string };
  const first = Array.isArray(v?.all) ? v.all[0] : undefined;
  if (first) return `${first.path ? `${first.path.replace(/^\//, "")}: ` : ""}${first.summary ?? first.message ?? "invalid value"}`;
  return "the request does not match the expected shape";
}
