import { describe, expect, test } from "bun:test";
import { runAtRate, scheduledOffsetMs } from "./arrival.ts";

/** A virtual clock: `sleep` advances it, `send` takes `serviceMs(k)` of it. */
function virtualClock() {
  let t = 0;
  const timers: { at: number; resolve: () => void }[] = [];
  const advance = () => {
    timers.sort((a, b) => a.at - b.at);
    const next = timers.shift();
    if (next) {
      t = Math.max(t, next.at);
      next.resolve();
    }
  };
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      timers.push({ at: t + ms, resolve });
      queueMicrotask(() => setTimeout(advance, 0));
    });
  return { now: () => t, sleep: wait, wait };
}

describe("runAtRate", () => {
  test("schedules request k at k / rate seconds", () => {
    expect(scheduledOffsetMs(0, 200)).toBe(0);
    expect(scheduledOffsetMs(200, 200)).toBe(1000);
    expect(scheduledOffsetMs(3, 4)).toBe(750);
  });

  test("sends rate × seconds requests, on time when connections suffice", async () => {
    const clock = virtualClock();
    const samples = await runAtRate({ rate: 10, seconds: 2, connections: 4, send: async (k) => (await clock.wait(50), k), now: clock.now, sleep: clock.sleep });
    expect(samples.map((s) => s.k).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    for (const s of samples) {
      expect(s.lateMs).toBe(0);
      expect(s.ms).toBe(50);
      expect(s.serviceMs).toBe(50);
    }
  });

  test("a request that waits for a free connection is timed from its scheduled time (coordinated omission corrected)", async () => {
    const clock = virtualClock();
    // One connection, a request due every 100 ms, each answer takes 250 ms: the queue grows.
    const samples = await runAtRate({ rate: 10, seconds: 0.4, connections: 1, send: async () => clock.wait(250), now: clock.now, sleep: clock.sleep });
    const byK = new Map(samples.map((s) => [s.k, s]));
    expect(byK.get(0)!.ms).toBe(250);
    // Request 1 was due at 100 ms, sent at 250 ms, answered at 500 ms.
    expect(byK.get(1)!.lateMs).toBe(150);
    expect(byK.get(1)!.serviceMs).toBe(250);
    expect(byK.get(1)!.ms).toBe(400);
    // Request 3 was due at 300 ms, sent at 750 ms, answered at 1000 ms: a closed loop would report 250.
    expect(byK.get(3)!.ms).toBe(700);
  });

  test("rejects a rate, length or connection count out of range", async () => {
    const send = async () => 0;
    await expect(runAtRate({ rate: 0, seconds: 1, connections: 1, send })).rejects.toThrow(RangeError);
    await expect(runAtRate({ rate: 10, seconds: -1, connections: 1, send })).rejects.toThrow(RangeError);
    await expect(runAtRate({ rate: 10, seconds: 1, connections: 0, send })).rejects.toThrow(RangeError);
  });
});
