import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { createDatabase, createFileBlobStore, createRepositories, DuplicateDocumentError, type BlobStore, type Repositories } from "../../db/index.ts";
import { createHashedEmbedder } from "../../rag/embeddings/index.ts";
import { CHUNKER_VERSION, sentence5 } from "../../rag/splitter/index.ts";
import type { Embedder } from "../../rag/types.ts";
import { createActorSystem, type ActorRef, type ActorSystem } from "../../runtime/index.ts";
import { createRecordingLogger } from "../../runtime/testing.ts";
import { createTestUser, DB_OPEN_TIMEOUT_MS, openTestDatabase, queryRows, type TestDatabase } from "../../test/support/db.ts";
import { createRecordingQueue, numberedSentences, type RecordingQueue } from "../../test/support/ingestion.ts";
import { freePort } from "../../test/support/nats.ts";
import { makeGarbagePdf, makePdf } from "../../test/support/pdf.ts";
import type { IngestDocument, IngestResult, JobEvent } from "../messages.ts";
import {
  chunkId,
  createDocumentService,
  createIngestionBehavior,
  createIngestionQueue,
  createJobEventBus,
  EmptyFileError,
  EMBED_BATCH_CHUNKS,
  INGESTION_ACTOR_KIND,
  IngestionError,
  PayloadTooLargeError,
  toEmbedderError,
  toIngestionError,
  UnsupportedMediaTypeError,
  type DocumentService,
  type JobEventBus,
} from "./index.ts";

let tdb: TestDatabase;
let repos: Repositories;
let blobDir: string;
let blobs: BlobStore;
let system: ActorSystem;
let events: JobEventBus;
let queue: RecordingQueue;
let documents: DocumentService;
/** Runs before each embedding batch when set (to interfere mid-run). */
let beforeEmbed: (() => Promise<void>) | undefined;
const logger = createRecordingLogger();

beforeAll(async () => {
  tdb = await openTestDatabase();
  repos = tdb.repos;
  blobDir = await mkdtemp(join(tmpdir(), "navigator-ingestion-"));
  blobs = createFileBlobStore(blobDir);
  events = createJobEventBus();
  const hashed = createHashedEmbedder();
  const embedder: Embedder = {
    model: hashed.model,
    dimensions: hashed.dimensions,
    embedQuery: (t) => hashed.embedQuery(t),
    async embedDocuments(texts) {
      await beforeEmbed?.();
      return hashed.embedDocuments(texts);
    },
  };
  system = createActorSystem({ logger });
  system.register(
    INGESTION_ACTOR_KIND,
    createIngestionBehavior({ repos, blobs, embedder, events, logger, clock: { now: () => Date.now() } }, { retryBackoffMs: 1 }),
  );
  queue = createRecordingQueue();
  documents = createDocumentService({ repos, blobs, queue });
}, DB_OPEN_TIMEOUT_MS);

afterAll(async () => {
  await system?.shutdown();
  await tdb?.close();
  if (blobDir) await rm(blobDir, { recursive: true, force: true });
});

const ingestRef = (documentId: string): ActorRef<IngestDocument, IngestResult> => system.ref(INGESTION_ACTOR_KIND, documentId);

/** Submits `bytes` for a fresh user through the document service; returns the message it queued. */
async function submitNew(bytes: Uint8Array, filename = "plan.pdf") {
  const user = await createTestUser(repos);
  const created = await documents.submit(user.id, { filename, bytes });
  const msg = queue.enqueued.at(-1)!;
  expect(msg).toEqual({ type: "ingest", v: 1, jobId: created.job.id, userId: user.id, documentId: created.document.id });
  return { user, ...created, msg };
}

/** Collects the events of `jobId` until the returned stop function is called. */
function collect(jobId: string): { events: JobEvent[]; stop: () => void } {
  const seen: JobEvent[] = [];
  const stop = events.subscribe((e) => {
    if (e.jobId === jobId) seen.push(e);
  });
  return { events: seen, stop };
}

async function chunkRows(documentId: string): Promise<{ id: string; ord: number; text: string }[]> {
  return queryRows(tdb.handle, sql`select id, ord, text from chunks where document_id = ${documentId}::uuid order by ord`);
}

