export { createDatabase, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_POOL_SIZE, DEFAULT_STATEMENT_TIMEOUT_MS, PGLITE_PING_FRESH_MS } from "./client.ts";
export type { Database, DatabaseHandle, DatabaseOptions } from "./client.ts";
export { DuplicateDocumentError, EmailTakenError, NotFoundError, isUniqueViolation, type DbErrorCode } from "./errors.ts";
export { BlobNotFoundError, checkBlobKey, createFileBlobStore, InvalidBlobKeyError, MAX_BLOB_KEY_BYTES } from "./blob-store.ts";
export type { BlobStore } from "./blob-store.ts";
export { BLOB_IV_BYTES, BLOB_KEY_BYTES, BlobDecryptionError, createEncryptedBlobStore, isSealed, SEALED_BLOB_MAGIC } from "./blob-crypto.ts";
export type { BlobKey } from "./blob-crypto.ts";
export { checkS3BlobStoreOptions, createS3BlobStore, InvalidS3OptionError } from "./blob-store-s3.ts";
export type { S3BlobStoreOptions } from "./blob-store-s3.ts";
export { BUNFS_ROOT, isCompiledBinary, loadableExtension, workerModuleUrl } from "./pglite-bundles.ts";
export { dumpEmbeddedDatabase, loadEmbeddedDatabase, type EmbeddedCounts } from "./embedded-backup.ts";
export { migrate, MIGRATIONS_FOLDER, pendingMigrations, SchemaOutdatedError } from "./migrate.ts";
export {
  DEFAULT_EXACT_SEARCH_MAX_CHUNKS,
  DEFAULT_HNSW_EF_CONSTRUCTION,
  DEFAULT_HNSW_EF_SEARCH,
  DEFAULT_HNSW_M,
  DEFAULT_VECTOR_STORAGE,
  ensureVectorIndex,
  HNSW_LIMITS,
  parseVectorIndexDefinition,
  readVectorIndex,
  VECTOR_INDEX_NAME,
  VECTOR_STORAGES,
  vectorIndexMismatch,
  vectorIndexOptions,
  VectorIndexOutdatedError,
  vectorSearchOptions,
} from "./vector-index.ts";
export {
  assertTextIndexKind,
  DEFAULT_TEXT_INDEX,
  ensureTextIndex,
  TEXT_INDEX_KINDS,
  TEXT_INDEX_NAME,
  textIndexMismatch,
  TextIndexOutdatedError,
  type TextIndexKind,
} from "./text-index.ts";
export type {
  EnsureVectorIndexOptions,
  EnsureVectorIndexResult,
  VectorIndexOptions,
  VectorIndexState,
  VectorSearchOptions,
  VectorStorage,
} from "./vector-index.ts";
export {
  CHUNK_UPSERT_BATCH_ROWS,
  PGLITE_CHUNK_UPSERT_BATCH_ROWS,
  CHUNK_COPY_BATCH_ROWS,
  DEFAULT_CHUNK_COPY_CONCURRENCY,
  PGLITE_CHUNK_COPY_BATCH_ROWS,
  createChunkRepository,
  createConversationRepository,
  createDocumentRepository,
  createJobRepository,
  createRecordRepository,
  createRepositories,
  createUserRepository,
  DEFAULT_CONVERSATION_PAGE,
  DEFAULT_RECORD_LIMIT,
  MAX_CONVERSATION_PAGE,
  MAX_RECORD_LIMIT,
  TERMINAL_JOB_STATUSES,
  toVectorLiteral,
} from "./repositories/index.ts";
export type {
  ChunkHit,
  ChunkStream,
  ChunkRepository,
  ChunkSearchOptions,
  ConversationPage,
  ConversationRepository,
  ConversationRow,
  ConversationSummary,
  DocumentRepository,
  DocumentRow,
  DocumentView,
  JobRepository,
  JobRow,
  MessageRow,
  NewChunk,
  NewDocument,
  NewMessage,
  NewRecord,
  PlanRecord,
  PlanRecordHit,
  RecordQuery,
  RecordRepository,
  Repositories,
  StoredProfile,
  UserRepository,
  UserRow,
  TokenState,
  UserUsage,
} from "./repositories/index.ts";
export { EMBEDDING_DIMENSIONS, JOB_STATUSES, schema } from "./schema.ts";
export type { DocumentKind, JobError, JobStatus, ProfileSource, RecordKind, StoredSource } from "./schema.ts";
export { DatabaseUnavailableError, isDatabaseUnavailable, isStatementTimeout } from "./availability.ts";
export { instrumentRepositories, type DatabaseObserver } from "./observer.ts";
