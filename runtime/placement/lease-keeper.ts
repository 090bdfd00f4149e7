/**
 * The leases one node holds, and the single timer that keeps them: a refresh round every
 * `refreshIntervalMs` (compare-and-set `kv.update` per lease, in parallel) and a wake-up at the
 * earliest `validUntil`, so a lease the node can no longer trust is declared lost on time even
 * while its refresh request hangs. Used by `createKvLeasePlacement` (see kv-lease.ts).
 */

import type { KV } from "@nats-io/kv";
import type { RuntimeObserver } from "../observer.ts";
import type { ActorAddress, Clock, Logger } from "../types.ts";
import { encodeLeaseValue, InvalidLeaseValueError, isWrongLastSequence, parseLeaseValue } from "./lease-key.ts";

/** Share of `refreshIntervalMs` after which a refresh request is abandoned (the next round retries). */
export const REFRESH_TIMEOUT_SHARE = 0.8;

/** One lease held by this node. */
export interface Lease {
  readonly key: string;
  readonly address: ActorAddress;
  /** Epoch ms when this node took it (kept in the value across refreshes). */
  readonly since: number;
  /** KV revision of the last successful put. */
  revision: number;
  /** Epoch ms from which the lease is no longer trusted unless refreshed. */
  validUntil: number;
  /** "released": given back, closed, or superseded by a newer lease object on the same key. */
  state: "held" | "released" | "lost";
  /** The refresh request in flight, if any (never rejects). */
  refreshing?: Promise<void>;
}

/** Timing of the keeper, in milliseconds (validated by `resolveKvLeaseOptions`). */
export interface LeaseKeeperOptions {
  readonly leaseTtlMs: number;
  readonly refreshIntervalMs: number;
  readonly safetyMarginMs: number;
}

/** What `createLeaseKeeper` returns. */
export interface LeaseKeeper {
  /** The JSON value this node writes, for a lease taken at `since` (epoch ms). */
  valueFor(since: number): string;
  /** The lease on `key`, valid or not. */
  get(key: string): Lease | undefined;
  /** The lease on `key` if `clock.now() < validUntil`; an expired one is declared lost on the way. */
  valid(key: string): Lease | undefined;
  /**
   * Records a lease just written at `revision` by a put sent at `startedAt` (epoch ms, read
   * before the request): `validUntil = startedAt + leaseTtlMs - safetyMarginMs`.
   */
  hold(address: ActorAddress, key: string, revision: number, since: number, startedAt: number): void;
  /** Forgets the lease on `key` (after its refresh in flight) and deletes it; never rejects. */
  release(key: string): Promise<void>;
  /** Compare-and-set delete of `key` at `revision`, best effort: logs, never rejects. */
  deleteLease(key: string, revision: number): Promise<void>;
  /** Subscribes to leases lost without release; listener errors are logged. Returns an unsubscribe. */
  onLost(listener: (address: ActorAddress) => void): () => void;
  /** Number of leases held. */
  readonly size: number;
  /** Stops the timer and releases every lease; resolves when all deletes settled. */
  stop(): Promise<void>;
}

