/**
 * Which blob store a Navigator keeps uploaded bytes in: S3 when the configuration names a bucket
 * (`S3_BUCKET`), files under `DATA_DIR/blobs` otherwise.
 */
import { join } from "node:path";
import { createFileBlobStore, createS3BlobStore, type BlobStore } from "../db/index.ts";
import type { NavigatorConfig } from "./config.ts";

/** Kind of blob store, as `/health` reports it (`blob_store`). */
export type BlobStoreKind = "s3" | "file";

/** The kind of blob store `config` selects. */
export function blobStoreKind(config: Pick<NavigatorConfig, "s3">): BlobStoreKind {
  return config.s3 ? "s3" : "file";
}

/**
 * Builds the blob store of `config`: `createS3BlobStore(config.s3)` when set, else
 * `createFileBlobStore(<dataDir>/blobs)`. Opens no connection (the bucket is first reached by
 * the first upload or ingestion).
 * @throws InvalidS3OptionError when `config.s3` is invalid (loadConfig has already checked it).
 */
export function blobStoreFor(config: Pick<NavigatorConfig, "s3" | "dataDir">): BlobStore {
  return config.s3 ? createS3BlobStore(config.s3) : createFileBlobStore(join(config.dataDir, "blobs"));
}
