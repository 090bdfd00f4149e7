/**
 * Fixed-window counters in a JetStream KV bucket, shared by every node of a cluster. One entry
 * per (key, window), updated by compare-and-set on its revision (so concurrent hits from several
 * nodes never lose a count); entries lapse through the bucket TTL (the longest window used).
 */
import type { NatsConnection } from "@nats-io/transport-node";
import { StorageType } from "@nats-io/jetstream";
import { Kvm, type KV } from "@nats-io/kv";
import { CountersUnavailableError } from "../errors.ts";
import { windowOf, type CounterStore } from "./counters.ts";

/** Compare-and-set attempts of one hit before giving up (contention on one key is rare). */
export const COUNTER_CAS_ATTEMPTS = 20;

/** Options of {@link createNatsCounterStore}. */
export interface NatsCounterOptions {
  /** Bucket name (`[-_a-zA-Z0-9]+`), e.g. `navigator_limits`. */
  readonly bucket: string;
  /** Longest window any caller uses, milliseconds: the bucket's TTL. */
  readonly maxWindowMs: number;
}

/**
 * Opens (or creates) the counter bucket.
 * @throws the NATS error when JetStream is unavailable. The store's operations throw
 *   CountersUnavailableError (`counters_unavailable`, retryable) while NATS does not answer.
 */
export async function createNatsCounterStore(deps: { nc: NatsConnection; clock?: { now(): number } }, options: NatsCounterOptions): Promise<CounterStore> {
  const kv: KV = await new Kvm(deps.nc).create(options.bucket, { ttl: options.maxWindowMs, history: 1, storage: StorageType.File });
  const now = () => (deps.clock ?? Date).now();
  const entryKey = async (key: string, windowMs: number) => {
    const { index, resetAt } = windowOf(now(), windowMs);
    // KV keys allow [-/_=.a-zA-Z0-9]: hash whatever the caller counts (emails, addresses).
    const digest = new Bun.CryptoHasher("sha256").update(`${key}@${windowMs}`).digest("hex").slice(0, 40);
    return { name: `c.${digest}.${index}`, resetAt };
  };
  /** Runs one store operation, turning a broker failure into CountersUnavailableError. */
  const guarded = async <T>(op: () => Promise<T>): Promise<T> => {
    try {
      return await op();
    } catch (error) {
      if (error instanceof ContentionError) throw error;
      throw new CountersUnavailableError({ cause: error });
    }
  };
  return {
    hit: (key, windowMs) => guarded(async () => {
      const { name, resetAt } = await entryKey(key, windowMs);
      for (let attempt = 0; attempt < COUNTER_CAS_ATTEMPTS; attempt++) {
        const entry = await kv.get(name);
        const current = entry && entry.operation === "PUT" ? Number(entry.string()) || 0 : 0;
        try {
          if (!entry || entry.operation !== "PUT") await kv.create(name, String(current + 1));
          else await kv.update(name, String(current + 1), entry.revision);
          return { count: current + 1, resetAt };
        } catch {
          // Another node moved the counter first (wrong last sequence): read it again.
        }
      }
      throw new ContentionError(`counter ${key}: too much contention (${COUNTER_CAS_ATTEMPTS} compare-and-set attempts failed)`);
    }),
    peek: (key, windowMs) => guarded(async () => {
      const { name, resetAt } = await entryKey(key, windowMs);
      const entry = await kv.get(name);
      return { count: entry && entry.operation === "PUT" ? Number(entry.string()) || 0 : 0, resetAt };
    }),
    reset: (key, windowMs) => guarded(async () => {
      const { name } = await entryKey(key, windowMs);
      await kv.delete(name);
    }),
    async close() {},
  };
}

/** Compare-and-set kept failing on one key: the count is contended, not the broker down. */
class ContentionError extends Error {}
