/**
 * Cluster placement: a lease per actor `(kind, id)` in a NATS JetStream KV bucket, so that at most
 * one node of the cluster holds a live activation of it.
 *
 * A lease is the KV entry `kind.id` → `{ node, since, ttl_ms }` (see lease-key.ts). It is taken
 * with `kv.create` (fails when someone holds it), kept with compare-and-set `kv.update` every
 * `refreshIntervalMs` (lease-keeper.ts), and given back with a compare-and-set delete. It lapses
 * through the bucket TTL (stream max_age; nats-server 2.9 has no per-key TTL) `leaseTtlMs` after
 * its last successful put, which is how a dead node's actors move. The holder trusts a lease only
 * until `validUntil = (local time before the put) + leaseTtlMs - safetyMarginMs`, strictly before
 * the server can drop it, and reports it lost (`onLost`) at that moment if no refresh succeeded.
 */

import type { KV } from "@nats-io/kv";
import { ActorSystemStoppedError, NotOwnerError } from "../errors.ts";
import type { ActorAddress, Clock, Logger, Placement } from "../types.ts";
import { resolveKvLeaseOptions, type KvLeasePlacementOptions } from "./kv-lease-options.ts";
import { verifyLeaseBucket } from "./lease-bucket.ts";
import type { RuntimeObserver } from "../observer.ts";
import { createLeaseKeeper } from "./lease-keeper.ts";
import { isWrongLastSequence, LeaseBucketMismatchError, LeaseContentionError, leaseKey, parseLeaseValue } from "./lease-key.ts";

export { DEFAULT_LEASE_BUCKET, openLeaseBucket, verifyLeaseBucket, type LeaseBucketOptions } from "./lease-bucket.ts";
export {
  DEFAULT_CLOSE_TIMEOUT_MS,
  DEFAULT_LEASE_TTL_MS,
  DEFAULT_OWNER_CACHE_MS,
  type KvLeasePlacementOptions,
} from "./kv-lease-options.ts";
export { InvalidLeaseValueError, LeaseBucketMismatchError, LeaseContentionError, leaseKey, type LeaseValue } from "./lease-key.ts";

/** Read-then-write rounds one lookup tries before giving up with LeaseContentionError. */
export const MAX_LEASE_ATTEMPTS = 4;
/** Remote owners cached at most; beyond it stale entries are swept, then the oldest dropped. */
export const MAX_CACHED_OWNERS = 4_096;

/** Dependencies of `createKvLeasePlacement`. */
export interface KvLeasePlacementDeps {
  /** The lease bucket (`openLeaseBucket`); its TTL must equal `leaseTtlMs`. */
  readonly kv: KV;
  /**
   * This node's id: unique in the cluster and per process. A lease naming this id that this
   * placement does not hold (e.g. left by a previous process with the same id) is re-owned.
   */
  readonly nodeId: string;
  readonly logger: Logger;
  /** Source of local time. Default: `Date.now`. Timers still run on real time. */
  readonly clock?: Clock;
  /** Told about leases acquired, taken over and lost, for metrics. */
  readonly observer?: RuntimeObserver;
}

/** A lease this node holds, as `KvLeasePlacement.leaseOf` reports it. */
export interface LeaseInfo {
  readonly key: string;
  /** KV revision of the last successful put. */
  readonly revision: number;
  /** Epoch ms from which this node no longer trusts the lease unless refreshed. */
  readonly validUntil: number;
  /** Epoch ms when this node took it. */
  readonly since: number;
}

/** The KV lease placement: every optional `Placement` method is present, plus introspection. */
export interface KvLeasePlacement extends Required<Placement> {
  /** The lease held on `address`, if any (valid or not yet declared lost). */
  leaseOf(address: ActorAddress): LeaseInfo | undefined;
  /** How many leases this node holds. */
  heldCount(): number;
}

/**
 * Creates this node's lease placement (see the module comment).
 * - `locate`: this node when it holds a valid lease; a remote owner cached for `ownerCacheMs`;
 *   otherwise reads the bucket: a live lease names the owner (one naming this node is re-owned),
 *   an unowned actor of a hosted kind is taken (`kv.create`; the loser of a race reads the
 *   winner), an unowned actor of another kind gives `undefined`. Concurrent calls for one actor
 *   share one KV operation.
 * - `owns`: a held lease with `clock.now() < validUntil`.
 * - `acquired`: takes the lease as `locate` would; NotOwnerError when another node owns it.
 * - `released`: forgets the lease and deletes it (compare-and-set, best effort, never throws).
 * - `close`: idempotent; stops the refresh timer and deletes every held lease, waiting at most
 *   `closeTimeoutMs`.
 * @throws RangeError when an option is invalid (see `resolveKvLeaseOptions`) or `nodeId` is empty.
 * `locate`/`acquired` reject with ActorSystemStoppedError after `close`, LeaseBucketMismatchError
 * when the bucket's TTL is not `leaseTtlMs` (checked once, on first use), InvalidLeaseValueError on
 * an entry that is not a lease value, LeaseContentionError, or the NATS error when the bucket
 * cannot be reached.
 */
