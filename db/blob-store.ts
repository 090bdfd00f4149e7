/**
 * Where uploaded bytes live. The filesystem store keeps them under a directory; keys are
 * relative paths made by the caller from ids (never from user-supplied names). The S3 store
 * (./blob-store-s3.ts) keeps the same keys in a bucket; both honour the contract below.
 */
import { NavigatorError } from "../runtime/index.ts";
import { constants } from "node:fs";
import { access, mkdir, rename, rm, rmdir, writeFile } from "node:fs/promises";
import { dirname, join, normalize, sep } from "node:path";

/** A place to keep uploaded files, addressed by keys that pass {@link checkBlobKey}. */
export interface BlobStore {
  /**
   * Writes `bytes` under `key`, replacing any previous value; readers see the old or the new
   * value whole, never a part.
   * @throws InvalidBlobKeyError when `key` fails {@link checkBlobKey}.
   */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /**
   * Reads the bytes under `key`.
   * @throws BlobNotFoundError (`code` "ENOENT") when the key does not exist; InvalidBlobKeyError
   *   on a bad key; the storage's own error otherwise.
   */
  get(key: string): Promise<Uint8Array>;
  /**
   * Removes the key; a missing key is not an error.
   * @throws InvalidBlobKeyError on a bad key.
   */
  delete(key: string): Promise<void>;
  /**
   * Checks that the store can be reached and written to, without reading or writing a document
   * (readiness probes). Resolves when it can.
   * @throws the storage's own error when it cannot (missing bucket, refused credentials, read-only directory).
   */
  ping(): Promise<void>;
}

/**
 * Longest key, in UTF-8 bytes: S3's object key limit (1,024 bytes, AWS S3 User Guide, "Naming
 * Amazon S3 objects"), applied to every store so a key valid on one is valid on all.
 */
export const MAX_BLOB_KEY_BYTES = 1024;

/** `get` of a key that does not exist. `code` is "ENOENT", as Node's filesystem errors, which callers test. */
export class BlobNotFoundError extends NavigatorError {
  readonly code = "ENOENT";
  constructor(readonly key: string, options?: { cause?: unknown }) {
    super(`no blob under key ${JSON.stringify(key)}`, options);
  }
}

/** A key that {@link checkBlobKey} rejects (it could leave the store's root, or is malformed). */
export class InvalidBlobKeyError extends RangeError {
  readonly code = "invalid_blob_key";
  constructor(readonly key: string, readonly reason: string) {
    super(`invalid blob key ${JSON.stringify(key)}: ${reason}`);
  }
}

/**
 * Checks a key: 1 to {@link MAX_BLOB_KEY_BYTES} UTF-8 bytes of `/`-separated segments, none
 * empty, `.` or `..` (so no leading or trailing `/`, no `//`), without `\` or control characters.
 * Keys made from ids (`<userId>/<documentId>.pdf`) pass.
 * @throws InvalidBlobKeyError naming the first rule broken.
 */
export function checkBlobKey(key: string): void {
  if (typeof key !== "string" || key === "") throw new InvalidBlobKeyError(String(key), "empty");
  if (Buffer.byteLength(key, "utf8") > MAX_BLOB_KEY_BYTES) throw new InvalidBlobKeyError(key, `longer than ${MAX_BLOB_KEY_BYTES} bytes`);
  if (/[\\\u0000-\u001f\u007f]/.test(key)) throw new InvalidBlobKeyError(key, "contains '\\' or a control character");
  for (const segment of key.split("/")) {
    if (segment === "" || segment === "." || segment === "..") {
      throw new InvalidBlobKeyError(key, "every '/'-separated segment must be non-empty and not '.' or '..'");
    }
  }
}

/**
 * A blob store on the local filesystem rooted at `root` (created on first write); `key` is the
 * path below it. Writes go to a temporary file renamed into place (atomic on one filesystem).
 */
export function createFileBlobStore(root: string): BlobStore {
  const pathOf = (key: string) => {
    checkBlobKey(key);
    const p = normalize(join(root, key));
    if (!p.startsWith(normalize(root) + sep)) throw new InvalidBlobKeyError(key, "escapes the store");
    return p;
  };
  return {
    async ping() {
      await mkdir(root, { recursive: true });
      await access(root, constants.W_OK);
    },
    async put(key, bytes) {
      const p = pathOf(key);
      const tmp = `${p}.${process.pid}.tmp`;
      for (let attempt = 0; ; attempt++) {
        try {
          await mkdir(dirname(p), { recursive: true, mode: 0o700 });
          await writeFile(tmp, bytes, { mode: 0o600 });
          await rename(tmp, p);
          return;
        } catch (error) {
          // A concurrent delete removed the (then empty) directory between mkdir and write: once more.
          if ((error as { code?: string }).code !== "ENOENT" || attempt > 0) throw error;
        }
      }
    },
    async get(key) {
      const p = pathOf(key);
      try {
        return new Uint8Array(await Bun.file(p).arrayBuffer());
      } catch (error) {
        if ((error as { code?: string }).code === "ENOENT") throw new BlobNotFoundError(key, { cause: error });
        throw error;
      }
    },
    async delete(key) {
      const p = pathOf(key);
      await rm(p, { force: true });
      // Leave no empty per-user directory behind (a deleted account leaves nothing).
      if (dirname(p) !== normalize(root)) await rmdir(dirname(p)).catch(() => undefined);
    },
  };
}