/** 14 pages of 40 numbered sentences: more chunks than one embedding batch. */
const BIG_PAGES = Array.from({ length: 14 }, (_, p) => numberedSentences(40, p * 40).join(" "));
const BIG_PDF = makePdf(BIG_PAGES);
const EXPECTED_BIG = sentence5(BIG_PAGES.map((text, i) => ({ page: i + 1, text })));

describe("ingestion actor", () => {
  test("runs a job queued → parsing → chunking → embedding → storing → complete", async () => {
    expect(EXPECTED_BIG.length).toBeGreaterThan(EMBED_BATCH_CHUNKS);
    const { user, document, job, msg } = await submitNew(BIG_PDF, "big.pdf");
    expect(job.status).toBe("queued");
    const seen = collect(job.id);
    const result = await ingestRef(document.id).ask(msg, { timeoutMs: 60_000 });
    seen.stop();

    expect(result).toMatchObject({ jobId: job.id, status: "complete", chunks: EXPECTED_BIG.length, pages: BIG_PAGES.length });
    const statuses = seen.events.map((e) => e.status);
    expect(statuses.filter((s, i) => s !== statuses[i - 1])).toEqual(["parsing", "chunking", "embedding", "storing", "complete"]);
    expect(statuses.filter((s) => s === "embedding").length).toBe(Math.ceil(EXPECTED_BIG.length / EMBED_BATCH_CHUNKS));
    const pcts = seen.events.map((e) => e.pct);
    pcts.forEach((p, i) => expect(p).toBeGreaterThanOrEqual(pcts[i - 1] ?? 0));
    expect(pcts.at(-1)).toBe(100);
    for (const e of seen.events) expect(e).toMatchObject({ userId: user.id, documentId: document.id });

    expect(await repos.jobs.get(user.id, job.id)).toMatchObject({ status: "complete", progressPct: 100, attempts: 1, lastError: null });
    expect(await repos.documents.get(user.id, document.id)).toMatchObject({
      status: "complete",
      chunkCount: EXPECTED_BIG.length,
      pages: BIG_PAGES.length,
      parser: "unpdf",
    });
    const rows = await chunkRows(document.id);
    expect(rows.map((r) => r.ord)).toEqual(EXPECTED_BIG.map((d) => d.ordinal));
    expect(rows.map((r) => r.text)).toEqual(EXPECTED_BIG.map((d) => d.text));
    expect(rows.map((r) => r.id)).toEqual(EXPECTED_BIG.map((d) => chunkId(document.id, CHUNKER_VERSION, d.ordinal)));
  });

  test("redelivery is idempotent: a completed job is left alone, a crashed one redone with the same chunk ids", async () => {
    const pages = [numberedSentences(12, 1000).join(" "), numberedSentences(9, 2000).join(" ")];
    const expected = sentence5(pages.map((text, i) => ({ page: i + 1, text })));
    const { user, document, job, msg } = await submitNew(makePdf(pages));
    expect((await ingestRef(document.id).ask(msg)).status).toBe("complete");
    const first = await chunkRows(document.id);
    expect(first).toHaveLength(expected.length);

    // Redelivered after completion: nothing changes, and the result says it is complete.
    const redelivered = await ingestRef(document.id).ask(msg);
    expect([redelivered.status, redelivered.chunks]).toEqual(["complete", expected.length]);
    expect(await chunkRows(document.id)).toEqual(first);
    expect((await repos.jobs.get(user.id, job.id))?.status).toBe("complete");

    // A previous process stored the chunks (plus one left from a longer run) and died before "complete".
    await repos.chunks.upsertMany(user.id, document.id, { embeddingModel: "navigator-hashed-v1", chunker: CHUNKER_VERSION }, [
      { id: chunkId(document.id, CHUNKER_VERSION, expected.length), ord: expected.length, text: "stale", pageStart: 1, pageEnd: 1, embedding: new Float32Array(1536).fill(1 / Math.sqrt(1536)) },
    ]);
    await tdb.handle.db.execute(sql`update jobs set status = 'storing', progress_pct = 85 where id = ${job.id}::uuid`);
    const seen = collect(job.id);
    const again = await ingestRef(document.id).ask(msg);
    seen.stop();
    expect(again).toMatchObject({ status: "complete", chunks: expected.length });
    expect(await chunkRows(document.id)).toEqual(first);
    expect(await repos.jobs.get(user.id, job.id)).toMatchObject({ status: "complete", progressPct: 100, attempts: 2 });
    expect(seen.events.map((e) => e.status)).toEqual(["storing", "complete"]);
  });

  test("garbage after a valid header: the job fails with invalid_pdf and a message", async () => {
    const { user, job, document, msg } = await submitNew(makeGarbagePdf());
    const seen = collect(job.id);
    const result = await ingestRef(document.id).ask(msg);
    seen.stop();
    expect(result).toMatchObject({ jobId: job.id, status: "failed", chunks: 0 });
    const row = await repos.jobs.get(user.id, job.id);
    expect(row?.status).toBe("failed");
    expect(row?.lastError?.code).toBe("invalid_pdf");
    expect(row?.lastError?.message).toMatch(/\w+/);
    expect(row?.attempts).toBe(1); // not retryable
    expect(seen.events.at(-1)).toMatchObject({ status: "failed", error: { code: "invalid_pdf" } });
    expect(await repos.chunks.countForDocument(user.id, document.id)).toBe(0);
  });

  test("a PDF without text fails with no_text", async () => {
    const { user, job, document, msg } = await submitNew(makePdf(["", ""]));
    expect((await ingestRef(document.id).ask(msg)).status).toBe("failed");
    expect((await repos.jobs.get(user.id, job.id))?.lastError).toMatchObject({ code: "no_text", message: expect.stringMatching(/text/) });
  });

  test("a PDF whose only text is too short to make a chunk fails with no_text", async () => {
    const { user, job, document, msg } = await submitNew(makePdf(["Hi."]));
    expect((await ingestRef(document.id).ask(msg)).status).toBe("failed");
    expect((await repos.jobs.get(user.id, job.id))?.lastError).toMatchObject({ code: "no_text" });
    expect((await repos.documents.get(user.id, document.id))?.pages).toBe(1);
  });

  test("a document deleted mid-way ends the job quietly, with no chunks and no actor failure", async () => {
    const { user, job, document, msg } = await submitNew(makePdf([numberedSentences(20, 3000).join(" ")]));
    const failedBefore = system.stats().failed;
    beforeEmbed = async () => {
      beforeEmbed = undefined;
      expect(await documents.delete(user.id, document.id)).toBe(true);
    };
    try {
      const result = await ingestRef(document.id).ask(msg);
      expect(result).toMatchObject({ jobId: job.id, status: "failed", chunks: 0 });
    } finally {
      beforeEmbed = undefined;
    }
    expect(await repos.documents.get(user.id, document.id)).toBeUndefined();
    expect(await repos.jobs.get(user.id, job.id)).toBeUndefined();
    expect(await chunkRows(document.id)).toEqual([]);
    expect(system.stats().failed).toBe(failedBefore);
    // The actor still works afterwards.
    const next = await submitNew(makePdf([numberedSentences(6, 4000).join(" ")]));
    expect((await ingestRef(next.document.id).ask(next.msg)).status).toBe("complete");
  });

  test("a document deleted before delivery ends the job quietly", async () => {
    const { user, document, msg } = await submitNew(makePdf([numberedSentences(6, 5000).join(" ")]));
    expect(await documents.delete(user.id, document.id)).toBe(true);
    expect(await ingestRef(document.id).ask(msg)).toMatchObject({ status: "failed", chunks: 0 });
    expect(await chunkRows(document.id)).toEqual([]);
  });

  test("an unknown message version is refused", async () => {
    const err = await ingestRef(crypto.randomUUID())
      .ask({ type: "ingest", v: 2 } as unknown as IngestDocument)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toMatchObject({ name: "UnsupportedMessageError", code: "unsupported_message" });
  });
});

