/**
 * Liveness of KV leases against a real private nats-server: refresh keeps a lease, an owner that
 * dies or loses its server stops trusting it at validUntil, a stolen lease is noticed by the next
 * refresh, and our own late-landing refresh is not mistaken for a theft.
 */
import { describe, expect, test } from "bun:test";
import { checkNats, useNats } from "../../test/support/nats.ts";
import type { ActorAddress } from "../types.ts";
import { leaseKey, openLeaseBucket } from "./kv-lease.ts";
import { agent, leaseTestKit, TEST_LEASE_TTL_MS, waitFor } from "../../test/support/kv-lease.ts";

const check = checkNats();
const nats = useNats();
const { newBucket, node } = leaseTestKit(nats);
const TTL = TEST_LEASE_TTL_MS;

test("NATS is available (fails under CI=true when missing, skips the suite otherwise)", () => {
  if (check.mustFail) throw new Error(check.reason);
  if (!check.available) console.warn(`[kv-lease-liveness] ${check.reason}`);
  expect(typeof check.reason).toBe("string");
});

describe.skipIf(!check.available)("KV lease liveness (real nats-server)", () => {
  test("owner death: A stops trusting its lease at validUntil; B gets it once the server lets it lapse", async () => {
    const bucket = newBucket();
    const A = await node("A", bucket, { refreshIntervalMs: 400, safetyMarginMs: 300 });
    const B = await node("B", bucket, { ownerCacheMs: 0 });
    const actor = agent("dies");
    let lostAt = 0;
    A.placement.onLost((address) => {
      expect(address).toEqual(actor);
      lostAt = Date.now();
    });
    expect(await A.placement.locate(actor)).toBe("A");
    await Bun.sleep(1_000); // a couple of refreshes
    await A.nc.close(); // no release: the node is gone as far as the bucket can tell
    const lastPut = (await B.kv.get(leaseKey(actor)))!;
    expect(lastPut.json<{ node: string }>().node).toBe("A");
    expect(lastPut.revision).toBeGreaterThan(1);
    const validUntil = A.placement.leaseOf(actor)!.validUntil;
    expect(A.placement.owns(actor)).toBe(true);

    const seen: string[] = [];
    const acquiredAt = await waitFor(
      "B to take the lease",
      async () => {
        const owner = (await B.placement.locate(actor))!;
        if (seen.at(-1) !== owner) seen.push(owner);
        return owner === "B";
      },
      TTL + 3_000,
      20,
    );
    expect(seen).toEqual(["A", "B"]);
    expect(A.placement.owns(actor)).toBe(false);
    expect(lostAt).toBeGreaterThanOrEqual(validUntil);
    expect(lostAt - validUntil).toBeLessThanOrEqual(100);
    expect(lostAt).toBeLessThan(acquiredAt); // the old owner let go before anyone else could take it
    const fromLastRefresh = acquiredAt - lastPut.created.getTime();
    console.log(
      `[kv-lease] owner death (ttl ${TTL} ms): A lost ${lostAt - validUntil} ms after validUntil, ` +
        `${lastPut.created.getTime() + TTL - lostAt} ms before the server expiry; B acquired ${fromLastRefresh} ms after A's last refresh`,
    );
    expect(fromLastRefresh).toBeGreaterThanOrEqual(TTL - 20);
    expect(fromLastRefresh).toBeLessThanOrEqual(TTL + 1_000);
    expect(A.logger.at("debug", "lease lost").map((e) => (e.obj as { reason: string }).reason)).toEqual(["expired"]);
    await Promise.all([A.placement.close(), B.placement.close()]);
  }, 15_000);

  test("a stolen lease is detected by the next refresh (wrong last sequence) and reported lost", async () => {
    const bucket = newBucket();
    const refreshIntervalMs = 400;
    const A = await node("A", bucket, { refreshIntervalMs });
    const thief = await nats.connect();
    const kv = await openLeaseBucket(thief, { bucket, leaseTtlMs: TTL });
    const actor = agent("stolen");
    const lost: ActorAddress[] = [];
    A.placement.onLost(() => {
      throw new Error("listener bug");
    });
    A.placement.onLost((address) => lost.push(address));
    const unsubscribed: ActorAddress[] = [];
    const unsubscribe = A.placement.onLost((address) => unsubscribed.push(address));
    unsubscribe();
    expect(await A.placement.locate(actor)).toBe("A");
    const key = leaseKey(actor);
    await kv.delete(key);
    await kv.create(key, JSON.stringify({ node: "C", since: Date.now(), ttl_ms: TTL }));
    const stolenAt = Date.now();
    const detectedAt = await waitFor("A to notice", () => lost.length > 0, refreshIntervalMs + 1_000);
    console.log(`[kv-lease] stolen lease detected after ${detectedAt - stolenAt} ms (refresh interval ${refreshIntervalMs} ms)`);
    expect(detectedAt - stolenAt).toBeLessThanOrEqual(refreshIntervalMs + 300);
    expect(lost).toEqual([actor]);
    expect(unsubscribed).toEqual([]);
    expect(A.logger.at("error", "onLost listener threw")).toHaveLength(1);
    expect(A.logger.at("debug", "lease lost").map((e) => (e.obj as { reason: string }).reason)).toEqual(["taken"]);
    expect(A.placement.owns(actor)).toBe(false);
    expect(await A.placement.locate(actor)).toBe("C");
    expect((await kv.get(key))?.json<{ node: string }>().node).toBe("C"); // A did not overwrite it
    await A.placement.close();
  }, 15_000);

  test("a refresh of ours that landed after timing out is adopted, not taken for a theft", async () => {
    const bucket = newBucket();
    const A = await node("A", bucket, { refreshIntervalMs: 400 });
    const actor = agent("landed");
    const lost: ActorAddress[] = [];
    A.placement.onLost((address) => lost.push(address));
    expect(await A.placement.locate(actor)).toBe("A");
    const key = leaseKey(actor);
    const entry = (await A.kv.get(key))!;
    // What a timed-out refresh that still reached the server leaves behind: same node, same since.
    const landed = await A.kv.update(key, entry.string(), entry.revision);
    await Bun.sleep(1_000); // two refresh rounds
    expect(lost).toEqual([]);
    expect(A.placement.owns(actor)).toBe(true);
    expect(A.placement.leaseOf(actor)!.revision).toBeGreaterThan(landed);
    const stolen = (await A.kv.get(key))!;
    await A.kv.update(key, JSON.stringify({ node: "A", since: 1, ttl_ms: TTL }), stolen.revision); // same node, other since
    await waitFor("A to notice", () => lost.length > 0, 1_500);
    expect(A.logger.at("debug", "lease lost").map((e) => (e.obj as { reason: string }).reason)).toEqual(["taken"]);
    await A.placement.close();
  }, 15_000);

  test("refresh keeps a lease alive well beyond its TTL", async () => {
    const bucket = newBucket();
    const ttl = 1_500;
    const A = await node("A", bucket, { leaseTtlMs: ttl });
    const B = await node("B", bucket, { leaseTtlMs: ttl, ownerCacheMs: 0 });
    const actor = agent("kept");
    const lost: ActorAddress[] = [];
    A.placement.onLost((address) => lost.push(address));
    expect(await A.placement.locate(actor)).toBe("A");
    const first = A.placement.leaseOf(actor)!;
    await Bun.sleep(3 * ttl);
    expect(await B.placement.locate(actor)).toBe("A");
    expect(A.placement.owns(actor)).toBe(true);
    expect(lost).toEqual([]);
    const now = A.placement.leaseOf(actor)!;
    console.log(`[kv-lease] held ${3 * ttl} ms with ttl ${ttl} ms: revision ${first.revision} -> ${now.revision}`);
    expect(now.since).toBe(first.since);
    expect(now.validUntil).toBeGreaterThan(first.validUntil + 2 * ttl);
    expect(A.logger.at("warn")).toEqual([]);
    await Promise.all([A.placement.close(), B.placement.close()]);
  }, 15_000);


  // Last: it stops and restarts this file's nats-server.
  test.skipIf(!check.binary)("a short outage keeps the lease; a long one loses it at validUntil while the refresh hangs", async () => {
    const bucket = newBucket();
    const A = await node("A", bucket, { refreshIntervalMs: 400, safetyMarginMs: 400 });
    const actor = agent("outage");
    const lost: number[] = [];
    A.placement.onLost(() => lost.push(Date.now()));
    expect(await A.placement.locate(actor)).toBe("A");
    const server = nats.server!;

    await server.stop();
    const beforeShort = A.placement.leaseOf(actor)!.validUntil;
    await Bun.sleep(700);
    expect(A.placement.owns(actor)).toBe(true); // refreshes fail, but the lease is still valid
    await server.start();
    await waitFor("a refresh after reconnecting", () => (A.placement.leaseOf(actor)?.validUntil ?? 0) > beforeShort + 700, 5_000);
    expect(lost).toEqual([]);
    expect(A.placement.owns(actor)).toBe(true);

    await server.stop();
    await Bun.sleep(20);
    const validUntil = A.placement.leaseOf(actor)!.validUntil;
    const lostAt = await waitFor("the lease to be lost", () => lost.length > 0, TTL + 1_000);
    console.log(`[kv-lease] server down: lease lost ${lostAt - validUntil} ms after validUntil (refresh requests hanging)`);
    expect(lost[0]! - validUntil).toBeGreaterThanOrEqual(0);
    expect(lost[0]! - validUntil).toBeLessThanOrEqual(100);
    expect(A.placement.owns(actor)).toBe(false);
    expect(A.logger.at("debug", "lease lost").map((e) => (e.obj as { reason: string }).reason)).toEqual(["expired"]);
    expect(A.logger.at("warn", "lease refresh failed").length).toBeGreaterThan(0);
    await server.start();
    await A.placement.close();
  }, 20_000);
});
