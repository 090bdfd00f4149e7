/**
 * The ingestion actor on the embedded path (PGlite, file blobs, an in-process actor system): a
 * job's steps and events, idempotent redelivery, PDFs without usable text, documents deleted
 * mid-way, and the in-process ingestion queue. Single-delivery failures are in
 * ./ingestion-errors.test.ts, the document service in ./document-service.test.ts.
 */
import { describe, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { CHUNKER_VERSION, sentence5 } from "../../rag/splitter/index.ts";
import { createTestUser } from "../../test/support/db.ts";
import { numberedSentences } from "../../test/support/ingestion.ts";
import { makeGarbagePdf, makePdf } from "../../test/support/pdf.ts";
import type { IngestDocument } from "../messages.ts";
import { chunkId, createDocumentService, createIngestionQueue, EMBED_BATCH_CHUNKS } from "./index.ts";
import { expectedChunks, recordUnqueuedJob, useIngestionFixture } from "../../test/support/ingestion-fixture.ts";

const fx = useIngestionFixture();
const { logger, ingestRef, submitNew, collect, chunkRows } = fx;

/** 14 pages of 40 numbered sentences: more chunks than one embedding batch. */
const BIG_PAGES = Array.from({ length: 14 }, (_, p) => numberedSentences(40, p * 40).join(" "));
const BIG_PDF = makePdf(BIG_PAGES);
const EXPECTED_BIG = expectedChunks(BIG_PAGES);

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

    expect(await fx.repos.jobs.get(user.id, job.id)).toMatchObject({ status: "complete", progressPct: 100, attempts: 1, lastError: null });
    expect(await fx.repos.documents.get(user.id, document.id)).toMatchObject({
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
    const expected = expectedChunks(pages);
    const { user, document, job, msg } = await submitNew(makePdf(pages));
    expect((await ingestRef(document.id).ask(msg)).status).toBe("complete");
    const first = await chunkRows(document.id);
    expect(first).toHaveLength(expected.length);

    // Redelivered after completion: nothing changes, and the result says it is complete.
    const redelivered = await ingestRef(document.id).ask(msg);
    expect([redelivered.status, redelivered.chunks]).toEqual(["complete", expected.length]);
    expect(await chunkRows(document.id)).toEqual(first);
    expect((await fx.repos.jobs.get(user.id, job.id))?.status).toBe("complete");

    // A previous process stored the chunks (plus one left from a longer run) and died before "complete".
    await fx.repos.chunks.upsertMany(user.id, document.id, { embeddingModel: "navigator-hashed-v1", chunker: CHUNKER_VERSION }, [
      { id: chunkId(document.id, CHUNKER_VERSION, expected.length), ord: expected.length, text: "stale", pageStart: 1, pageEnd: 1, embedding: new Float32Array(1536).fill(1 / Math.sqrt(1536)) },
    ]);
    await fx.tdb.handle.db.execute(sql`update jobs set status = 'storing', progress_pct = 85 where id = ${job.id}::uuid`);
    const seen = collect(job.id);
    const again = await ingestRef(document.id).ask(msg);
    seen.stop();
    expect(again).toMatchObject({ status: "complete", chunks: expected.length });
    expect(await chunkRows(document.id)).toEqual(first);
    expect(await fx.repos.jobs.get(user.id, job.id)).toMatchObject({ status: "complete", progressPct: 100, attempts: 2 });
    expect(seen.events.map((e) => e.status)).toEqual(["storing", "complete"]);
  });

  test("garbage after a valid header: the job fails with invalid_pdf and a message", async () => {
    const { user, job, document, msg } = await submitNew(makeGarbagePdf());
    const seen = collect(job.id);
    const result = await ingestRef(document.id).ask(msg);
    seen.stop();
    expect(result).toMatchObject({ jobId: job.id, status: "failed", chunks: 0 });
    const row = await fx.repos.jobs.get(user.id, job.id);
    expect(row?.status).toBe("failed");
    expect(row?.lastError?.code).toBe("invalid_pdf");
    expect(row?.lastError?.message).toMatch(/\w+/);
    expect(row?.attempts).toBe(1); // not retryable
    expect(seen.events.at(-1)).toMatchObject({ status: "failed", error: { code: "invalid_pdf" } });
    expect(await fx.repos.chunks.countForDocument(user.id, document.id)).toBe(0);
  });

  test("a PDF without text fails with no_text", async () => {
    const { user, job, document, msg } = await submitNew(makePdf(["", ""]));
    expect((await ingestRef(document.id).ask(msg)).status).toBe("failed");
    expect((await fx.repos.jobs.get(user.id, job.id))?.lastError).toMatchObject({ code: "no_text", message: expect.stringMatching(/text/) });
  });

  test("a PDF whose only text is too short to make a chunk fails with no_text", async () => {
    const { user, job, document, msg } = await submitNew(makePdf(["Hi."]));
    expect((await ingestRef(document.id).ask(msg)).status).toBe("failed");
    expect((await fx.repos.jobs.get(user.id, job.id))?.lastError).toMatchObject({ code: "no_text" });
    expect((await fx.repos.documents.get(user.id, document.id))?.pages).toBe(1);
  });

  test("a document deleted mid-way ends the job quietly, with no chunks and no actor failure", async () => {
    const { user, job, document, msg } = await submitNew(makePdf([numberedSentences(20, 3000).join(" ")]));
    const failedBefore = fx.system.stats().failed;
    fx.beforeEmbed = async () => {
      fx.beforeEmbed = undefined;
      expect(await fx.documents.delete(user.id, document.id)).toBe(true);
    };
    try {
      const result = await ingestRef(document.id).ask(msg);
      expect(result).toMatchObject({ jobId: job.id, status: "failed", chunks: 0 });
    } finally {
      fx.beforeEmbed = undefined;
    }
    expect(await fx.repos.documents.get(user.id, document.id)).toBeUndefined();
    expect(await fx.repos.jobs.get(user.id, job.id)).toBeUndefined();
    expect(await chunkRows(document.id)).toEqual([]);
    expect(fx.system.stats().failed).toBe(failedBefore);
    // The actor still works afterwards.
    const next = await submitNew(makePdf([numberedSentences(6, 4000).join(" ")]));
    expect((await ingestRef(next.document.id).ask(next.msg)).status).toBe("complete");
  });

  test("a document deleted before delivery ends the job quietly", async () => {
    const { user, document, msg } = await submitNew(makePdf([numberedSentences(6, 5000).join(" ")]));
    expect(await fx.documents.delete(user.id, document.id)).toBe(true);
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

describe("ingestion queue", () => {
  test("requeueUnfinished re-dispatches a job a previous process left in 'embedding', and it completes", async () => {
    const user = await createTestUser(fx.repos);
    const pages = [numberedSentences(10, 6000).join(" ")];
    // What a previous process left: bytes stored, document + job recorded, job advanced to "embedding".
    const { documentId, jobId } = await recordUnqueuedJob(fx, user.id, makePdf(pages), "left.pdf");
    expect((await fx.repos.jobs.advance(jobId, "embedding", 40))?.status).toBe("embedding");

    const unfinished = await fx.repos.jobs.listUnfinished();
    expect(unfinished.map((j) => j.id)).toContain(jobId);
    const fresh = createIngestionQueue({ jobs: fx.repos.jobs, logger, refFor: ingestRef }, { concurrency: 2 });
    try {
      expect(await fresh.requeueUnfinished()).toBe(unfinished.length);
      const result = await fresh.whenDone(jobId);
      expect(result).toMatchObject({ jobId, status: "complete", chunks: sentence5([{ page: 1, text: pages[0]! }]).length });
      expect(await fx.repos.jobs.get(user.id, jobId)).toMatchObject({ status: "complete", progressPct: 100 });
      expect(await fx.repos.chunks.countForDocument(user.id, documentId)).toBe(result.chunks);
      await Promise.all(unfinished.map((j) => fresh.whenDone(j.id)));
    } finally {
      await fresh.close();
    }
    expect(fresh.pending).toBe(0);
  });

  test("enqueue dispatches once per job id and whenDone resolves with the result", async () => {
    const user = await createTestUser(fx.repos);
    const pages = [numberedSentences(6, 7000).join(" ")];
    const q = createIngestionQueue({ jobs: fx.repos.jobs, logger, refFor: ingestRef });
    const service = createDocumentService({ repos: fx.repos, blobs: fx.blobs, queue: q });
    try {
      const { job, document } = await service.submit(user.id, { filename: "q.pdf", bytes: makePdf(pages) });
      await q.enqueue({ type: "ingest", v: 1, jobId: job.id, userId: user.id, documentId: document.id });
      expect(q.pending).toBe(1);
      expect(await q.whenDone(job.id)).toMatchObject({ status: "complete", chunks: sentence5([{ page: 1, text: pages[0]! }]).length });
      expect((await fx.repos.jobs.get(user.id, job.id))?.attempts).toBe(1);
    } finally {
      await q.close();
    }
    await expect(q.enqueue({ type: "ingest", v: 1, jobId: crypto.randomUUID(), userId: user.id, documentId: crypto.randomUUID() })).rejects.toThrow(/closed/);
  });
});
