import { describe, expect, test } from "bun:test";
import {
  abortableSleep,
  backoffDelayMs,
  describeFailure,
  resolveRetryOptions,
  RetryError,
  retryAfterMs,
  withRetry,
  type RetryNotice,
} from "./retry.ts";

/** An error shaped like the `openai` package's APIError. */
const apiError = (status: number, headers: Record<string, string> = {}, message = `${status} boom`) =>
  Object.assign(new Error(message), { status, headers: new Headers(headers) });

describe("retryAfterMs", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");
  test("reads retry-after-ms, delay-seconds and HTTP-dates", () => {
    expect(retryAfterMs(new Headers({ "retry-after-ms": "1500" }), now)).toBe(1500);
    expect(retryAfterMs(new Headers({ "retry-after": "2" }), now)).toBe(2000);
    expect(retryAfterMs(new Headers({ "retry-after": "0.5" }), now)).toBe(500);
    expect(retryAfterMs(new Headers({ "retry-after": "Wed, 01 Jan 2025 00:00:05 GMT" }), now)).toBe(5000);
    expect(retryAfterMs(new Headers({ "retry-after": "Tue, 31 Dec 2024 23:00:00 GMT" }), now)).toBe(0);
  });
  test("retry-after-ms wins; plain records match case-insensitively; junk is ignored", () => {
    expect(retryAfterMs(new Headers({ "retry-after-ms": "250", "retry-after": "9" }), now)).toBe(250);
    expect(retryAfterMs({ "Retry-After": "3" }, now)).toBe(3000);
    expect(retryAfterMs(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers({ "retry-after": "-1" }), now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe("describeFailure", () => {
  test("429, 5xx and status-less failures are retryable; other statuses and aborts are not", () => {
    expect(describeFailure(apiError(429, { "retry-after": "1" }))).toMatchObject({ retryable: true, status: 429, retryAfterMs: 1000 });
    expect(describeFailure(apiError(500)).retryable).toBe(true);
    expect(describeFailure(apiError(503)).retryable).toBe(true);
    expect(describeFailure(new TypeError("fetch failed"))).toEqual({ retryable: true, message: "fetch failed" });
    for (const status of [400, 401, 403, 404, 422]) expect(describeFailure(apiError(status)).retryable).toBe(false);
    expect(describeFailure(new DOMException("aborted", "AbortError")).retryable).toBe(false);
  });
});

describe("backoffDelayMs (full jitter)", () => {
  const o = resolveRetryOptions({ baseDelayMs: 100, maxDelayMs: 1000 });
  test("is uniform in [0, min(cap, base·2^(n-1))]", () => {
    expect(backoffDelayMs(1, o, () => 0)).toBe(0);
    expect(backoffDelayMs(1, o, () => 0.999)).toBe(99);
    expect(backoffDelayMs(3, o, () => 0.5)).toBe(200);
    expect(backoffDelayMs(10, o, () => 0.999)).toBe(999);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelayMs(4, o);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(800);
    }
  });
});

describe("withRetry", () => {
  const options = resolveRetryOptions({ maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 });
  const recorder = () => {
    const slept: number[] = [];
    const notices: RetryNotice[] = [];
    return { slept, notices, deps: { sleep: async (ms: number) => void slept.push(ms), random: () => 0.5, onRetry: (n: RetryNotice) => notices.push(n) } };
  };

  test("retries retryable failures with backoff and returns the first success", async () => {
    const r = recorder();
    const failures = [apiError(500), apiError(502)];
    const result = await withRetry(async (attempt) => {
      const f = failures.shift();
      if (f) throw f;
      return `ok on ${attempt}`;
    }, options, r.deps);
    expect(result).toBe("ok on 3");
    expect(r.slept).toEqual([50, 100]);
    expect(r.notices.map((n) => [n.attempt, n.status, n.serverAsked])).toEqual([[1, 500, false], [2, 502, false]]);
  });

  test("waits exactly the server's Retry-After instead of backoff", async () => {
    const r = recorder();
    let calls = 0;
    await withRetry(async () => {
      if (calls++ === 0) throw apiError(429, { "retry-after": "3" });
      return 1;
    }, options, r.deps);
    expect(r.slept).toEqual([3000]);
    expect(r.notices[0]?.serverAsked).toBe(true);
  });

  test("gives up after maxAttempts with a RetryError naming the status and the attempts", async () => {
    const r = recorder();
    const error = await withRetry(async () => Promise.reject(apiError(500, {}, "500 upstream exploded")), options, r.deps).catch((e) => e);
    expect(error).toBeInstanceOf(RetryError);
    expect(error.attempts).toBe(3);
    expect(error.failure).toMatchObject({ retryable: true, status: 500 });
    expect(error.message).toBe("HTTP 500: upstream exploded (gave up after 3 attempts)");
    expect(r.slept).toHaveLength(2);
  });

  test("does not retry a non-retryable status", async () => {
    const r = recorder();
    const error = await withRetry(async () => Promise.reject(apiError(401, {}, "401 Incorrect API key")), options, r.deps).catch((e) => e);
    expect(error).toMatchObject({ attempts: 1, failure: { retryable: false, status: 401 } });
    expect(error.message).toBe("HTTP 401: Incorrect API key (not retried)");
    expect(r.slept).toEqual([]);
  });

  test("gives up at once when the server asks to wait longer than maxRetryAfterMs", async () => {
    const r = recorder();
    const o = resolveRetryOptions({ maxAttempts: 5, maxRetryAfterMs: 10_000 });
    const error = await withRetry(async () => Promise.reject(apiError(429, { "retry-after": "120" })), o, r.deps).catch((e) => e);
    expect(error).toMatchObject({ attempts: 1, failure: { status: 429, retryAfterMs: 120_000 } });
    expect(error.message).toContain("asked to wait 120 s");
    expect(r.slept).toEqual([]);
  });

  test("an abort during the wait rejects with the signal's reason", async () => {
    const controller = new AbortController();
    const started = performance.now();
    const pending = withRetry(async () => Promise.reject(apiError(429, { "retry-after": "30" })), options, {}, controller.signal);
    setTimeout(() => controller.abort(new Error("client went away")), 20);
    await expect(pending).rejects.toThrow("client went away");
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  test("options are validated", () => {
    expect(() => resolveRetryOptions({ maxAttempts: 0 })).toThrow(RangeError);
    expect(() => resolveRetryOptions({ baseDelayMs: -1 })).toThrow(RangeError);
    expect(resolveRetryOptions()).toEqual({ maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 60_000 });
  });

  test("abortableSleep resolves after the delay", async () => {
    const t = performance.now();
    await abortableSleep(30);
    expect(performance.now() - t).toBeGreaterThanOrEqual(25);
  });
});