describe("ingestion actor, single attempt (a durable queue owns retries)", () => {
  const pages = (from: number) => [numberedSentences(7, from).join(" ")];
  const delivery = (attempt: number, maxAttempts = 3) => ({ delivery: { attempt, maxAttempts } });

  test("a success carries the node that ran it", async () => {
    const { user, job, document, msg } = await submitNew(makePdf(pages(9000)));
    const result = await ingestRef(document.id).ask({ ...msg, ...delivery(1) });
    expect(result).toMatchObject({ jobId: job.id, status: "complete", nodeId: system.nodeId });
    expect(result.retry).toBeUndefined();
    expect(await repos.jobs.get(user.id, job.id)).toMatchObject({ status: "complete", attempts: 1, nodeId: system.nodeId });
  });

  test("a retryable failure before the last delivery is returned as retry and leaves the job as it is", async () => {
    const { user, job, document, msg } = await submitNew(makePdf(pages(9100)));
    await blobs.delete(document.storageKey); // the read fails: blob_missing, retryable
    const seen = collect(job.id);
    const result = await ingestRef(document.id).ask({ ...msg, ...delivery(2) });
    seen.stop();
    expect(result).toMatchObject({ jobId: job.id, status: "parsing", chunks: 0, pages: 0, nodeId: system.nodeId, retry: { code: "blob_missing" } });
    expect(result.retry?.message).toMatch(/could not be read/);
    expect(await repos.jobs.get(user.id, job.id)).toMatchObject({ status: "parsing", attempts: 1, lastError: null });
    expect(seen.events.map((e) => e.status)).toEqual(["parsing"]);
  });

  test("a retryable failure on the last delivery fails the job", async () => {
    const { user, job, document, msg } = await submitNew(makePdf(pages(9200)));
    await blobs.delete(document.storageKey);
    const seen = collect(job.id);
    const result = await ingestRef(document.id).ask({ ...msg, ...delivery(3) });
    seen.stop();
    expect(result).toMatchObject({ status: "failed", nodeId: system.nodeId });
    expect(result.retry).toBeUndefined();
    expect(await repos.jobs.get(user.id, job.id)).toMatchObject({ status: "failed", attempts: 1, lastError: { code: "blob_missing" } });
    expect(seen.events.at(-1)).toMatchObject({ status: "failed", error: { code: "blob_missing" } });
  });

  test("embedder 429/5xx is retryable, another 4xx is final on the first delivery", async () => {
    const limited = await submitNew(makePdf(pages(9300)));
    beforeEmbed = async () => {
      throw Object.assign(new Error("Rate limit reached"), { status: 429 });
    };
    try {
      const retry = await ingestRef(limited.document.id).ask({ ...limited.msg, ...delivery(1) });
      expect(retry).toMatchObject({ status: "embedding", retry: { code: "embedder_unavailable" } });
      expect(retry.retry?.message).toContain("HTTP 429");
      const bad = await submitNew(makePdf(pages(9400)));
      beforeEmbed = async () => {
        throw Object.assign(new Error("Invalid API key"), { status: 401 });
      };
      expect(await ingestRef(bad.document.id).ask({ ...bad.msg, ...delivery(1) })).toMatchObject({ status: "failed" });
      expect((await repos.jobs.get(bad.user.id, bad.job.id))?.lastError).toMatchObject({ code: "embedder_failed" });
    } finally {
      beforeEmbed = undefined;
    }
    expect(await ingestRef(limited.document.id).ask({ ...limited.msg, ...delivery(2) })).toMatchObject({ status: "complete" });
    expect(await repos.jobs.get(limited.user.id, limited.job.id)).toMatchObject({ status: "complete", attempts: 2 });
  });

  test("a non-retryable failure fails the job on the first delivery", async () => {
    const { user, job, document, msg } = await submitNew(makeGarbagePdf(2048, 7));
    expect(await ingestRef(document.id).ask({ ...msg, ...delivery(1) })).toMatchObject({ status: "failed", nodeId: system.nodeId });
    expect(await repos.jobs.get(user.id, job.id)).toMatchObject({ status: "failed", attempts: 1, lastError: { code: "invalid_pdf" } });
  });

  test("database connection errors (postgres.js, through drizzle) classify as retryable database_unavailable", async () => {
    const refused = await createDatabase({ url: `postgres://postgres@127.0.0.1:${await freePort()}/none`, poolSize: 1 });
    const errRefused = await createRepositories(refused.db).jobs.findById(crypto.randomUUID()).then(() => undefined, (e: unknown) => e);
    await refused.close();
    expect(toIngestionError(errRefused)).toMatchObject({ code: "database_unavailable", retryable: true, message: expect.stringContaining("ECONNREFUSED") });
    const ended = await createDatabase({ url: "postgres://postgres@127.0.0.1:1/none", poolSize: 1 });
    await ended.close();
    const errEnded = await createRepositories(ended.db).jobs.findById(crypto.randomUUID()).then(() => undefined, (e: unknown) => e);
    expect(toIngestionError(errEnded)).toMatchObject({ code: "database_unavailable", retryable: true, message: expect.stringContaining("CONNECTION_ENDED") });
    expect(toIngestionError(new Error("boom"))).toMatchObject({ code: "internal", retryable: true, message: "boom" });
    expect(toEmbedderError(Object.assign(new Error("x"), { response: { status: 503 } }))).toMatchObject({ code: "embedder_unavailable", retryable: true });
    expect(toEmbedderError(new TypeError("fetch failed"))).toMatchObject({ code: "embedder_unavailable", retryable: true });
    expect(toEmbedderError(Object.assign(new Error("x"), { statusCode: 400 }))).toMatchObject({ code: "embedder_failed", retryable: false });
  });
});

