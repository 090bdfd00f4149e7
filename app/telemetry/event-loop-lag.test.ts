import { expect, test } from "bun:test";
import { Registry } from "prom-client";
import { createEventLoopLagMonitor } from "./event-loop-lag.ts";

const countAtLeast = async (registry: Registry, le: string) => {
  const text = await registry.metrics();
  const line = text.split("\n").find((l) => l.startsWith(`navigator_event_loop_lag_seconds_bucket{le="${le}"}`));
  const total = Number(/navigator_event_loop_lag_seconds_count (\d+)/.exec(text)?.[1] ?? 0);
  return total - Number(line?.split(" ")[1] ?? 0);
};

test("a blocked event loop is recorded as lag at least as long as the block; stop ends the probe", async () => {
  const registry = new Registry();
  const monitor = createEventLoopLagMonitor(registry, 10);
  await Bun.sleep(30);
  // Block the loop for 300 ms: the next tick runs at least ~290 ms late, however loaded the machine.
  const end = performance.now() + 300;
  while (performance.now() < end) {}
  await Bun.sleep(30);
  expect(await countAtLeast(registry, "0.25")).toBeGreaterThanOrEqual(1);
  monitor.stop();
  const text = await registry.metrics();
  await Bun.sleep(50);
  expect(await registry.metrics()).toBe(text);
});

test("an invalid interval is refused", () => {
  expect(() => createEventLoopLagMonitor(new Registry(), 0)).toThrow(RangeError);
});
