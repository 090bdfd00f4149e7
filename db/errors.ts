/**
 * Named errors of the data layer. `code` is machine-readable and stable; the HTTP layer maps it to
 * a status in exactly one place.
 */
import { NavigatorError } from "../runtime/index.ts";

/**
 * Every `code` of the storage layer's errors: repositories (this file), availability
 * (availability.ts), migrations (migrate.ts, vector-index.ts) and blob stores (blob-store.ts, blob-crypto.ts;
 * a missing blob keeps the file system's `ENOENT`).
 */
export type DbErrorCode =
  | "not_found"
  | "duplicate"
  | "email_taken"
  | "database_unavailable"
  | "schema_outdated"
  | "vector_index_outdated"
  | "text_index_outdated"
  | "invalid_blob_key"
  | "blob_decryption_failed"
  | "ENOENT";

/** A row does not exist *for this user* (another user's row answers the same: never leak existence). */
export class NotFoundError extends NavigatorError {
  readonly code = "not_found";
  constructor(
    readonly entity: "user" | "document" | "job" | "conversation",
    readonly id: string,
    options?: { cause?: unknown },
  ) {
    super(`${entity} ${id} not found`, options);
  }
}

/** The same user already uploaded these exact bytes. */
export class DuplicateDocumentError extends NavigatorError {
  readonly code = "duplicate";
  constructor(
    readonly documentId: string,
    options?: { cause?: unknown },
  ) {
    super(`this file was already uploaded as document ${documentId}`, options);
  }
}

/** Registration with an email that already has an account. */
export class EmailTakenError extends NavigatorError {
  readonly code = "email_taken";
  constructor(options?: { cause?: unknown }) {
    super("an account with this email already exists", options);
  }
}

/** True when `error` is PostgreSQL's unique_violation (SQLSTATE 23505), from either driver. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if ((e as { code?: unknown }).code === "23505") return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