describe("ingestion queue", () => {
  test("requeueUnfinished re-dispatches a job a previous process left in 'embedding', and it completes", async () => {
    const user = await createTestUser(repos);
    const pages = [numberedSentences(10, 6000).join(" ")];
    const bytes = makePdf(pages);
    // What a previous process left: bytes stored, document + job recorded, job advanced to "embedding".
    const sha256 = new Bun.CryptoHasher("sha256").update(bytes).digest("hex");
    const documentId = Bun.randomUUIDv5(sha256, user.id);
    const storageKey = `${user.id}/${documentId}.pdf`;
    await blobs.put(storageKey, bytes);
    const jobId = Bun.randomUUIDv7();
    await repos.documents.createWithJob(
      { id: documentId, userId: user.id, filename: "left.pdf", bytes: bytes.byteLength, sha256, contentType: "application/pdf", storageKey },
      jobId,
    );
    expect((await repos.jobs.advance(jobId, "embedding", 40))?.status).toBe("embedding");

    const unfinished = await repos.jobs.listUnfinished();
    expect(unfinished.map((j) => j.id)).toContain(jobId);
    const fresh = createIngestionQueue({ jobs: repos.jobs, logger, refFor: ingestRef }, { concurrency: 2 });
    try {
      expect(await fresh.requeueUnfinished()).toBe(unfinished.length);
      const result = await fresh.whenDone(jobId);
      expect(result).toMatchObject({ jobId, status: "complete", chunks: sentence5([{ page: 1, text: pages[0]! }]).length });
      expect(await repos.jobs.get(user.id, jobId)).toMatchObject({ status: "complete", progressPct: 100 });
      expect(await repos.chunks.countForDocument(user.id, documentId)).toBe(result.chunks);
      await Promise.all(unfinished.map((j) => fresh.whenDone(j.id)));
    } finally {
      await fresh.close();
    }
    expect(fresh.pending).toBe(0);
  });

  test("enqueue dispatches once per job id and whenDone resolves with the result", async () => {
    const user = await createTestUser(repos);
    const pages = [numberedSentences(6, 7000).join(" ")];
    const q = createIngestionQueue({ jobs: repos.jobs, logger, refFor: ingestRef });
    const service = createDocumentService({ repos, blobs, queue: q });
    try {
      const { job, document } = await service.submit(user.id, { filename: "q.pdf", bytes: makePdf(pages) });
      await q.enqueue({ type: "ingest", v: 1, jobId: job.id, userId: user.id, documentId: document.id });
      expect(q.pending).toBe(1);
      expect(await q.whenDone(job.id)).toMatchObject({ status: "complete", chunks: sentence5([{ page: 1, text: pages[0]! }]).length });
      expect((await repos.jobs.get(user.id, job.id))?.attempts).toBe(1);
    } finally {
      await q.close();
    }
    await expect(q.enqueue({ type: "ingest", v: 1, jobId: crypto.randomUUID(), userId: user.id, documentId: crypto.randomUUID() })).rejects.toThrow(/closed/);
  });
});

