/**
 * Ingestion in a worker pool, under limits: hostile PDFs (generated here, never committed) end
 * `failed` with their limit's code, and a worker killed mid-parse leaves the job retried.
 */
import { describe, expect, test } from "bun:test";
import { numberedSentences } from "../../test/support/ingestion.ts";
import { makeBlankPagesPdf, makeInflatingPdf } from "../../test/support/hostile-pdf.ts";
import { makePdf } from "../../test/support/pdf.ts";
import { DEFAULT_MAX_PDF_PAGES } from "./index.ts";
import { useIngestionFixture } from "../../test/support/ingestion-fixture.ts";

const TEXT_LIMIT_BYTES = 1024 * 1024;
const CHUNK_LIMIT = 40;
const fx = useIngestionFixture({ workers: { size: 1, limits: { maxExtractedTextBytes: TEXT_LIMIT_BYTES, maxChunksPerDocument: CHUNK_LIMIT } } });

describe("ingestion limits (documents prepared in a worker)", () => {
  test("a normal document completes through the worker, embedded there", async () => {
    const pages = [numberedSentences(12, 100).join(" "), numberedSentences(12, 200).join(" ")];
    const { user, job, document, msg } = await fx.submitNew(makePdf(pages));
    const seen = fx.collect(job.id);
    const result = await fx.ingestRef(document.id).ask(msg);
    seen.stop();
    expect(result).toMatchObject({ status: "complete", pages: 2 });
    expect(seen.events.map((e) => e.status)).toEqual(["parsing", "chunking", "embedding", "storing", "complete"]);
    expect((await fx.chunkRows(document.id)).length).toBe(result.chunks);
    expect(await fx.repos.jobs.get(user.id, job.id)).toMatchObject({ status: "complete", attempts: 1 });
  });

  test(`a 5,000-blank-page PDF fails with too_many_pages (limit ${DEFAULT_MAX_PDF_PAGES})`, async () => {
    const { user, job, document, msg } = await fx.submitNew(makeBlankPagesPdf(5_000));
    expect(await fx.ingestRef(document.id).ask(msg)).toMatchObject({ status: "failed" });
    const row = await fx.repos.jobs.get(user.id, job.id);
    expect(row).toMatchObject({ status: "failed", attempts: 1, lastError: { code: "too_many_pages" } });
    expect(row?.lastError?.message).toContain(String(DEFAULT_MAX_PDF_PAGES));
  });

  test("a PDF whose content stream inflates past the text limit fails with text_too_large", async () => {
    const bytes = makeInflatingPdf({ textBytesPerPage: TEXT_LIMIT_BYTES + 256 * 1024 });
    expect(bytes.length).toBeLessThan(TEXT_LIMIT_BYTES / 10); // small on disk, large once inflated
    const { user, job, document, msg } = await fx.submitNew(bytes);
    expect(await fx.ingestRef(document.id).ask(msg)).toMatchObject({ status: "failed" });
    expect(await fx.repos.jobs.get(user.id, job.id)).toMatchObject({ status: "failed", attempts: 1, lastError: { code: "text_too_large" } });
    expect(await fx.chunkRows(document.id)).toEqual([]);
  });

  test("a document making more chunks than the limit fails with too_many_chunks", async () => {
    const pages = Array.from({ length: 6 }, (_, i) => numberedSentences(40, 1000 + 40 * i).join(" "));
    const { user, job, document, msg } = await fx.submitNew(makePdf(pages));
    expect(await fx.ingestRef(document.id).ask(msg)).toMatchObject({ status: "failed" });
    expect(await fx.repos.jobs.get(user.id, job.id)).toMatchObject({ status: "failed", lastError: { code: "too_many_chunks" } });
  });

  test("a worker killed mid-parse: the job is retried on a new worker and completes", async () => {
    const pages = Array.from({ length: 30 }, (_, i) => numberedSentences(4, 5000 + 4 * i).join(" "));
    const { user, job, document, msg } = await fx.submitNew(makePdf(pages));
    const startedBefore = fx.workers!.stats().started;
    const seen = fx.collect(job.id);
    const running = fx.ingestRef(document.id).ask(msg, { timeoutMs: 60_000 });
    // Kill the worker as soon as it holds the document (it is loading or parsing it).
    let killed = 0;
    for (let i = 0; i < 2_000 && killed === 0; i++) {
      if (fx.workers!.stats().busy > 0) killed = fx.workers!.killBusy();
      else await Bun.sleep(2);
    }
    expect(killed).toBe(1);
    const result = await running;
    seen.stop();
    expect(result).toMatchObject({ status: "complete", pages: 30 });
    expect(await fx.repos.jobs.get(user.id, job.id)).toMatchObject({ status: "complete", attempts: 2, lastError: null });
    expect(fx.workers!.stats().started).toBeGreaterThan(startedBefore);
    expect(seen.events.at(-1)).toMatchObject({ status: "complete" });
    // The server side is untouched: the database answers and the other actors keep working.
    expect(await fx.repos.jobs.get(user.id, job.id)).toBeDefined();
  }, 90_000);
});