export function createKvLeasePlacement(deps: KvLeasePlacementDeps, options: KvLeasePlacementOptions): KvLeasePlacement {
  const opts = resolveKvLeaseOptions(options);
  const { kv, nodeId } = deps;
  if (typeof nodeId !== "string" || nodeId.length === 0) {
    throw new RangeError(`createKvLeasePlacement: "nodeId" must be a non-empty string, got ${JSON.stringify(nodeId)}`);
  }
  const clock: Clock = deps.clock ?? { now: () => Date.now() };
  const logger = deps.logger.child({ component: "kv-lease-placement", nodeId });
  const keeper = createLeaseKeeper({ kv, nodeId, logger, clock, observer: deps.observer }, opts);
  const owners = new Map<string, { readonly node: string; readonly at: number }>();
  const inflight = new Map<string, Promise<string | undefined>>();
  let bucketChecked: Promise<void> | undefined;
  let closed = false;
  let closing: Promise<void> | undefined;

  function checkBucket(): Promise<void> {
    bucketChecked ??= verifyLeaseBucket(kv, opts.leaseTtlMs).catch((error: unknown) => {
      if (!(error instanceof LeaseBucketMismatchError)) bucketChecked = undefined; // transient: ask again next time
      throw error;
    });
    return bucketChecked;
  }

  function cacheOwner(key: string, node: string): void {
    if (opts.ownerCacheMs === 0) return;
    const now = clock.now();
    if (owners.size >= MAX_CACHED_OWNERS) {
      for (const [k, v] of owners) if (now - v.at >= opts.ownerCacheMs) owners.delete(k);
      const oldest = owners.keys().next();
      if (owners.size >= MAX_CACHED_OWNERS && !oldest.done) owners.delete(oldest.value);
    }
    owners.delete(key); // re-insert: Map order stays oldest-first
    owners.set(key, { node, at: now });
  }

  /** Reads the lease; re-owns it when it names this node, takes it when unowned and hosted. */
  async function lookup(address: ActorAddress, key: string): Promise<string | undefined> {
    await checkBucket();
    for (let attempt = 0; attempt < MAX_LEASE_ATTEMPTS; attempt++) {
      const entry = await kv.get(key);
      const startedAt = clock.now();
      let since = startedAt;
      let revision: number;
      try {
        if (entry !== null && entry.operation === "PUT") {
          const current = parseLeaseValue(entry);
          if (current.node !== nodeId) {
            cacheOwner(key, current.node);
            return current.node;
          }
          since = current.since;
          revision = await kv.update(key, keeper.valueFor(since), entry.revision);
        } else {
          if (!opts.hostedKinds.has(address.kind)) return undefined;
          revision = await kv.create(key, keeper.valueFor(since));
        }
      } catch (error) {
        if (isWrongLastSequence(error)) continue; // someone wrote it first: read the winner
        throw error;
      }
      if (closed) {
        await keeper.deleteLease(key, revision);
        throw new ActorSystemStoppedError();
      }
      owners.delete(key);
      keeper.hold(address, key, revision, since, startedAt);
      // A lease record that was deleted or purged means another holder's lease ended: a takeover.
      deps.observer?.lease?.(entry === null || entry.operation === "PUT" ? "acquired" : "takeover", address.kind);
      return nodeId;
    }
    throw new LeaseContentionError(key, MAX_LEASE_ATTEMPTS);
  }

  /** One in-flight `lookup` per key, shared by every caller. */
  function lookupShared(address: ActorAddress, key: string): Promise<string | undefined> {
    const running = inflight.get(key);
    if (running) return running;
    const op = lookup(address, key).finally(() => {
      if (inflight.get(key) === op) inflight.delete(key);
    });
    inflight.set(key, op);
    return op;
  }

  return {
    async locate(address) {
      if (closed) throw new ActorSystemStoppedError();
      const key = leaseKey(address);
      if (keeper.valid(key)) return nodeId;
      const cached = owners.get(key);
      if (cached && clock.now() - cached.at < opts.ownerCacheMs) return cached.node;
      return lookupShared(address, key);
    },
    owns(address) {
      const lease = keeper.get(leaseKey(address));
      return !closed && lease !== undefined && clock.now() < lease.validUntil;
    },
    async acquired(address) {
      if (closed) throw new ActorSystemStoppedError();
      const key = leaseKey(address);
      if (keeper.valid(key)) return;
      const owner = await lookupShared(address, key);
      if (owner !== nodeId) throw new NotOwnerError(address, nodeId);
    },
    released: (address) => keeper.release(leaseKey(address)),
    invalidate(address, node) {
      const key = leaseKey(address);
      if (owners.get(key)?.node === node) owners.delete(key);
    },
    onLost: (listener) => keeper.onLost(listener),
    leaseOf(address) {
      const lease = keeper.get(leaseKey(address));
      return lease && { key: lease.key, revision: lease.revision, validUntil: lease.validUntil, since: lease.since };
    },
    heldCount: () => keeper.size,
    close() {
      closing ??= (async () => {
        closed = true;
        owners.clear();
        const held = keeper.size;
        const work = [keeper.stop(), ...[...inflight.values()].map((op) => op.catch(() => undefined))];
        let bound: ReturnType<typeof setTimeout> | undefined;
        const timedOut = new Promise<"timeout">((resolve) => {
          bound = setTimeout(() => resolve("timeout"), opts.closeTimeoutMs);
        });
        const outcome = await Promise.race([Promise.allSettled(work), timedOut]);
        clearTimeout(bound);
        logger.debug({ node: nodeId, released: held, timedOut: outcome === "timeout" }, "lease placement closed");
      })();
      return closing;
    },
  };
}
