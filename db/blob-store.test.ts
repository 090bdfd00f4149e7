/**
 * The filesystem blob store: the shared BlobStore contract (test/support/blob-store-contract.ts), where its
 * bytes land on disk, and the key rules of `checkBlobKey`.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { blobStoreContract, ESCAPING_BLOB_KEYS, patternBytes, rejectionOf } from "../test/support/blob-store-contract.ts";
import { BlobNotFoundError, checkBlobKey, createFileBlobStore, InvalidBlobKeyError, MAX_BLOB_KEY_BYTES, type BlobStore } from "./blob-store.ts";

describe("file blob store", () => {
  let parent: string;
  let root: string;
  let store: BlobStore;
  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), "navigator-blobs-"));
    root = join(parent, "blobs");
    store = createFileBlobStore(root);
  });
  afterAll(async () => {
    await rm(parent, { recursive: true, force: true });
  });

  blobStoreContract(() => store);

  test("bytes land at <root>/<key>, with no temporary file left beside them", async () => {
    const key = `${crypto.randomUUID()}/doc.pdf`;
    await store.put(key, patternBytes(64));
    expect(new Uint8Array(await readFile(join(root, key)))).toEqual(patternBytes(64));
    expect(await readdir(join(root, key.split("/")[0]!))).toEqual(["doc.pdf"]);
  });

  test("a rejected key writes nothing: the store's parent directory holds only the root", async () => {
    for (const key of ESCAPING_BLOB_KEYS) await rejectionOf(store.put(key, patternBytes(1)));
    expect(await readdir(parent)).toEqual(["blobs"]);
    expect(existsSync(join(parent, "x"))).toBe(false);
  });

  test("a missing key's BlobNotFoundError carries the filesystem error as its cause", async () => {
    const error = (await rejectionOf(store.get("nobody/none.pdf"))) as BlobNotFoundError;
    expect(error.name).toBe("BlobNotFoundError");
    expect((error.cause as { code?: string }).code).toBe("ENOENT");
  });
});

describe("checkBlobKey", () => {
  test("accepts the keys uploads use and nested relative paths", () => {
    for (const key of [`${crypto.randomUUID()}/${crypto.randomUUID()}.pdf`, "a", "a/b/c.d", "...", "a/.b", "x".repeat(MAX_BLOB_KEY_BYTES)]) {
      expect(() => checkBlobKey(key)).not.toThrow();
    }
  });

  test("rejects escaping or malformed keys with InvalidBlobKeyError naming the rule", () => {
    for (const key of ESCAPING_BLOB_KEYS) expect(() => checkBlobKey(key)).toThrow(InvalidBlobKeyError);
    expect(() => checkBlobKey("a/../b")).toThrow(/segment must be non-empty and not '\.' or '\.\.'/);
    expect(() => checkBlobKey("é".repeat(513))).toThrow(`longer than ${MAX_BLOB_KEY_BYTES} bytes`);
  });
});
