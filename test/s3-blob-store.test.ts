/**
 * The S3 blob store against a real S3-compatible server (s3rver, test/support/s3rver.ts): the
 * shared BlobStore contract with and without a key prefix, where objects land, errors that are
 * not "missing key", virtual-hosted-style requests, and a Navigator configured for S3 ingesting
 * an upload from the bucket (nothing under DATA_DIR/blobs).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { S3Client } from "bun";
import { blobStoreContract, ESCAPING_BLOB_KEYS, patternBytes, rejectionOf } from "./support/blob-store-contract.ts";
import { BlobNotFoundError, createEncryptedBlobStore, createS3BlobStore, isSealed, type BlobStore, type S3BlobStoreOptions } from "../db/index.ts";
import { makePdf } from "./support/pdf.ts";
import { checkS3rver, S3RVER_CREDENTIALS, S3RVER_START_TIMEOUT_MS, startS3rver, type TestS3Server } from "./support/s3rver.ts";
import { bearer, fetchJson, register, startTestServer, uploadFile, waitForJob, type TestServer } from "./support/server.ts";

const BUCKET = "navigator-test";
const OTHER_BUCKET = "navigator-vhost";
const TIMEOUT_MS = 60_000;

const check = checkS3rver();

test("s3rver is available (fails under CI=true when missing, skips the suite otherwise)", () => {
  if (check.mustFail) throw new Error(check.reason);
  if (!check.available) console.warn(`[s3 blob store] ${check.reason}`);
});

describe.skipIf(!check.available)("S3 blob store on s3rver", () => {
  let server: TestS3Server;
  beforeAll(async () => {
    server = await startS3rver([BUCKET, OTHER_BUCKET], check.script);
  }, S3RVER_START_TIMEOUT_MS + 5_000);
  afterAll(async () => {
    await server?.dispose();
  });

  const options = (extra: Partial<S3BlobStoreOptions> = {}): S3BlobStoreOptions => ({ bucket: BUCKET, endpoint: server.endpoint, ...S3RVER_CREDENTIALS, ...extra });
  /** A client on the bucket without any prefix, to look at objects as S3 stores them. */
  const raw = () => new S3Client({ bucket: BUCKET, endpoint: server.endpoint, ...S3RVER_CREDENTIALS });

  describe("contract, no prefix", () => {
    let store: BlobStore;
    beforeAll(() => {
      store = createS3BlobStore(options());
    });
    blobStoreContract(() => store);
  });

  describe("contract, prefix '/deploy/a/'", () => {
    let store: BlobStore;
    beforeAll(() => {
      store = createS3BlobStore(options({ prefix: "/deploy/a/" }));
    });
    blobStoreContract(() => store);
  });

  test("an object's key is the blob key, or <prefix>/<key> with a prefix", async () => {
    const key = `${crypto.randomUUID()}/${crypto.randomUUID()}.pdf`;
    await createS3BlobStore(options()).put(key, patternBytes(10, 1));
    await createS3BlobStore(options({ prefix: "tenant-a" })).put(key, patternBytes(10, 2));
    expect(await raw().file(key).bytes()).toEqual(patternBytes(10, 1));
    expect(await raw().file(`tenant-a/${key}`).bytes()).toEqual(patternBytes(10, 2));
  });

  test("stores with different prefixes in one bucket do not see each other's blobs", async () => {
    const key = `${crypto.randomUUID()}/doc.pdf`;
    const a = createS3BlobStore(options({ prefix: "tenant-a" }));
    const b = createS3BlobStore(options({ prefix: "tenant-b" }));
    await a.put(key, patternBytes(5));
    expect(await rejectionOf(b.get(key))).toBeInstanceOf(BlobNotFoundError);
    await b.delete(key);
    expect(await a.get(key)).toEqual(patternBytes(5));
  });

  test("a rejected key sends nothing: s3rver's data directory holds only the two buckets", async () => {
    const store = createS3BlobStore(options());
    for (const key of ESCAPING_BLOB_KEYS) await rejectionOf(store.put(key, patternBytes(1)));
    // Unchecked, "../x" would be sent as /navigator-test/../x, which s3rver stores outside the bucket.
    expect((await readdir(server.directory)).sort()).toEqual([OTHER_BUCKET, BUCKET].sort());
  });

  test("a missing key's BlobNotFoundError carries Bun's S3Error (NoSuchKey) as its cause", async () => {
    const error = (await rejectionOf(createS3BlobStore(options()).get("nobody/none.pdf"))) as BlobNotFoundError;
    expect(error.cause).toMatchObject({ name: "S3Error", code: "NoSuchKey" });
  });

  test("a missing bucket is not a missing key: get and put reject with S3Error NoSuchBucket", async () => {
    const store = createS3BlobStore(options({ bucket: "no-such-bucket" }));
    const read = await rejectionOf(store.get("a/b.pdf"));
    expect(read).not.toBeInstanceOf(BlobNotFoundError);
    expect(read).toMatchObject({ name: "S3Error", code: "NoSuchBucket" });
    expect(await rejectionOf(store.put("a/b.pdf", patternBytes(1)))).toMatchObject({ code: "NoSuchBucket" });
  });

  test("an unknown access key is refused with S3Error InvalidAccessKeyId", async () => {
    const store = createS3BlobStore(options({ accessKeyId: "NOT-A-KEY", secretAccessKey: "x" }));
    expect(await rejectionOf(store.put("a/b.pdf", patternBytes(1)))).toMatchObject({ name: "S3Error", code: "InvalidAccessKeyId" });
  });

  test("virtual-hosted style: the endpoint names the bucket and the bucket option is ignored", async () => {
    const store = createS3BlobStore({
      ...S3RVER_CREDENTIALS,
      bucket: "ignored-by-bun",
      endpoint: `http://${OTHER_BUCKET}.s3.localhost:${server.port}`,
      virtualHostedStyle: true,
    });
    const key = `${crypto.randomUUID()}/vh.pdf`;
    await store.put(key, patternBytes(9));
    expect(await store.get(key)).toEqual(patternBytes(9));
    const pathStyle = new S3Client({ bucket: OTHER_BUCKET, endpoint: server.endpoint, ...S3RVER_CREDENTIALS });
    expect(await pathStyle.file(key).bytes()).toEqual(patternBytes(9));
    expect(await raw().file(key).exists()).toBe(false);
  });

  describe("a Navigator with S3 storage", () => {
    let nav: TestServer;
    beforeAll(async () => {
      nav = await startTestServer({ s3: options({ prefix: "e2e" }) });
    }, TIMEOUT_MS);
    afterAll(async () => {
      await nav?.close();
    });

    test("/health reports blob_store s3", async () => {
      const health = await fetchJson(`${nav.url}/health`);
      expect(health.status).toBe(200);
      expect(health.body.blob_store).toBe("s3");
    });

    test("an upload is stored in the bucket under the prefix, ingested from there, and deleted with its document", async () => {
      const user = await register(nav.url);
      const pdf = makePdf(["Plan S3 test. The annual deductible for in-network care is $1,234 per member. Copays apply after the deductible."]);
      const upload = await uploadFile(nav.url, user.token, pdf, "s3-plan.pdf");
      expect(upload.status).toBe(202);
      const documentId = upload.body.document_id!;
      const objectKey = `e2e/${user.userId}/${documentId}.pdf`;
      expect<Uint8Array>(await raw().file(objectKey).bytes()).toEqual(pdf);

      const job = await waitForJob(nav.url, user.token, upload.body.job_id!);
      expect(job.status).toBe("complete");
      const doc = await fetchJson(`${nav.url}/api/v2/documents/${documentId}`, { headers: bearer(user.token) });
      expect(doc.body).toMatchObject({ status: "complete", pages: 1 });
      expect(doc.body.chunk_count).toBeGreaterThan(0);
      expect(existsSync(join(nav.nav.config.dataDir, "blobs"))).toBe(false);

      const deleted = await fetchJson(`${nav.url}/api/v2/documents/${documentId}`, { method: "DELETE", headers: bearer(user.token) });
      expect(deleted.status).toBe(204);
      expect(await raw().file(objectKey).exists()).toBe(false);
    }, TIMEOUT_MS);
  });

  describe("encrypted (BLOB_ENCRYPTION_KEY) on S3", () => {
    const keys = [{ id: "s3k1", key: new Uint8Array(32).fill(7) }];
    describe("contract", () => {
      let store: BlobStore;
      beforeAll(() => {
        store = createEncryptedBlobStore(createS3BlobStore(options({ prefix: "sealed" })), keys);
      });
      blobStoreContract(() => store);
    });

    let nav: TestServer;
    beforeAll(async () => {
      nav = await startTestServer({ s3: options({ prefix: "sealed-e2e" }) }, { env: { BLOB_ENCRYPTION_KEY: `s3k1:${Buffer.from(keys[0]!.key).toString("base64")}` } });
    }, TIMEOUT_MS);
    afterAll(async () => {
      await nav?.close();
    });

    test("the object in the bucket is sealed (no plaintext); ingestion reads it; DELETE /api/v2/account removes every object", async () => {
      const user = await register(nav.url);
      const pdf = makePdf(["Plan S3 sealed. The annual deductible for in-network care is $4,321 per member. Member ID 998-77-1234."]);
      const uploads = [await uploadFile(nav.url, user.token, pdf, "sealed.pdf"), await uploadFile(nav.url, user.token, makePdf(["Second plan summary. A primary care visit costs a $15 copay; specialist visits cost $40 after the deductible."]), "b.pdf")];
      const objectKey = `sealed-e2e/${user.userId}/${uploads[0]!.body.document_id}.pdf`;
      const stored = await raw().file(objectKey).bytes();
      expect(isSealed(stored)).toBe(true);
      expect(new TextDecoder("latin1").decode(stored)).not.toContain("998-77-1234");
      for (const up of uploads) expect(await waitForJob(nav.url, user.token, up.body.job_id!)).toMatchObject({ status: "complete" });
      const answer = await fetchJson(`${nav.url}/chat`, { method: "POST", headers: { ...bearer(user.token), "content-type": "application/json" }, body: JSON.stringify({ message: "What is the annual deductible?" }) });
      expect(answer.body.response).toContain("$4,321");

      expect((await fetchJson(`${nav.url}/api/v2/account`, { method: "DELETE", headers: bearer(user.token) })).status).toBe(204);
      const left = await raw().list({ prefix: `sealed-e2e/${user.userId}/` });
      expect(left.contents ?? []).toEqual([]);
    }, TIMEOUT_MS);
  });

  test("a Navigator whose bucket does not exist answers uploads 500 internal and records no document", async () => {
    const broken = await startTestServer({ s3: options({ bucket: "bucket-never-created" }) });
    try {
      const user = await register(broken.url);
      const upload = await uploadFile(broken.url, user.token, makePdf(["Nothing to see."]), "lost.pdf");
      expect({ status: upload.status, code: upload.body.code }).toEqual({ status: 500, code: "internal" });
      const docs = await fetchJson(`${broken.url}/api/v2/documents`, { headers: bearer(user.token) });
      expect(docs.body.documents).toEqual([]);
    } finally {
      await broken.close();
    }
  }, TIMEOUT_MS);
});