describe("document service", () => {
  const pdf = makePdf([numberedSentences(6, 8000).join(" ")]);

  async function rejection(promise: Promise<unknown>): Promise<unknown> {
    return promise.then(
      () => {
        throw new Error("expected a rejection");
      },
      (e: unknown) => e,
    );
  }

  /** Submits for a fresh user; asserts nothing was stored or queued when it is refused. */
  async function refused(bytes: Uint8Array, service = documents): Promise<unknown> {
    const user = await createTestUser(repos);
    const before = queue.enqueued.length;
    const err = await rejection(service.submit(user.id, { filename: "x.pdf", bytes }));
    expect(queue.enqueued.length).toBe(before);
    expect(await repos.documents.list(user.id)).toEqual([]);
    expect(await readdir(join(blobDir, user.id)).catch(() => [])).toEqual([]);
    return err;
  }

  test("an empty file is EmptyFileError", async () => {
    expect(await refused(new Uint8Array())).toBeInstanceOf(EmptyFileError);
  });

  test("a file over the limit is PayloadTooLargeError", async () => {
    const small = createDocumentService({ repos, blobs, queue }, { maxUploadBytes: 100 });
    const err = await refused(pdf, small);
    expect(err).toBeInstanceOf(PayloadTooLargeError);
    expect(err).toMatchObject({ bytes: pdf.byteLength, limitBytes: 100, code: "payload_too_large" });
    const exact = createDocumentService({ repos, blobs, queue }, { maxUploadBytes: pdf.byteLength });
    const user = await createTestUser(repos);
    expect((await exact.submit(user.id, { filename: "x.pdf", bytes: pdf })).document.bytes).toBe(pdf.byteLength);
  });

  test("a non-PDF is UnsupportedMediaTypeError, judged by its bytes", async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const pngErr = await refused(png);
    expect(pngErr).toBeInstanceOf(UnsupportedMediaTypeError);
    expect((pngErr as Error).message).toContain("PNG");
    const textErr = await refused(new TextEncoder().encode("just some text, named .pdf\n%%EOF\n"));
    expect(textErr).toMatchObject({ code: "unsupported_media_type", detected: "text" });
    const zipErr = await refused(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0]));
    expect(zipErr).toMatchObject({ code: "unsupported_media_type", detected: "a ZIP/Office file" });
  });

  test("a PDF cut short (no %%EOF) is IngestionError invalid_pdf", async () => {
    const err = await refused(pdf.subarray(0, Math.floor(pdf.byteLength / 2)));
    expect(err).toBeInstanceOf(IngestionError);
    expect(err).toMatchObject({ code: "invalid_pdf", retryable: false });
  });

  test("the same bytes twice for one user is DuplicateDocumentError naming the first document", async () => {
    const user = await createTestUser(repos);
    const before = queue.enqueued.length;
    const { document } = await documents.submit(user.id, { filename: "a.pdf", bytes: pdf });
    const err = await rejection(documents.submit(user.id, { filename: "renamed.pdf", bytes: pdf }));
    expect(err).toBeInstanceOf(DuplicateDocumentError);
    expect((err as DuplicateDocumentError).documentId).toBe(document.id);
    expect(queue.enqueued.length).toBe(before + 1);
    expect((await repos.documents.list(user.id)).map((d) => d.filename)).toEqual(["a.pdf"]);
  });

  test("the document id is UUIDv5 of the sha256 under the user id, different per user; bytes are stored", async () => {
    const a = await createTestUser(repos);
    const b = await createTestUser(repos);
    const sha256 = new Bun.CryptoHasher("sha256").update(pdf).digest("hex");
    const da = await documents.submit(a.id, { filename: "../../etc/passwd\u0000.pdf", bytes: pdf });
    const db = await documents.submit(b.id, { filename: "b.pdf", bytes: pdf });
    expect(da.document.id).toBe(Bun.randomUUIDv5(sha256, a.id));
    expect(db.document.id).toBe(Bun.randomUUIDv5(sha256, b.id));
    expect(da.document.id).not.toBe(db.document.id);
    expect(da.document).toMatchObject({ sha256, bytes: pdf.byteLength, contentType: "application/pdf", filename: "passwd.pdf", storageKey: `${a.id}/${da.document.id}.pdf` });
    expect(await blobs.get(da.document.storageKey)).toEqual(pdf);
  });

  test("delete removes the document and its bytes; another user's delete is false", async () => {
    const a = await createTestUser(repos);
    const b = await createTestUser(repos);
    const { document } = await documents.submit(a.id, { filename: "a.pdf", bytes: pdf });
    expect(await documents.delete(b.id, document.id)).toBe(false);
    expect(await blobs.get(document.storageKey)).toEqual(pdf);
    expect(await documents.delete(a.id, document.id)).toBe(true);
    expect(await repos.documents.get(a.id, document.id)).toBeUndefined();
    expect(await blobs.get(document.storageKey).then(() => "present", (e: { code?: string }) => e.code)).toBe("ENOENT");
  });
});
