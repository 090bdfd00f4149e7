/**
 * Event-loop lag as a Prometheus histogram: a timer due every `intervalMs` records how late it
 * fired. prom-client's `nodejs_eventloop_lag_*` gauges read `perf_hooks.monitorEventLoopDelay`,
 * which under Bun (1.4) does not see a blocked loop (a 300 ms busy loop left its max at 0.5 ms,
 * measured), so operators could not tell a blocked server from a slow network.
 */
import { Histogram, type Registry } from "prom-client";
import { FAST_DURATION_BUCKETS_SECONDS } from "./buckets.ts";

/** Default period of the lag probe, milliseconds: 10 probes a second cost nothing measurable. */
export const DEFAULT_EVENT_LOOP_LAG_INTERVAL_MS = 100;

/** A running lag probe. */
export interface EventLoopLagMonitor {
  /** Stops the probe (idempotent). */
  stop(): void;
}

/**
 * Registers `navigator_event_loop_lag_seconds` (how late each probe tick ran, seconds; buckets
 * {@link FAST_DURATION_BUCKETS_SECONDS}) on `registry` and starts the probe. Its timer does not
 * keep the process alive.
 * @param intervalMs probe period, integer ≥ 1. Default {@link DEFAULT_EVENT_LOOP_LAG_INTERVAL_MS}.
 * @throws RangeError on an invalid interval
 */
export function createEventLoopLagMonitor(registry: Registry, intervalMs: number = DEFAULT_EVENT_LOOP_LAG_INTERVAL_MS): EventLoopLagMonitor {
  if (!Number.isInteger(intervalMs) || intervalMs < 1) throw new RangeError(`intervalMs must be an integer ≥ 1, got ${intervalMs}`);
  const lag = new Histogram({
    name: "navigator_event_loop_lag_seconds",
    help: `How late a timer due every ${intervalMs} ms ran on the main event loop, seconds (time the loop was blocked).`,
    buckets: FAST_DURATION_BUCKETS_SECONDS,
    registers: [registry],
  });
  let due = performance.now() + intervalMs;
  const timer = setInterval(() => {
    const now = performance.now();
    lag.observe(Math.max(0, now - due) / 1000);
    due = now + intervalMs;
  }, intervalMs);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
