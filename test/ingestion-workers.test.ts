/**
 * Ingestion in workers, end to end over HTTP: hostile uploads end `failed` with their limit's code
 * while the server keeps answering, and a worker killed mid-parse leaves the job retried.
 * (Timings are the bench's business: bench/chat-load.bench.ts; nothing here is timed.)
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { DEFAULT_INGESTION_LIMITS, DEFAULT_PARSE_TIMEOUT_MS } from "../actors/ingestion/workers/index.ts";
import { numberedSentences } from "./support/ingestion.ts";
import { makeBlankPagesPdf, makeInflatingPdf } from "./support/hostile-pdf.ts";
import { makePdf } from "./support/pdf.ts";
import { bearer, fetchJson, register, startTestServer, uploadFile, waitForJob, type TestServer } from "./support/server.ts";

const TEXT_LIMIT_BYTES = 2 * 1024 * 1024;
let server: TestServer;
beforeAll(async () => {
  const limits = { ...DEFAULT_INGESTION_LIMITS, maxExtractedTextBytes: TEXT_LIMIT_BYTES };
  server = await startTestServer({ ingestWorkers: { size: 1, parseTimeoutMs: DEFAULT_PARSE_TIMEOUT_MS, limits } });
}, 60_000);
afterAll(() => server?.close());

describe("ingestion workers behind the HTTP API", () => {
  test("a 5,000-page PDF and a PDF inflating past the text limit fail with their codes; /health answers meanwhile", async () => {
    const { token } = await register(server.url);
    const blank = await uploadFile(server.url, token, makeBlankPagesPdf(5_000), "blank.pdf");
    const bomb = await uploadFile(server.url, token, makeInflatingPdf({ pages: 8, textBytesPerPage: 512 * 1024 }), "bomb.pdf");
    expect([blank.status, bomb.status]).toEqual([202, 202]);
    expect((await fetchJson(`${server.url}/health`)).status).toBe(200);
    const [a, b] = await Promise.all([waitForJob(server.url, token, blank.body.job_id!, 120_000), waitForJob(server.url, token, bomb.body.job_id!, 120_000)]);
    expect(a).toMatchObject({ status: "failed", last_error: { code: "too_many_pages" } });
    expect(b).toMatchObject({ status: "failed", last_error: { code: "text_too_large" } });
    expect((await fetchJson(`${server.url}/health`)).status).toBe(200);
  }, 180_000);

  test("a worker killed mid-parse: the job is retried and completes; the server keeps serving", async () => {
    const { token } = await register(server.url);
    const pages = Array.from({ length: 30 }, (_, i) => numberedSentences(4, 7000 + 4 * i).join(" "));
    const up = await uploadFile(server.url, token, makePdf(pages), "plan.pdf");
    expect(up.status).toBe(202);
    const workers = server.nav.workers!;
    let killed = 0;
    for (let i = 0; i < 5_000 && killed === 0; i++) {
      if (workers.stats().busy > 0) killed = workers.killBusy();
      else await Bun.sleep(2);
    }
    expect(killed).toBe(1);
    expect((await fetchJson(`${server.url}/health`)).status).toBe(200);
    const job = await waitForJob(server.url, token, up.body.job_id!, 120_000);
    expect(job).toMatchObject({ status: "complete", attempts: 2, last_error: null });
    const docs = await fetchJson(`${server.url}/api/v2/documents/${up.body.document_id!}`, { headers: bearer(token) });
    expect(docs.body).toMatchObject({ pages: 30, status: "complete" });
    expect(docs.body.chunk_count).toBeGreaterThan(0);
  }, 180_000);
});
