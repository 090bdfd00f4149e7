/**
 * Where uploaded bytes live. The filesystem store keeps them under a directory; keys are
 * relative paths made by the caller from ids (never from user-supplied names).
 */
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname, join, normalize, sep } from "node:path";

/** A place to keep uploaded files. */
export interface BlobStore {
  /** Writes `bytes` under `key`, replacing any previous value. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** @throws Error with code "ENOENT" when the key does not exist. */
  get(key: string): Promise<Uint8Array>;
  /** Removes the key; a missing key is not an error. */
  delete(key: string): Promise<void>;
}

/** A blob store on the local filesystem rooted at `root` (created on first write). */
export function createFileBlobStore(root: string): BlobStore {
  const pathOf = (key: string) => {
    const p = normalize(join(root, key));
    if (!p.startsWith(normalize(root) + sep)) throw new RangeError(`blob key escapes the store: ${key}`);
    return p;
  };
  return {
    async put(key, bytes) {
      const p = pathOf(key);
      await mkdir(dirname(p), { recursive: true });
      const tmp = `${p}.${process.pid}.tmp`;
      await Bun.write(tmp, bytes);
      await rename(tmp, p);
    },
    async get(key) {
      return new Uint8Array(await Bun.file(pathOf(key)).arrayBuffer());
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
