/**
 * KV lease placement against a real private nats-server (test/support/nats.ts): keys, options,
 * ownership and races between nodes, release and close. Liveness (refresh, loss) is in
 * kv-lease-liveness.test.ts.
 */
import { describe, expect, test } from "bun:test";
import type { KV } from "@nats-io/kv";
import { checkNats, useNats } from "../../test/support/nats.ts";
import { ActorSystemStoppedError, NotOwnerError } from "../errors.ts";
import { createRecordingLogger } from "../testing.ts";
import {
  createKvLeasePlacement,
  DEFAULT_LEASE_BUCKET,
  LeaseBucketMismatchError,
  leaseKey,
  openLeaseBucket,
  type KvLeasePlacement,
  type KvLeasePlacementOptions,
} from "./kv-lease.ts";
import { resolveKvLeaseOptions } from "./kv-lease-options.ts";
import { agent, keyCount, leaseTestKit, TEST_LEASE_TTL_MS } from "../../test/support/kv-lease.ts";
import { decodeKeyToken, encodeKeyToken } from "./lease-key.ts";

const check = checkNats();
const nats = useNats();
const { newBucket, node } = leaseTestKit(nats);
const TTL = TEST_LEASE_TTL_MS;

test("NATS is available (fails under CI=true when missing, skips the suite otherwise)", () => {
  if (check.mustFail) throw new Error(check.reason);
  if (!check.available) console.warn(`[kv-lease] ${check.reason}`);
  expect(typeof check.reason).toBe("string");
});

const ODD_IDS = ["ana@example.com", "john smith", "ünïcødé ✓ 日本語", "a.b.c", "b64_x", "a b", "b64_YSBi", "x/y=z", "*", ">"];
const VALID_KEY = /^[-/_=.a-zA-Z0-9]+$/;

