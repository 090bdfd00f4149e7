import { describe, expect, test } from "bun:test";
import { createLimitMeter, DEFAULT_INGESTION_LIMITS, HEAP_CHECK_INTERVAL_MS, LimitExceededError, threadCpuMs } from "./limits.ts";

describe("createLimitMeter heap checks", () => {
  test("the heap is read on the first page, then once per HEAP_CHECK_INTERVAL_MS of the thread's CPU time, whatever the wall time", () => {
    let cpu = 1_000;
    let reads = 0;
    const meter = createLimitMeter(DEFAULT_INGESTION_LIMITS, () => (reads++, 1), () => cpu);
    meter.onPage(1, "a");
    expect(reads).toBe(1);
    meter.onPage(2, "b");
    cpu += HEAP_CHECK_INTERVAL_MS - 1;
    meter.onPage(3, "c");
    expect(reads).toBe(1);
    cpu += 1;
    meter.onPage(4, "d");
    expect(reads).toBe(2);
  });

  test("a heap over the budget fails with parse_memory_exceeded at the next check", () => {
    let cpu = 0;
    let heap = 10;
    const meter = createLimitMeter({ ...DEFAULT_INGESTION_LIMITS, maxHeapBytes: 100 }, () => heap, () => cpu);
    meter.onPage(1, "a");
    heap = 101;
    meter.onPage(2, "b"); // not checked yet
    cpu += HEAP_CHECK_INTERVAL_MS;
    expect(() => meter.onPage(3, "c")).toThrow(LimitExceededError);
  });

  test("threadCpuMs grows with this thread's work", () => {
    const t0 = threadCpuMs();
    let x = 0;
    const until = performance.now() + 5_000; // a cap on a loaded machine; the loop ends once 5 ms of CPU are counted
    while (threadCpuMs() - t0 < 5 && performance.now() < until) for (let i = 0; i < 10_000; i++) x += Math.sqrt(x + i);
    expect(x).toBeGreaterThan(0);
    expect(threadCpuMs() - t0).toBeGreaterThanOrEqual(5);
  });
});
