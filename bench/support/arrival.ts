/**
 * Load at a constant arrival rate (an open loop, as wrk2's `-R` and k6's `constant-arrival-rate`
 * executor): request `k` is due at `start + k / rate`, whether or not earlier ones have answered,
 * and its latency is measured from that scheduled time, not from when a connection was free to
 * send it. A server that stalls therefore pays for every request that should have been sent
 * meanwhile (no coordinated omission), which a closed loop (each connection waits for its answer
 * before asking again) hides: there a slow answer delays the next requests, which are never timed.
 */

/**
 * Requests later than this past their scheduled time, milliseconds, are counted as sent late
 * (every connection was busy): a sign that `connections` is too small for the rate, or that the
 * load generator itself could not keep up. Their latency still counts from the schedule.
 */
export const DEFAULT_LATE_SEND_MS = 10;

/** One request of an open-loop run. */
export interface ArrivalSample<T> {
  /** Index in the schedule (0-based). */
  readonly k: number;
  /** Milliseconds from the scheduled send time to the end of the answer (coordinated omission corrected). */
  readonly ms: number;
  /** Milliseconds from the scheduled send time to the actual send (0 when sent on time). */
  readonly lateMs: number;
  /** Milliseconds from the actual send to the end of the answer (what a closed loop would time). */
  readonly serviceMs: number;
  /** What `send` returned. */
  readonly result: T;
}

/** Options of {@link runAtRate}. */
export interface ArrivalOptions<T> {
  /** Requests per second, > 0. */
  readonly rate: number;
  /** Length of the schedule, seconds, > 0: `floor(rate × seconds)` requests. */
  readonly seconds: number;
  /** Requests in flight at most (the connections), a positive integer; the schedule is spread over them. */
  readonly connections: number;
  /** Sends request `k` and resolves when its answer has ended. */
  readonly send: (k: number) => Promise<T>;
  /** Clock, milliseconds. Default `performance.now`. */
  readonly now?: () => number;
  /** Waits `ms` milliseconds. Default `Bun.sleep`. */
  readonly sleep?: (ms: number) => Promise<unknown>;
}

/** Milliseconds after the start at which request `k` is due at `rate` requests per second. */
export const scheduledOffsetMs = (k: number, rate: number): number => (k * 1000) / rate;

/**
 * Runs `send` on a constant-arrival-rate schedule: `connections` loops each take the next due
 * request, wait for its scheduled time (if it is still ahead), send it and time it from the
 * schedule. When every loop is busy, due requests wait and their waiting counts in their latency.
 * Resolves once the last request has answered, with the samples in completion order.
 * @throws RangeError on a rate, length or connection count out of range
 */
export async function runAtRate<T>(options: ArrivalOptions<T>): Promise<ArrivalSample<T>[]> {
  const { rate, seconds, connections, send } = options;
  if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`rate must be a positive number of requests/s, got ${rate}`);
  if (!(seconds > 0) || !Number.isFinite(seconds)) throw new RangeError(`seconds must be positive, got ${seconds}`);
  if (!Number.isSafeInteger(connections) || connections < 1) throw new RangeError(`connections must be a positive integer, got ${connections}`);
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? ((ms: number) => Bun.sleep(ms));
  const total = Math.floor(rate * seconds);
  const samples: ArrivalSample<T>[] = [];
  const start = now();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(connections, total) }, async () => {
      while (next < total) {
        const k = next++;
        const due = start + scheduledOffsetMs(k, rate);
        const wait = due - now();
        if (wait > 0) await sleep(wait);
        const sent = now();
        const result = await send(k);
        const end = now();
        samples.push({ k, ms: end - due, lateMs: Math.max(0, sent - due), serviceMs: end - sent, result });
      }
    }),
  );
  return samples;
}