describe("lease keys and options (no NATS)", () => {
  test("UUIDs and slugs stay as they are; anything else becomes distinct b64_ tokens that decode back", () => {
    const uuid = "6f1c2e0a-3b4d-4e5f-8a9b-0c1d2e3f4a5b";
    expect(leaseKey({ kind: "agent", id: uuid })).toBe(`agent.${uuid}`);
    expect(leaseKey({ kind: "agent", id: "user_42" })).toBe("agent.user_42");
    expect(leaseKey({ kind: "agent", id: "ana@example.com" })).toBe("agent.b64_YW5hQGV4YW1wbGUuY29t");
    const keys = ODD_IDS.map((id) => leaseKey({ kind: "agent", id }));
    expect(new Set(keys).size).toBe(ODD_IDS.length);
    for (const [i, key] of keys.entries()) {
      expect(key).toMatch(VALID_KEY);
      expect(key.split(".")).toHaveLength(2);
      expect(decodeKeyToken(key.split(".")[1]!)).toBe(ODD_IDS[i]!);
    }
    expect(encodeKeyToken("b64_x")).not.toBe("b64_x"); // a plain-looking id cannot collide with an encoded one
  });

  test("options: defaults, and RangeError naming the option", () => {
    expect(resolveKvLeaseOptions({ hostedKinds: ["agent"] })).toEqual({
      hostedKinds: new Set(["agent"]),
      leaseTtlMs: 10_000,
      refreshIntervalMs: 2_500,
      safetyMarginMs: 2_000,
      ownerCacheMs: 1_000,
      closeTimeoutMs: 2_000,
    });
    const bad: [KvLeasePlacementOptions, RegExp][] = [
      [{ hostedKinds: ["agent"], leaseTtlMs: 1_000, refreshIntervalMs: 800, safetyMarginMs: 200 }, /"refreshIntervalMs" \+ "safetyMarginMs" must be below "leaseTtlMs", got 800 \+ 200 >= 1000/],
      [{ hostedKinds: ["agent"], leaseTtlMs: 1.5 }, /"leaseTtlMs" must be an integer/],
      [{ hostedKinds: ["agent"], safetyMarginMs: 0 }, /"safetyMarginMs" must be an integer in \[1,/],
      [{ hostedKinds: ["agent"], ownerCacheMs: -1 }, /"ownerCacheMs"/],
      [{ hostedKinds: [""] }, /"hostedKinds" must be an array of non-empty strings/],
      [{ hostedKinds: ["agent"], ttl: 5 } as unknown as KvLeasePlacementOptions, /unknown option "ttl"/],
    ];
    for (const [options, message] of bad) expect(() => resolveKvLeaseOptions(options)).toThrow(message);
    expect(() =>
      createKvLeasePlacement({ kv: {} as KV, nodeId: "", logger: createRecordingLogger() }, { hostedKinds: ["agent"] }),
    ).toThrow(/"nodeId" must be a non-empty string/);
    expect(DEFAULT_LEASE_BUCKET).toBe("navigator_actors");
  });
});

describe.skipIf(!check.available)("KV lease placement (real nats-server)", () => {
  test("first locate takes the lease; the other node sees the owner; release lets it move", async () => {
    const bucket = newBucket();
    const A = await node("A", bucket);
    const B = await node("B", bucket);
    const actor = agent("u1");
    expect(await A.placement.locate(actor)).toBe("A");
    expect(await B.placement.locate(actor)).toBe("A");
    expect([A.placement.owns(actor), B.placement.owns(actor)]).toEqual([true, false]);
    const stored = await B.kv.get("agent.u1");
    expect(stored?.operation).toBe("PUT");
    expect(stored?.json<{ node: string; ttl_ms: number }>()).toMatchObject({ node: "A", ttl_ms: TTL });
    expect(A.logger.at("debug", "lease acquired").map((e) => e.obj)).toEqual([{ key: "agent.u1", node: "A", revision: stored!.revision }]);
    await expect(B.placement.acquired(actor)).rejects.toBeInstanceOf(NotOwnerError);

    await A.placement.released(actor);
    expect(A.placement.owns(actor)).toBe(false);
    expect(A.logger.at("debug", "lease released")).toHaveLength(1);
    expect((await B.kv.get("agent.u1"))?.operation).toBe("DEL");
    expect(await B.placement.locate(actor)).toBe("A"); // cached for ownerCacheMs
    B.placement.invalidate(actor, "Z"); // not the cached node: kept
    expect(await B.placement.locate(actor)).toBe("A");
    B.placement.invalidate(actor, "A");
    expect(await B.placement.locate(actor)).toBe("B");
    expect([A.placement.owns(actor), B.placement.owns(actor)]).toEqual([false, true]);
    await A.placement.released(actor); // not held: nothing happens, nothing thrown
    expect(await A.placement.locate(actor)).toBe("B");
    await Promise.all([A.placement.close(), B.placement.close()]);
  }, 15_000);

  test("50 actors located concurrently from two nodes: exactly one owner each, both agree", async () => {
    const bucket = newBucket();
    const A = await node("A", bucket);
    const B = await node("B", bucket);
    // Warm both up (bucket check done) so that the 50 creates really race each other.
    expect([await A.placement.locate(agent("warm-a")), await B.placement.locate(agent("warm-b"))]).toEqual(["A", "B"]);
    await Promise.all([A.placement.released(agent("warm-a")), B.placement.released(agent("warm-b"))]);
    const ids = Array.from({ length: 50 }, () => crypto.randomUUID());
    const jittered = (p: KvLeasePlacement, id: string) => Bun.sleep(Math.random() * 4).then(() => p.locate(agent(id)));
    const calls = ids.flatMap((id) => [jittered(A.placement, id), jittered(B.placement, id)]);
    const owners = await Promise.all(calls);
    let a = 0;
    for (const [i, id] of ids.entries()) {
      const [fromA, fromB] = [owners[2 * i], owners[2 * i + 1]];
      expect(fromA === "A" || fromA === "B").toBe(true);
      expect(fromB).toBe(fromA!);
      expect([A.placement.owns(agent(id)), B.placement.owns(agent(id))]).toEqual([fromA === "A", fromA === "B"]);
      const entry = await A.kv.get(leaseKey(agent(id)));
      expect(entry?.json<{ node: string }>().node).toBe(fromA!);
      if (fromA === "A") a++;
    }
    console.log(`[kv-lease] 50 concurrent actors: ${a} owned by A, ${50 - a} by B`);
    expect(A.placement.heldCount() + B.placement.heldCount()).toBe(50);
    expect(await keyCount(A.kv)).toBe(50); // released warm-up keys hold delete markers, which keys() skips
    await Promise.all([A.placement.close(), B.placement.close()]);
  }, 15_000);

  test("concurrent locates of one actor on one node share one KV operation", async () => {
    const bucket = newBucket();
    const nc = await nats.connect();
    const real = await openLeaseBucket(nc, { bucket, leaseTtlMs: TTL });
    const calls: Record<string, number> = { get: 0, create: 0, update: 0 };
    const counted = new Proxy(real, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as unknown;
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          if (typeof prop === "string" && prop in calls) calls[prop]!++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const A = createKvLeasePlacement({ kv: counted, nodeId: "A", logger: createRecordingLogger() }, { hostedKinds: ["agent"], leaseTtlMs: TTL });
    const owners = await Promise.all(Array.from({ length: 20 }, () => A.locate(agent("same"))));
    expect(owners).toEqual(Array.from({ length: 20 }, () => "A"));
    expect(calls).toEqual({ get: 1, create: 1, update: 0 });
    await A.close();
  }, 15_000);

  test("a node not hosting the kind: undefined for an unowned actor, the owner for an owned one", async () => {
    const bucket = newBucket();
    const A = await node("A", bucket);
    const C = await node("C", bucket, { hostedKinds: ["ingestion"] });
    expect(await C.placement.locate(agent("free"))).toBeUndefined();
    expect(await keyCount(C.kv)).toBe(0);
    expect(await A.placement.locate(agent("taken"))).toBe("A");
    expect(await C.placement.locate(agent("taken"))).toBe("A");
    expect(await C.placement.locate({ kind: "ingestion", id: "doc-1" })).toBe("C");
    await expect(C.placement.acquired(agent("free"))).rejects.toBeInstanceOf(NotOwnerError);
    await Promise.all([A.placement.close(), C.placement.close()]);
  }, 15_000);

  test("a lease naming this node but not held here (previous process, same id) is re-owned", async () => {
    const bucket = newBucket();
    const first = await node("A", bucket);
    expect(await first.placement.locate(agent("r"))).toBe("A");
    const before = (await first.kv.get("agent.r"))!;
    const second = createKvLeasePlacement({ kv: first.kv, nodeId: "A", logger: createRecordingLogger() }, { hostedKinds: ["agent"], leaseTtlMs: TTL });
    expect(await second.locate(agent("r"))).toBe("A");
    expect(second.owns(agent("r"))).toBe(true);
    const after = (await first.kv.get("agent.r"))!;
    expect(after.revision).toBeGreaterThan(before.revision);
    expect(after.json<{ since: number }>().since).toBe(before.json<{ since: number }>().since);
    await Promise.all([first.placement.close(), second.close()]);
  }, 15_000);

  test("odd ids round-trip to distinct valid keys in the bucket", async () => {
    const bucket = newBucket();
    const A = await node("A", bucket);
    const B = await node("B", bucket);
    for (const id of ODD_IDS) expect(await A.placement.locate(agent(id))).toBe("A");
    for (const id of ODD_IDS) expect(await B.placement.locate(agent(id))).toBe("A");
    const keys: string[] = [];
    for await (const key of await A.kv.keys()) keys.push(key);
    expect(keys.sort()).toEqual(ODD_IDS.map((id) => leaseKey(agent(id))).sort());
    expect(keys.map((k) => decodeKeyToken(k.split(".")[1]!)).sort()).toEqual([...ODD_IDS].sort());
    await Promise.all([A.placement.close(), B.placement.close()]);
  }, 15_000);

  test("a bucket with another TTL is refused, by openLeaseBucket and by the placement", async () => {
    const bucket = newBucket();
    const nc = await nats.connect();
    const kv = await openLeaseBucket(nc, { bucket, leaseTtlMs: 2_000 });
    expect((await kv.status()).ttl).toBe(2_000);
    const refused = await openLeaseBucket(nc, { bucket, leaseTtlMs: 3_000 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LeaseBucketMismatchError);
    expect((refused as Error).message).toContain("ttl 2000 ms but the lease TTL is 3000 ms");
    expect((refused as LeaseBucketMismatchError).code).toBe("lease_bucket_mismatch");
    expect((await kv.status()).ttl).toBe(2_000); // left as it was
    const placement = createKvLeasePlacement({ kv, nodeId: "A", logger: createRecordingLogger() }, { hostedKinds: ["agent"], leaseTtlMs: 3_000 });
    await expect(placement.locate(agent("x"))).rejects.toBeInstanceOf(LeaseBucketMismatchError);
    expect(await keyCount(kv)).toBe(0);
    await placement.close();
  }, 15_000);

  test("close releases every lease at once; then locate rejects and close is idempotent", async () => {
    const bucket = newBucket();
    const A = await node("A", bucket);
    const B = await node("B", bucket, { ownerCacheMs: 0 });
    for (const id of ["c1", "c2", "c3"]) expect(await A.placement.locate(agent(id))).toBe("A");
    const closing = A.placement.close();
    expect(A.placement.close()).toBe(closing);
    await closing;
    expect(A.placement.heldCount()).toBe(0);
    expect(A.placement.owns(agent("c1"))).toBe(false);
    const started = Date.now();
    for (const id of ["c1", "c2", "c3"]) expect(await B.placement.locate(agent(id))).toBe("B");
    const elapsed = Date.now() - started;
    console.log(`[kv-lease] after close, B took 3 leases in ${elapsed} ms`);
    expect(elapsed).toBeLessThan(TTL / 2);
    await expect(A.placement.locate(agent("c1"))).rejects.toBeInstanceOf(ActorSystemStoppedError);
    await expect(A.placement.acquired(agent("c9"))).rejects.toBeInstanceOf(ActorSystemStoppedError);
    expect(A.logger.at("debug", "lease released")).toHaveLength(3);
    await B.placement.close();
    expect(await keyCount(B.kv)).toBe(0);
  }, 15_000);

  test("acquired takes a free lease, is a no-op when held, and refuses one owned elsewhere", async () => {
    const bucket = newBucket();
    const A = await node("A", bucket);
    const B = await node("B", bucket);
    await A.placement.acquired(agent("act"));
    const revision = A.placement.leaseOf(agent("act"))!.revision;
    await A.placement.acquired(agent("act"));
    expect(A.placement.leaseOf(agent("act"))!.revision).toBe(revision);
    const refusal = await B.placement.acquired(agent("act")).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(NotOwnerError);
    expect(refusal).toMatchObject({ code: "not_owner", nodeId: "B", address: agent("act") });
    await Promise.all([A.placement.close(), B.placement.close()]);
  }, 15_000);
});