/** Creates an empty keeper; its timer runs only while it holds leases, and never keeps the process alive. */
export function createLeaseKeeper(
  deps: { readonly kv: KV; readonly nodeId: string; readonly logger: Logger; readonly clock: Clock; readonly observer?: RuntimeObserver },
  opts: LeaseKeeperOptions,
): LeaseKeeper {
  const { kv, nodeId, logger, clock } = deps;
  const leases = new Map<string, Lease>();
  const listeners = new Set<(address: ActorAddress) => void>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wakeAt = Number.POSITIVE_INFINITY;
  let nextRefreshAt = 0;
  let stopped = false;

  const valueFor = (since: number) => encodeLeaseValue({ node: nodeId, since, ttl_ms: opts.leaseTtlMs });
  const validUntilFor = (startedAt: number) => startedAt + opts.leaseTtlMs - opts.safetyMarginMs;

  /** The one timer: wakes at the next refresh round or the earliest expiry, whichever is first. */
  function wakeNoLaterThan(at: number): void {
    if (stopped || at >= wakeAt) return;
    if (timer !== undefined) clearTimeout(timer);
    wakeAt = at;
    timer = setTimeout(tick, Math.max(0, at - clock.now()));
    timer.unref?.();
  }

  function tick(): void {
    timer = undefined;
    wakeAt = Number.POSITIVE_INFINITY;
    const now = clock.now();
    for (const lease of [...leases.values()]) if (now >= lease.validUntil) lose(lease, "expired");
    if (now >= nextRefreshAt) {
      nextRefreshAt = now + opts.refreshIntervalMs;
      const round: Promise<unknown>[] = [];
      for (const lease of [...leases.values()]) {
        if (lease.refreshing) continue;
        const done = refresh(lease);
        lease.refreshing = done.then(() => {
          lease.refreshing = undefined;
        });
        round.push(done);
      }
      void Promise.all(round).then((errors) => {
        const failed = errors.filter((e) => e !== undefined);
        if (failed.length > 0) {
          logger.warn({ failed: failed.length, total: round.length, err: failed[0] }, "lease refresh failed; keeping those leases until they expire");
        }
      });
    }
    if (leases.size === 0) return;
    let at = nextRefreshAt;
    for (const lease of leases.values()) at = Math.min(at, lease.validUntil);
    wakeNoLaterThan(at);
  }

  /**
   * Refreshes one lease; resolves with the error of a failed attempt that did not lose it. A
   * request is abandoned after REFRESH_TIMEOUT_SHARE of the interval (or at validUntil, if
   * sooner) so that the next round can try again, e.g. after a reconnect.
   */
  async function refresh(lease: Lease): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const startedAt = clock.now();
      if (lease.state !== "held") return undefined;
      if (startedAt >= lease.validUntil) return lose(lease, "expired");
      const timeoutMs = Math.max(1, Math.min(Math.ceil(opts.refreshIntervalMs * REFRESH_TIMEOUT_SHARE), lease.validUntil - startedAt));
      let revision: number;
      try {
        revision = await kv.update(lease.key, valueFor(lease.since), lease.revision, timeoutMs);
      } catch (error) {
        const adopted = isWrongLastSequence(error) && attempt === 0 ? await adoptOwnWrite(lease) : false;
        if (adopted === true) continue; // an earlier, timed-out refresh of ours did land: go on from it
        if (isWrongLastSequence(error) && adopted === false) return lose(lease, "taken"); // another node holds it
        logger.debug({ key: lease.key, node: nodeId, err: adopted instanceof Error ? adopted : error }, "lease refresh failed");
        if (clock.now() >= lease.validUntil) lose(lease, "expired");
        return adopted instanceof Error ? adopted : error;
      }
      lease.revision = revision;
      if (lease.state === "held" && clock.now() >= lease.validUntil) lose(lease, "expired");
      if (lease.state === "held") lease.validUntil = validUntilFor(startedAt);
      else if (lease.state === "lost") await deleteLease(lease.key, revision); // refreshed too late: give it back
      return undefined;
    }
  }

  /**
   * After "wrong last sequence": true when the current entry is a later write of this very lease
   * (same node, same `since`; a refresh that timed out but landed), whose revision is adopted;
   * false when someone else wrote it; the Error when it could not be read (not conclusive).
   */
  async function adoptOwnWrite(lease: Lease): Promise<boolean | Error> {
    try {
      const entry = await kv.get(lease.key);
      if (entry === null || entry.operation !== "PUT" || entry.revision <= lease.revision) return false;
      const value = parseLeaseValue(entry);
      if (value.node !== nodeId || value.since !== lease.since) return false;
      lease.revision = entry.revision;
      return true;
    } catch (error) {
      return error instanceof InvalidLeaseValueError ? false : error instanceof Error ? error : new Error(String(error));
    }
  }

  function lose(lease: Lease, reason: "expired" | "taken"): undefined {
    if (lease.state !== "held") return;
    lease.state = "lost";
    if (leases.get(lease.key) === lease) leases.delete(lease.key);
    logger.debug({ key: lease.key, node: nodeId, reason, revision: lease.revision, validUntil: lease.validUntil }, "lease lost");
    deps.observer?.lease?.("lost", lease.address.kind);
    for (const listener of [...listeners]) {
      try {
        listener(lease.address);
      } catch (error) {
        logger.error({ key: lease.key, err: error }, "onLost listener threw");
      }
    }
  }

  async function deleteLease(key: string, revision: number): Promise<void> {
    try {
      await kv.delete(key, { previousSeq: revision });
      logger.debug({ key, node: nodeId, revision }, "lease released");
    } catch (error) {
      if (isWrongLastSequence(error)) logger.debug({ key, node: nodeId, revision }, "lease changed since; not deleted");
      else logger.warn({ key, node: nodeId, revision, err: error }, "could not delete lease; it lapses with the bucket TTL");
    }
  }

  async function give(lease: Lease): Promise<void> {
    lease.state = "released";
    await lease.refreshing;
    await deleteLease(lease.key, lease.revision);
  }

  return {
    valueFor,
    get: (key) => leases.get(key),
    valid(key) {
      const lease = leases.get(key);
      if (lease && clock.now() < lease.validUntil) return lease;
      if (lease) lose(lease, "expired");
      return undefined;
    },
    hold(address, key, revision, since, startedAt) {
      const previous = leases.get(key);
      if (previous) previous.state = "released";
      if (leases.size === 0) nextRefreshAt = clock.now() + opts.refreshIntervalMs;
      const lease: Lease = {
        key,
        address: { kind: address.kind, id: address.id },
        since,
        revision,
        validUntil: validUntilFor(startedAt),
        state: "held",
      };
      leases.set(key, lease);
      logger.debug({ key, node: nodeId, revision }, "lease acquired");
      wakeNoLaterThan(Math.min(nextRefreshAt, lease.validUntil));
    },
    async release(key) {
      const lease = leases.get(key);
      if (!lease) return;
      leases.delete(key);
      await give(lease);
    },
    deleteLease,
    onLost(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    get size() {
      return leases.size;
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      const held = [...leases.values()];
      leases.clear();
      await Promise.allSettled(held.map(give));
    },
  };
}
