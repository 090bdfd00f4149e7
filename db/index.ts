export { createDatabase, DEFAULT_POOL_SIZE } from "./client.ts";
export type { Database, DatabaseHandle, DatabaseOptions } from "./client.ts";
export { DuplicateDocumentError, EmailTakenError, NotFoundError, isUniqueViolation } from "./errors.ts";
export { createFileBlobStore } from "./blob-store.ts";
export type { BlobStore } from "./blob-store.ts";
export { migrate, MIGRATIONS_FOLDER } from "./migrate.ts";
export * from "./repositories/index.ts";
export { EMBEDDING_DIMENSIONS, JOB_STATUSES, schema } from "./schema.ts";
export type { JobError, JobStatus, StoredSource } from "./schema.ts";
