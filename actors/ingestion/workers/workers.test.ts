/** The ingestion worker pool on its own: time and memory budgets terminate and replace a worker. */
import { afterAll, describe, expect, test } from "bun:test";
import { createRecordingLogger } from "../../../runtime/testing.ts";
import { numberedSentences } from "../../../test/support/ingestion.ts";
import { makeGarbagePdf, makePdf } from "../../../test/support/pdf.ts";
import { DEFAULT_CHUNKER } from "../chunker.ts";
import { createIngestionWorkers, PREPARE_EMBED_BATCH_CHUNKS, SPLIT_MIN_PAGES, type IngestionWorkers } from "./index.ts";

const logger = createRecordingLogger();
const pools: IngestionWorkers[] = [];
const pool = (o: Parameters<typeof createIngestionWorkers>[1]) => {
  const p = createIngestionWorkers({ logger }, { size: 1, ...o });
  pools.push(p);
  return p;
};
afterAll(() => Promise.all(pools.map((p) => p.close())));
const pdf = makePdf([numberedSentences(10, 1).join(" "), numberedSentences(10, 20).join(" ")]);

describe("ingestion workers", () => {
  test("prepares a document: pages, chunks and (hashed) vectors, with progress events", async () => {
    const p = pool({ embedHashed: true });
    const events: string[] = [];
    const out = await p.prepare(pdf, { onEvent: (e) => events.push(e.status) });
    expect(out.pages.length).toBe(2);
    expect(out.drafts.length).toBeGreaterThan(0);
    expect(out.vectors?.length).toBe(out.drafts.length);
    expect(out.vectors?.[0]).toBeInstanceOf(Float32Array);
    expect(out.embeddingModel).toStartWith("navigator-hashed");
    expect(events).toEqual(["chunking", "embedding"]);
    expect(pdf.length).toBeGreaterThan(0); // the caller's bytes are not detached
  });

  test("onEmbedded: each embedded batch as it is made, in order; the result's vectors are the batches' and the same as without", async () => {
    const p = pool({ embedHashed: true });
    const long = makePdf(Array.from({ length: 40 }, (_, i) => numberedSentences(16, 20 * i + 1).join(" ")));
    const whole = await p.prepare(long, {});
    const batches: { from: number; n: number; model: string; chunker: string }[] = [];
    const streamed = await p.prepare(long, { onEmbedded: (b) => batches.push({ from: b.from, n: b.drafts.length, model: b.embeddingModel, chunker: b.chunkerVersion }) });
    expect(whole.drafts.length).toBeGreaterThan(PREPARE_EMBED_BATCH_CHUNKS); // more than one batch
    expect(batches.map((b) => b.from)).toEqual(Array.from({ length: batches.length }, (_, i) => i * PREPARE_EMBED_BATCH_CHUNKS));
    expect(batches.reduce((n, b) => n + b.n, 0)).toBe(whole.drafts.length);
    expect(new Set(batches.map((b) => `${b.model} ${b.chunker}`))).toEqual(new Set([`${whole.embeddingModel} ${DEFAULT_CHUNKER.version}`]));
    expect(streamed.drafts).toEqual(whole.drafts);
    expect(streamed.vectors).toEqual(whole.vectors!);
    expect(streamed.embeddingModel).toBe(whole.embeddingModel!);
  }, 30_000);

  test("INGEST_PARSE_SPLIT 2: a long document's pages are read by two workers and prepared as one worker prepares them", async () => {
    const long = makePdf(Array.from({ length: SPLIT_MIN_PAGES + 1 }, (_, i) => numberedSentences(4, 10 * i + 1).join(" ")));
    const one = await pool({ embedHashed: true }).prepare(long, { keepEmptyPages: true });
    const split = pool({ embedHashed: true, parseSplit: 2 });
    const events: string[] = [];
    const two = await split.prepare(long, { keepEmptyPages: true, onEvent: (e) => events.push(e.status) });
    expect(split.stats().started).toBe(2); // both workers read
    expect(two.pages).toEqual(one.pages);
    expect(two.drafts).toEqual(one.drafts);
    expect(two.vectors).toEqual(one.vectors!);
    expect(events[0]).toBe("chunking");
    expect(events.slice(1).every((e) => e === "embedding")).toBe(true);
    // A short document is read by one worker, and a failure of a slice is the job's error.
    expect((await split.prepare(pdf, {})).pages.length).toBe(2);
    const timedOut = await pool({ parseSplit: 2, parseTimeoutMs: 1 }).prepare(long, {}).catch((e: unknown) => e);
    expect(timedOut).toMatchObject({ code: "parse_timeout", retryable: false });
  }, 60_000);

  test("a task past PARSE_TIMEOUT_MS fails with final parse_timeout and its worker is replaced", async () => {
    const p = pool({ parseTimeoutMs: 1 });
    const error = await p.prepare(pdf, {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "parse_timeout", retryable: false });
    expect(p.stats()).toMatchObject({ workers: 0, busy: 0, started: 1 });
  });

  test("a worker past its heap budget fails the task with parse_memory_exceeded and is replaced", async () => {
    const p = pool({ limits: { maxHeapBytes: 1 } });
    expect(await p.prepare(pdf, {}).catch((e: unknown) => e)).toMatchObject({ code: "parse_memory_exceeded", retryable: false });
    expect(p.stats().workers).toBe(0);
    expect(await p.prepare(pdf, {}).catch((e: unknown) => e)).toMatchObject({ code: "parse_memory_exceeded" });
    expect(p.stats().started).toBe(2);
  });

  test("reader errors keep their code; the worker stays for the next task", async () => {
    const p = pool({});
    expect(await p.prepare(makeGarbagePdf(2048, 3), {}).catch((e: unknown) => e)).toMatchObject({ code: "invalid_pdf", retryable: false });
    expect((await p.prepare(pdf, {})).pages.length).toBe(2);
    expect(p.stats()).toMatchObject({ workers: 1, started: 1 });
  });

  test("a closed pool refuses work", async () => {
    const p = pool({});
    await p.close();
    expect(await p.prepare(pdf, {}).catch((e: unknown) => e)).toMatchObject({ code: "worker_pool_closed" });
  });
});
