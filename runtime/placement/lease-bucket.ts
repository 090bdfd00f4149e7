/**
 * The JetStream KV bucket that holds actor leases: one entry per owned actor, lapsing through the
 * bucket TTL (stream `max_age`). nats-server 2.9 has no per-key TTL, so the bucket TTL *is* the
 * lease TTL, and every node of the cluster must use the same value.
 */

import type { NatsConnection } from "@nats-io/transport-node";
import { StorageType } from "@nats-io/jetstream";
import { Kvm, type KV } from "@nats-io/kv";
import { checkInteger } from "../options.ts";
import { LeaseBucketMismatchError } from "./lease-key.ts";

/** Default name of the lease bucket (its stream is `KV_navigator_actors`). */
export const DEFAULT_LEASE_BUCKET = "navigator_actors";

/** Options of `openLeaseBucket`. */
export interface LeaseBucketOptions {
  /** Bucket name (`[-_a-zA-Z0-9]+`). Default: DEFAULT_LEASE_BUCKET. */
  readonly bucket?: string;
  /**
   * Lease TTL in milliseconds (integer >= 1): the bucket's `ttl`, so an entry lapses this long
   * after its last put. Pass the same value as `createKvLeasePlacement`'s `leaseTtlMs`.
   */
  readonly leaseTtlMs: number;
}

/**
 * Checks that `kv`'s TTL equals `leaseTtlMs`.
 * @throws LeaseBucketMismatchError when it differs (a shorter bucket TTL would let a lease lapse
 *   while its holder still trusts it; a longer one delays fail-over after a node dies).
 * @throws whatever `kv.status()` throws (e.g. not connected).
 */
export async function verifyLeaseBucket(kv: KV, leaseTtlMs: number): Promise<void> {
  const status = await kv.status();
  if (status.ttl !== leaseTtlMs) throw new LeaseBucketMismatchError(status.bucket, status.ttl, leaseTtlMs);
}

/**
 * Creates the lease bucket, or binds it when it already exists: `ttl: leaseTtlMs`, history 1
 * (only the current holder matters), file storage (leases survive a server restart).
 * @throws RangeError when `leaseTtlMs` is not an integer >= 1.
 * @throws LeaseBucketMismatchError when the bucket exists with another TTL (it is never changed
 *   silently: nodes running with the old TTL would trust leases the server already dropped).
 * @throws the NATS error when JetStream is unavailable or the name is invalid.
 */
export async function openLeaseBucket(nc: NatsConnection, options: LeaseBucketOptions): Promise<KV> {
  const leaseTtlMs = checkInteger("openLeaseBucket", "leaseTtlMs", options.leaseTtlMs, 1);
  const bucket = options.bucket ?? DEFAULT_LEASE_BUCKET;
  const kv = await new Kvm(nc).create(bucket, { ttl: leaseTtlMs, history: 1, storage: StorageType.File });
  await verifyLeaseBucket(kv, leaseTtlMs);
  return kv;
}
