/**
 * Storage of a Navigator, built from its configuration without any HTTP or actors: the database
 * (PostgreSQL or the embedded PGlite, {@link openStorage}) and the blob store that keeps uploaded
 * bytes (S3 when the configuration names a bucket, `S3_BUCKET`; files under `DATA_DIR/blobs` otherwise).
 * The CLI's `migrate` and `reembed` call these directly.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  createDatabase,
  createEncryptedBlobStore,
  createFileBlobStore,
  createS3BlobStore,
  migrate,
  pendingMigrations,
  SchemaOutdatedError,
  DEFAULT_TEXT_INDEX,
  textIndexMismatch,
  TextIndexOutdatedError,
  type TextIndexKind,
  vectorIndexMismatch,
  VectorIndexOutdatedError,
  type BlobStore,
  type DatabaseHandle,
  type DatabaseOptions,
  type VectorIndexOptions,
} from "../db/index.ts";
import type { Logger } from "../runtime/index.ts";
import type { NavigatorConfig } from "./config.ts";
import { lockDataDir, preparePrivateDataDir } from "./data-dir.ts";

/** Kind of blob store, as `/health` reports it (`blob_store`). */
export type BlobStoreKind = "s3" | "file";

/** The kind of blob store `config` selects. */
export function blobStoreKind(config: Pick<NavigatorConfig, "s3">): BlobStoreKind {
  return config.s3 ? "s3" : "file";
}

/**
 * Builds the blob store of `config`: `createS3BlobStore(config.s3)` when set, else
 * `createFileBlobStore(<dataDir>/blobs)`, sealed by `createEncryptedBlobStore` (AES-256-GCM) when
 * `security.blobEncryptionKeys` is set (`BLOB_ENCRYPTION_KEY`). Opens no connection (the bucket
 * is first reached by the first upload or ingestion).
 * @throws InvalidS3OptionError when `config.s3` is invalid (loadConfig has already checked it).
 */
export function blobStoreFor(config: Pick<NavigatorConfig, "s3" | "dataDir"> & { readonly security?: Pick<NavigatorConfig["security"], "blobEncryptionKeys"> }): BlobStore {
  const store = config.s3 ? createS3BlobStore(config.s3) : createFileBlobStore(join(config.dataDir, "blobs"));
  const keys = config.security?.blobEncryptionKeys;
  return keys && keys.length > 0 ? createEncryptedBlobStore(store, keys) : store;
}

/**
 * Migrates the embedded database always, PostgreSQL only when `migrateOnStart` (both: the HNSW
 * index is created or rebuilt to match `vectorIndex`); refuses a PostgreSQL schema that is
 * behind, or whose vector index differs from `vectorIndex`, otherwise (an index present with
 * `VECTOR_INDEX=none` is only logged: no search reads it).
 * @throws SchemaOutdatedError (after closing the database) when migrations are pending and not allowed.
 * @throws VectorIndexOutdatedError (after closing the database) when the configured HNSW index is missing or differs and migrating is not allowed.
 * @throws TextIndexOutdatedError (after closing the database) when `textIndex` is `gin`, the full-text column or its index is missing and migrating is not allowed.
 */
export async function prepareSchema(database: DatabaseHandle, migrateOnStart: boolean, logger: Logger, vectorIndex: VectorIndexOptions, textIndex: TextIndexKind = DEFAULT_TEXT_INDEX): Promise<void> {
  if (database.kind === "pglite" || migrateOnStart) {
    const { applied, vectorIndex: index, textIndex: text } = await migrate(database, vectorIndex, {}, textIndex);
    if (applied > 0) logger.info({ applied, database: database.kind }, "applied database migrations");
    if (index.action !== "none") logger.info({ ...index, ...vectorIndex }, `vector index ${index.action}`);
    if (text !== "none") logger.info({ textIndex }, `full-text column and index ${text}`);
    return;
  }
  const pending = await pendingMigrations(database);
  if (pending > 0) {
    await database.close();
    throw new SchemaOutdatedError(pending);
  }
  const textMismatch = await textIndexMismatch(database, textIndex);
  if (textMismatch !== undefined && textIndex === "none") {
    logger.warn({ reason: textMismatch }, "the full-text column chunks.tsv is present with TEXT_INDEX=none: storing chunks keeps computing it until `navigator migrate` drops it");
  } else if (textMismatch !== undefined) {
    await database.close();
    throw new TextIndexOutdatedError(textMismatch);
  }
  const mismatch = await vectorIndexMismatch(database, vectorIndex);
  if (mismatch !== undefined && vectorIndex.kind === "none") {
    // An index no search reads (every search is exact without one) is upkeep, not a wrong answer:
    // start, and leave dropping it to `navigator migrate` (e.g. a database from before the
    // VECTOR_INDEX default followed RETRIEVAL_MODE).
    logger.warn({ reason: mismatch }, "a vector index is present with VECTOR_INDEX=none: storing chunks keeps paying its upkeep until `navigator migrate` drops it");
    return;
  }
  if (mismatch !== undefined) {
    await database.close();
    throw new VectorIndexOutdatedError(mismatch, vectorIndex);
  }
}

/** Where and how to open the database of `config`: PostgreSQL with its pool settings, or PGlite under DATA_DIR. */
export function databaseOptions(config: NavigatorConfig): DatabaseOptions {
  return config.databaseUrl
    ? {
        url: config.databaseUrl,
        poolSize: config.databasePoolSize,
        statementTimeoutMs: config.databaseStatementTimeoutMs,
        connectTimeoutMs: config.databaseConnectTimeoutMs,
        // DATABASE_SSL_CA_PATH: TLS required, the server's certificate and host verified against this CA.
        ...(config.security.tls.databaseCaPath ? { sslCa: readFileSync(config.security.tls.databaseCaPath, "utf8") } : {}),
      }
    : { dataDir: join(config.dataDir, "pglite") };
}


/**
 * Opens the database of `config` and readies its schema as `serve` does: the embedded database is
 * always migrated, PostgreSQL only when `options.migrate` (default `config.migrateOnStart`).
 * `statementTimeoutMs` overrides the pool's (0 = none, for long maintenance commands).
 * @throws SchemaOutdatedError or VectorIndexOutdatedError (database closed) as {@link prepareSchema};
 *   the driver's error when the database cannot be reached.
 */
export async function openStorage(
  config: NavigatorConfig,
  deps: { logger: Logger },
  options: { migrate?: boolean; statementTimeoutMs?: number } = {},
): Promise<DatabaseHandle> {
  // The embedded database allows one process per DATA_DIR (app/data-dir.ts), maintenance commands included.
  let lock: ReturnType<typeof lockDataDir> | undefined;
  if (!config.databaseUrl) {
    await preparePrivateDataDir(config.dataDir);
    lock = lockDataDir(config.dataDir, `navigator ${process.argv[2] ?? ""}`.trim());
  }
  try {
    const opened = await createDatabase({
      ...databaseOptions(config),
      ...(options.statementTimeoutMs !== undefined ? { statementTimeoutMs: options.statementTimeoutMs } : {}),
    });
    const database: DatabaseHandle = lock
      ? {
          ...opened,
          close: async () => {
            try {
              await opened.close();
            } finally {
              lock?.release();
            }
          },
        }
      : opened;
    await prepareSchema(database, options.migrate ?? config.migrateOnStart, deps.logger, config.vector.index, config.vector.textIndex);
    return database;
  } catch (error) {
    lock?.release();
    throw error;
  }
}
