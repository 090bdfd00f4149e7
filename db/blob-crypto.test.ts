/**
 * Encryption at rest (BLOB_ENCRYPTION_KEY) over the filesystem store: the BlobStore contract
 * holds through the wrapper; what lands on disk is sealed (no plaintext), 0600 in 0700
 * directories; keys rotate by id; a wrong key, a tampered file or a blob moved to another key
 * fail with BlobDecryptionError; plaintext written before encryption still reads. The same on S3:
 * test/s3-blob-store.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFile, rm, stat, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { blobStoreContract, patternBytes, rejectionOf } from "../test/support/blob-store-contract.ts";
import { BlobDecryptionError, createEncryptedBlobStore, isSealed } from "./blob-crypto.ts";
import { createFileBlobStore, type BlobStore } from "./blob-store.ts";

const key = (fill: number) => new Uint8Array(32).fill(fill);

describe("encrypted file blob store", () => {
  let root: string;
  let plain: BlobStore;
  let store: BlobStore;
  beforeAll(async () => {
    root = join(await mkdtemp(join(tmpdir(), "navigator-sealed-")), "blobs");
    plain = createFileBlobStore(root);
    store = createEncryptedBlobStore(plain, [{ id: "k1", key: key(1) }]);
  });
  afterAll(() => rm(dirname(root), { recursive: true, force: true }));

  blobStoreContract(() => store);

  test("the file on disk is sealed: header, key id, no plaintext; 0600 in a 0700 directory", async () => {
    const k = `${crypto.randomUUID()}/doc.pdf`;
    const text = new TextEncoder().encode("%PDF-1.7 member ID 123-45-6789 deductible $1,500 %%EOF");
    await store.put(k, text);
    const onDisk = new Uint8Array(await readFile(join(root, k)));
    expect(isSealed(onDisk)).toBe(true);
    expect(new TextDecoder("latin1").decode(onDisk)).not.toContain("123-45-6789");
    expect(new TextDecoder().decode(onDisk.subarray(5, 7))).toBe("k1");
    expect((await stat(join(root, k))).mode & 0o777).toBe(0o600);
    expect((await stat(dirname(join(root, k)))).mode & 0o777).toBe(0o700);
    expect(await store.get(k)).toEqual(text);
    // Two writes of the same bytes differ (fresh IV each time).
    await store.put(k, text);
    expect(new Uint8Array(await readFile(join(root, k)))).not.toEqual(onDisk);
  });

  test("rotation: a store with [k2, k1] reads k1's blobs and seals new ones with k2; without k1 they fail", async () => {
    const k = `${crypto.randomUUID()}/old.pdf`;
    await store.put(k, patternBytes(100, 3));
    const rotated = createEncryptedBlobStore(plain, [{ id: "k2", key: key(2) }, { id: "k1", key: key(1) }]);
    expect(await rotated.get(k)).toEqual(patternBytes(100, 3));
    const fresh = `${crypto.randomUUID()}/new.pdf`;
    await rotated.put(fresh, patternBytes(50, 4));
    expect(new TextDecoder().decode(new Uint8Array(await readFile(join(root, fresh))).subarray(5, 7))).toBe("k2");
    const onlyK2 = createEncryptedBlobStore(plain, [{ id: "k2", key: key(2) }]);
    expect(await rejectionOf(onlyK2.get(k))).toBeInstanceOf(BlobDecryptionError);
  });

  test("a wrong key under the right id, a flipped byte, or a blob copied to another key: BlobDecryptionError", async () => {
    const k = `${crypto.randomUUID()}/doc.pdf`;
    await store.put(k, patternBytes(200, 5));
    const impostor = createEncryptedBlobStore(plain, [{ id: "k1", key: key(9) }]);
    expect(await rejectionOf(impostor.get(k))).toBeInstanceOf(BlobDecryptionError);
    const sealed = new Uint8Array(await readFile(join(root, k)));
    const moved = `${crypto.randomUUID()}/doc.pdf`;
    await plain.put(moved, sealed);
    expect(await rejectionOf(store.get(moved))).toBeInstanceOf(BlobDecryptionError);
    sealed[sealed.byteLength - 20]! ^= 0xff;
    await writeFile(join(root, k), sealed);
    expect(await rejectionOf(store.get(k))).toBeInstanceOf(BlobDecryptionError);
  });

  test("plaintext written before encryption was turned on still reads", async () => {
    const k = `${crypto.randomUUID()}/legacy.pdf`;
    await plain.put(k, patternBytes(64, 6));
    expect(await store.get(k)).toEqual(patternBytes(64, 6));
  });

  test("bad keys are refused at construction", () => {
    expect(() => createEncryptedBlobStore(plain, [])).toThrow(RangeError);
    expect(() => createEncryptedBlobStore(plain, [{ id: "k", key: new Uint8Array(16) }])).toThrow(RangeError);
    expect(() => createEncryptedBlobStore(plain, [{ id: "a b", key: key(1) }])).toThrow(RangeError);
    expect(() => createEncryptedBlobStore(plain, [{ id: "k", key: key(1) }, { id: "k", key: key(2) }])).toThrow(RangeError);
  });
});
