/**
 * The ingestion actor with one attempt per delivery (a durable queue owns retries): which failures
 * are retried, which fail the job at once, and how provider and database errors are classified.
 */
import { describe, expect, test } from "bun:test";
import { createDatabase, createRepositories } from "../../db/index.ts";
import { numberedSentences } from "../../test/support/ingestion.ts";
import { freePort } from "../../test/support/nats.ts";
import { makeGarbagePdf, makePdf } from "../../test/support/pdf.ts";
import { toEmbedderError, toIngestionError } from "./index.ts";
import { useIngestionFixture } from "../../test/support/ingestion-fixture.ts";

const fx = useIngestionFixture();
const { ingestRef, submitNew, collect } = fx;

describe("ingestion actor, single attempt (a durable queue owns retries)", () => {
  const pages = (from: number) => [numberedSentences(7, from).join(" ")];
  const delivery = (attempt: number, maxAttempts = 3) => ({ delivery: { attempt, maxAttempts } });

  test("a success carries the node that ran it", async () => {
    const { user, job, document, msg } = await submitNew(makePdf(pages(9000)));
    const result = await ingestRef(document.id).ask({ ...msg, ...delivery(1) });
    expect(result).toMatchObject({ jobId: job.id, status: "complete", nodeId: fx.system.nodeId });
    expect(result.retry).toBeUndefined();
    expect(await fx.repos.jobs.get(user.id, job.id)).toMatchObject({ status: "complete", attempts: 1, nodeId: fx.system.nodeId });
  });

  test("a retryable failure before the last delivery is returned as retry and leaves the job as it is", async () => {
    const { user, job, document, msg } = await submitNew(makePdf(pages(9100)));
    await fx.blobs.delete(document.storageKey); // the read fails: blob_missing, retryable
    const seen = collect(job.id);
    const result = await ingestRef(document.id).ask({ ...msg, ...delivery(2) });
    seen.stop();
    expect(result).toMatchObject({ jobId: job.id, status: "parsing", chunks: 0, pages: 0, nodeId: fx.system.nodeId, retry: { code: "blob_missing" } });
    expect(result.retry?.message).toMatch(/could not be read/);
    expect(await fx.repos.jobs.get(user.id, job.id)).toMatchObject({ status: "parsing", attempts: 1, lastError: null });
    expect(seen.events.map((e) => e.status)).toEqual(["parsing"]);
  });

  test("a retryable failure on the last delivery fails the job", async () => {
    const { user, job, document, msg } = await submitNew(makePdf(pages(9200)));
    await fx.blobs.delete(document.storageKey);
    const seen = collect(job.id);
    const result = await ingestRef(document.id).ask({ ...msg, ...delivery(3) });
    seen.stop();
    expect(result).toMatchObject({ status: "failed", nodeId: fx.system.nodeId });
    expect(result.retry).toBeUndefined();
    expect(await fx.repos.jobs.get(user.id, job.id)).toMatchObject({ status: "failed", attempts: 1, lastError: { code: "blob_missing" } });
    expect(seen.events.at(-1)).toMatchObject({ status: "failed", error: { code: "blob_missing" } });
  });

  test("embedder 429/5xx is retryable, another 4xx is final on the first delivery", async () => {
    const limited = await submitNew(makePdf(pages(9300)));
    fx.beforeEmbed = async () => {
      throw Object.assign(new Error("Rate limit reached"), { status: 429 });
    };
    try {
      const retry = await ingestRef(limited.document.id).ask({ ...limited.msg, ...delivery(1) });
      expect(retry).toMatchObject({ status: "embedding", retry: { code: "embedder_unavailable" } });
      expect(retry.retry?.message).toContain("HTTP 429");
      const bad = await submitNew(makePdf(pages(9400)));
      fx.beforeEmbed = async () => {
        throw Object.assign(new Error("Invalid API key"), { status: 401 });
      };
      expect(await ingestRef(bad.document.id).ask({ ...bad.msg, ...delivery(1) })).toMatchObject({ status: "failed" });
      expect((await fx.repos.jobs.get(bad.user.id, bad.job.id))?.lastError).toMatchObject({ code: "embedder_failed" });
    } finally {
      fx.beforeEmbed = undefined;
    }
    expect(await ingestRef(limited.document.id).ask({ ...limited.msg, ...delivery(2) })).toMatchObject({ status: "complete" });
    expect(await fx.repos.jobs.get(limited.user.id, limited.job.id)).toMatchObject({ status: "complete", attempts: 2 });
  });

  test("a non-retryable failure fails the job on the first delivery", async () => {
    const { user, job, document, msg } = await submitNew(makeGarbagePdf(2048, 7));
    expect(await ingestRef(document.id).ask({ ...msg, ...delivery(1) })).toMatchObject({ status: "failed", nodeId: fx.system.nodeId });
    expect(await fx.repos.jobs.get(user.id, job.id)).toMatchObject({ status: "failed", attempts: 1, lastError: { code: "invalid_pdf" } });
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
