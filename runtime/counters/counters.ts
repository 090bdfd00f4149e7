/**
 * Fixed-window counters for rate limits: `hit(key, windowMs)` adds one to the key's counter of
 * the current window and answers the new count and when the window ends. In one process they
 * live in memory; in a cluster in a JetStream KV bucket (./nats-counters.ts) so every node sees
 * the same counts.
 */

/** The counter of one key in the current window. */
export interface WindowCount {
  /** Hits in this window, this one included (for `peek`: without adding one). */
  readonly count: number;
  /** When the window ends, epoch milliseconds. */
  readonly resetAt: number;
}

/** Counters by key and fixed window. */
export interface CounterStore {
  /** Adds one to `key`'s counter of the current `windowMs` window. */
  hit(key: string, windowMs: number): Promise<WindowCount>;
  /** Reads `key`'s counter of the current window without changing it. */
  peek(key: string, windowMs: number): Promise<WindowCount>;
  /** Forgets `key`'s counter of the current window. */
  reset(key: string, windowMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Index of the fixed window holding `now`, and its end (epoch ms). */
export function windowOf(now: number, windowMs: number): { index: number; resetAt: number } {
  const index = Math.floor(now / windowMs);
  return { index, resetAt: (index + 1) * windowMs };
}

/** Entries a memory store keeps before it sweeps expired windows. */
export const MEMORY_COUNTERS_SWEEP_ENTRIES = 10_000;

/** Counters in this process's memory (embedded mode). */
export function createMemoryCounterStore(deps: { clock?: { now(): number } } = {}): CounterStore {
  const now = () => (deps.clock ?? Date).now();
  const counts = new Map<string, { count: number; resetAt: number }>();
  const slot = (key: string, windowMs: number) => {
    const { index, resetAt } = windowOf(now(), windowMs);
    return { id: `${key}@${windowMs}:${index}`, resetAt };
  };
  const sweep = () => {
    if (counts.size < MEMORY_COUNTERS_SWEEP_ENTRIES) return;
    const t = now();
    for (const [id, entry] of counts) if (entry.resetAt <= t) counts.delete(id);
  };
  return {
    async hit(key, windowMs) {
      const { id, resetAt } = slot(key, windowMs);
      sweep();
      const entry = counts.get(id) ?? { count: 0, resetAt };
      entry.count++;
      counts.set(id, entry);
      return { count: entry.count, resetAt };
    },
    async peek(key, windowMs) {
      const { id, resetAt } = slot(key, windowMs);
      return { count: counts.get(id)?.count ?? 0, resetAt };
    },
    async reset(key, windowMs) {
      counts.delete(slot(key, windowMs).id);
    },
    async close() {
      counts.clear();
    },
  };
}
