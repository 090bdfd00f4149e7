/**
 * Telling "the database is unavailable" apart from other failures, so callers answer 503 and
 * retry instead of reporting a bug: connection failures (any driver, through drizzle's `cause`
 * wrapping) and statement timeouts.
 */
import { NavigatorError } from "../runtime/index.ts";

/**
 * Error codes meaning "the database could not be reached or dropped the connection": Node socket
 * errors, postgres.js connection errors (its docs, "Connection errors": CONNECTION_CLOSED,
 * CONNECTION_ENDED, CONNECTION_DESTROYED, CONNECT_TIMEOUT), and PostgreSQL SQLSTATEs of class 08
 * (connection exception) plus 57P01–57P03 (server shutting down / not accepting connections) and
 * 53300 (too many connections), per the PostgreSQL manual's Appendix A.
 */
export const DATABASE_UNAVAILABLE_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "57P01",
  "57P02",
  "57P03",
  "53300",
]);

/** Depth of the `cause` chain searched for a known code (drizzle wraps driver errors once). */
const MAX_CAUSE_DEPTH = 5;

/** The first error of `error`'s cause chain (itself included) whose `code` is a connection failure. */
export function connectionFailure(error: unknown): { code: string; message?: string } | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < MAX_CAUSE_DEPTH; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (DATABASE_UNAVAILABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) {
      return e as { code: string; message?: string };
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * True when `error` or an error of its `cause` chain (drizzle wraps the driver's error) is a
 * database connection failure: a code of {@link DATABASE_UNAVAILABLE_CODES} or a SQLSTATE of class 08.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return connectionFailure(error) !== undefined;
}

/**
 * True when `error` (or its cause chain) is PostgreSQL's `query_canceled` (SQLSTATE 57014), which
 * is what `statement_timeout` raises.
 */
export function isStatementTimeout(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < MAX_CAUSE_DEPTH; depth++) {
    if ((e as { code?: unknown }).code === "57014") return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * The database did not answer (down, unreachable, or slower than the statement timeout). HTTP
 * 503 with `Retry-After`; the process reconnects by itself when the database is back.
 */
export class DatabaseUnavailableError extends NavigatorError {
  readonly code = "database_unavailable";
  /** A later attempt may succeed. */
  override readonly retryable = true;
  constructor(options?: { cause?: unknown }) {
    super("the database is unavailable; retry shortly", options);
  }
}
