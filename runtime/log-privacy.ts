/**
 * Logs that keep people's data out: pino options with redaction of credential fields, an error
 * serializer that keeps only an error's type, code, message and stack (never the driver's extra
 * fields such as `parameters`), and scrubbing of text that still carries data — the parameter
 * list drizzle appends to a failed query's message ("Failed query: … params: …", which held
 * password hashes and chat text), argon2 hashes and JWTs.
 */

/** Fields removed from every log line (pino `redact` paths; `*` is one level of nesting). */
export const REDACTED_LOG_PATHS: readonly string[] = [
  "password",
  "passwordHash",
  "password_hash",
  "token",
  "access_token",
  "authorization",
  "secret",
  "*.password",
  "*.passwordHash",
  "*.password_hash",
  "*.token",
  "*.access_token",
  "*.authorization",
  "*.secret",
  "*.headers.authorization",
  "*.headers.cookie",
  "parameters",
  "params",
  "*.parameters",
  "*.params",
];

/** What replaces a redacted value or a scrubbed part of a text. */
export const REDACTED = "[redacted]";
/** Deepest `cause` chain kept by {@link serializeErrorPrivately}. */
export const MAX_LOGGED_CAUSE_DEPTH = 4;

const FAILED_QUERY_PARAMS = /(\n|\s)params:[^\n]*/g;
const ARGON2_HASH = /\$argon2(?:id|i|d)\$[^\s"',]+/g;
const JWT = /\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]{5,}/g;

/** Removes query parameters, argon2 hashes and JWTs from `text`. */
export function scrubLogText(text: string): string {
  return text.replace(FAILED_QUERY_PARAMS, `$1params: ${REDACTED}`).replace(ARGON2_HASH, REDACTED).replace(JWT, REDACTED);
}

/**
 * An error (or a string made from one) as it may be logged: `{type, code, message, stack, cause}`
 * with every text scrubbed; other fields (e.g. postgres.js `parameters`, `query`) are dropped.
 */
export function serializeErrorPrivately(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubLogText(value);
  if (!value || typeof value !== "object") return value;
  const e = value as { name?: unknown; constructor?: { name?: string }; code?: unknown; message?: unknown; stack?: unknown; cause?: unknown };
  return {
    type: typeof e.name === "string" ? e.name : e.constructor?.name,
    ...(typeof e.code === "string" || typeof e.code === "number" ? { code: e.code } : {}),
    message: typeof e.message === "string" ? scrubLogText(e.message) : undefined,
    ...(typeof e.stack === "string" ? { stack: scrubLogText(e.stack) } : {}),
    ...(e.cause !== undefined && depth < MAX_LOGGED_CAUSE_DEPTH ? { cause: serializeErrorPrivately(e.cause, depth + 1) } : {}),
  };
}

/**
 * pino options for a private logger at `level`: pass them to `pino(options, destination)`.
 * Redacts {@link REDACTED_LOG_PATHS}, serializes `err`/`error` with
 * {@link serializeErrorPrivately}, and scrubs the message strings of every call.
 */
export function privateLoggerOptions(level: string, base: Record<string, unknown> = {}) {
  return {
    level,
    base,
    redact: { paths: [...REDACTED_LOG_PATHS], censor: REDACTED },
    serializers: { err: serializeErrorPrivately, error: serializeErrorPrivately },
    hooks: {
      logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(this, args.map((a) => (typeof a === "string" ? scrubLogText(a) : a)));
      },
    },
  };
}
