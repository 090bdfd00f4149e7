import { describe, expect, test } from "bun:test";
import { restartDelayMs, Supervisor } from "./supervisor.ts";

const limits = { maxConsecutiveFailures: 4, restartBackoffMs: 10, maxRestartBackoffMs: 25 };

describe("Supervisor", () => {
  test("backoff doubles per consecutive failure and is capped", () => {
    expect([1, 2, 3, 4, 60].map((n) => restartDelayMs(limits, n))).toEqual([10, 20, 25, 25, 25]);
  });

  test("decides dead at maxConsecutiveFailures; a success resets the count", () => {
    const supervisor = new Supervisor(limits);
    expect(supervisor.failed()).toEqual({ action: "restart", delayMs: 10 });
    expect(supervisor.failed()).toEqual({ action: "restart", delayMs: 20 });
    supervisor.succeeded();
    expect(supervisor.consecutiveFailures).toBe(0);
    expect(supervisor.failed()).toEqual({ action: "restart", delayMs: 10 });
    supervisor.failed();
    supervisor.failed();
    expect(supervisor.failed()).toEqual({ action: "dead" });
  });
});
