/**
 * The BlobStore contract as bun:test tests, run against every implementation: the filesystem
 * store (./blob-store.test.ts) and the S3 store on a real S3-compatible server
 * (test/s3-blob-store.test.ts). Each test uses keys under a fresh random segment, so stores may
 * be shared between tests and files.
 */
import { expect, test } from "bun:test";
import { BlobNotFoundError, InvalidBlobKeyError, type BlobStore } from "../../db/blob-store.ts";

/** Size of the large blob test: above Bun's S3 multipart part size (5 MiB, Bun's `S3Options.partSize` default). */
export const CONTRACT_LARGE_BLOB_BYTES = 6 * 1024 * 1024 + 3;

/** Keys every store must reject: they could leave the store's root or are malformed. */
export const ESCAPING_BLOB_KEYS = ["", "../x", "a/../../x", "a/..", "./a", "/abs", "a//b", "a/", "a\\..\\b", "a\u0000b", "x".repeat(1025)] as const;

/** Bytes 0..255 repeated to `length`, offset by `seed` (so two values differ). */
export function patternBytes(length: number, seed = 0): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i + seed) & 0xff;
  return bytes;
}

/** The rejection of `promise` (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

/**
 * Registers the contract tests (call inside a `describe`). `store()` is read inside tests only,
 * so it may be created in a `beforeAll`. `timeoutMs` bounds each test (default 30 s).
 */
export function blobStoreContract(store: () => BlobStore, timeoutMs = 30_000): void {
  const scope = () => crypto.randomUUID();

  test("put then get returns the same bytes, every byte value included", async () => {
    const key = `${scope()}/${scope()}.pdf`;
    const bytes = patternBytes(1000);
    await store().put(key, bytes);
    const read = await store().get(key);
    expect(read).toBeInstanceOf(Uint8Array);
    expect(read).toEqual(bytes);
  }, timeoutMs);

  test("put replaces the previous value whole (a shorter value leaves no tail)", async () => {
    const key = `${scope()}/doc.pdf`;
    await store().put(key, patternBytes(500, 1));
    await store().put(key, patternBytes(20, 7));
    expect(await store().get(key)).toEqual(patternBytes(20, 7));
  }, timeoutMs);

  test("get of a missing key rejects with BlobNotFoundError, code ENOENT, naming the key", async () => {
    const key = `${scope()}/missing.pdf`;
    const error = await rejectionOf(store().get(key));
    expect(error).toBeInstanceOf(BlobNotFoundError);
    expect(error).toMatchObject({ code: "ENOENT", key });
  }, timeoutMs);

  test("delete removes only its key; deleting a missing key succeeds", async () => {
    const dir = scope();
    await store().put(`${dir}/a.pdf`, patternBytes(10));
    await store().put(`${dir}/a.pdf.bak`, patternBytes(11));
    await store().delete(`${dir}/a.pdf`);
    expect(await rejectionOf(store().get(`${dir}/a.pdf`))).toMatchObject({ code: "ENOENT" });
    expect(await store().get(`${dir}/a.pdf.bak`)).toEqual(patternBytes(11));
    await store().delete(`${dir}/a.pdf`);
    await store().delete(`${scope()}/never-written.pdf`);
  }, timeoutMs);

  test("keys with spaces, '+', '%' and non-ASCII round-trip", async () => {
    const key = `${scope()}/a b+c%20d-é.pdf`;
    await store().put(key, patternBytes(33, 3));
    expect(await store().get(key)).toEqual(patternBytes(33, 3));
    await store().delete(key);
    expect(await rejectionOf(store().get(key))).toMatchObject({ code: "ENOENT" });
  }, timeoutMs);

  test(`a ${CONTRACT_LARGE_BLOB_BYTES}-byte blob round-trips`, async () => {
    const key = `${scope()}/large.pdf`;
    const bytes = patternBytes(CONTRACT_LARGE_BLOB_BYTES, 5);
    await store().put(key, bytes);
    const read = await store().get(key);
    expect(read.byteLength).toBe(bytes.byteLength);
    expect(Buffer.compare(read, bytes)).toBe(0);
  }, timeoutMs);

  test("20 concurrent puts to distinct keys all read back", async () => {
    const dir = scope();
    const keys = Array.from({ length: 20 }, (_, i) => `${dir}/${i}.pdf`);
    await Promise.all(keys.map((key, i) => store().put(key, patternBytes(100 + i, i))));
    const read = await Promise.all(keys.map((key) => store().get(key)));
    expect(read).toEqual(keys.map((_, i) => patternBytes(100 + i, i)));
  }, timeoutMs);

  test("keys that could leave the store or are malformed are rejected by put, get and delete", async () => {
    for (const key of ESCAPING_BLOB_KEYS) {
      for (const attempt of [() => store().put(key, patternBytes(1)), () => store().get(key), () => store().delete(key)]) {
        const error = await rejectionOf(attempt());
        expect(error).toBeInstanceOf(InvalidBlobKeyError);
        expect(error).toMatchObject({ code: "invalid_blob_key", key });
      }
    }
  }, timeoutMs);
}
