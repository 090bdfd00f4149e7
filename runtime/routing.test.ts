import { afterEach, describe, expect, test } from "bun:test";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace";
import { createActorSystem } from "./actor-system.ts";
import { NodeUnreachableError, OverloadedError } from "./errors.ts";
import { createRecordingLogger } from "./testing.ts";
import { activeTraceId, registerTracing, withSpan } from "./tracing/index.ts";
import { createInProcessTransport } from "./transport/in-process.ts";
import type { ActorAddress, ActorBehavior, ActorSystem, Placement } from "./types.ts";

/**
 * A directory shared by in-process "nodes": first locate by a hosting node takes ownership, the
 * test can move or drop ownership and fire `onLost`. It stands in for the KV lease placement
 * (tested against real NATS in placement/kv-lease.test.ts) to test the system's routing rules.
 */
function createDirectory() {
  const owners = new Map<string, string>();
  const lostListeners = new Map<string, (address: ActorAddress) => void>();
  const key = (a: ActorAddress) => `${a.kind}/${a.id}`;
  const released: string[] = [];
  return {
    owners,
    released,
    placementFor(nodeId: string, hosted: readonly string[]): Placement {
      return {
        async locate(address) {
          const owner = owners.get(key(address));
          if (owner) return owner;
          if (!hosted.includes(address.kind)) return undefined;
          owners.set(key(address), nodeId);
          return nodeId;
        },
        owns: (address) => owners.get(key(address)) === nodeId,
        async released(address) {
          released.push(`${nodeId}:${key(address)}`);
          if (owners.get(key(address)) === nodeId) owners.delete(key(address));
        },
        onLost(listener) {
          lostListeners.set(nodeId, listener);
          return () => lostListeners.delete(nodeId);
        },
        async close() {},
      };
    },
    /** Moves ownership of `address` to `to` and tells the old owner it lost it. */
    move(address: ActorAddress, to: string) {
      const from = owners.get(key(address));
      owners.set(key(address), to);
      if (from && from !== to) lostListeners.get(from)?.(address);
    },
  };
}

type Msg = { op: "who" } | { op: "slow"; ms: number } | { op: "nested" };
type Reply = { node: string; activation: string };

const behavior = (log: string[] = []): ActorBehavior<Msg, Reply, null> => ({
  init: () => null,
  async receive(_s, msg, ctx) {
    log.push(`${ctx.nodeId}:${msg.op}`);
    if (msg.op === "slow") await Bun.sleep(msg.ms);
    if (msg.op === "nested") await ctx.ref<Msg, Reply>("elsewhere", "x").ask({ op: "who" }, { timeoutMs: 100 });
    return { node: ctx.nodeId, activation: ctx.activationId };
  },
});

describe("routing across nodes", () => {
  const systems: ActorSystem[] = [];
  afterEach(async () => {
    await Promise.all(systems.splice(0).map((s) => s.shutdown({ timeoutMs: 200 })));
  });

  function cluster(hostedBy: Record<string, readonly string[]>, options: { maxInflightAsks?: number; log?: string[] } = {}) {
    const transport = createInProcessTransport();
    const directory = createDirectory();
    const nodes: Record<string, ActorSystem> = {};
    for (const [nodeId, hosted] of Object.entries(hostedBy)) {
      const system = createActorSystem(
        { logger: createRecordingLogger(), transport, placement: directory.placementFor(nodeId, hosted) },
        { nodeId, hostedKinds: hosted, defaultAskTimeoutMs: 2_000 },
      );
      for (const kind of hosted) system.register(kind, behavior(options.log), { maxInflightAsks: options.maxInflightAsks });
      nodes[nodeId] = system;
      systems.push(system);
    }
    return { nodes, directory };
  }

  test("a node hosting no agents reaches one through the kind; later asks go to the same owner", async () => {
    const { nodes, directory } = cluster({ api: [], a1: ["agent"], a2: ["agent"] });
    const api = nodes.api!;
    const first = await api.ref<Msg, Reply>("agent", "u1").ask({ op: "who" });
    expect(["a1", "a2"]).toContain(first.node);
    expect(directory.owners.get("agent/u1")).toBe(first.node);
    for (let i = 0; i < 5; i++) expect(await api.ref<Msg, Reply>("agent", "u1").ask({ op: "who" })).toEqual(first);
    // Several users spread over both agent nodes (round robin of the kind).
    const placed = await Promise.all(["u2", "u3", "u4", "u5"].map((u) => api.ref<Msg, Reply>("agent", u).ask({ op: "who" })));
    expect(new Set(placed.map((r) => r.node)).size).toBe(2);
    expect(api.stats().forwarded).toBeGreaterThanOrEqual(10);
  });

  test("registering a kind outside hostedKinds is refused", () => {
    const system = createActorSystem({ logger: createRecordingLogger() }, { nodeId: "x", hostedKinds: ["agent"] });
    systems.push(system);
    expect(() => system.register("ingestion", behavior())).toThrow(/not in this node's hostedKinds/);
  });

  test("a node that does not own the actor refuses; the sender re-routes to the new owner", async () => {
    const log: string[] = [];
    const transport = createInProcessTransport();
    const directory = createDirectory();
    directory.owners.set("agent/u1", "a2");
    const a1 = createActorSystem({ logger: createRecordingLogger(), transport, placement: directory.placementFor("a1", ["agent"]) }, { nodeId: "a1" });
    const a2 = createActorSystem({ logger: createRecordingLogger(), transport, placement: directory.placementFor("a2", ["agent"]) }, { nodeId: "a2" });
    // The api node's first answer is stale (a1), as a cached owner would be after a move.
    let stale = true;
    const directoryView = directory.placementFor("api", []);
    const api = createActorSystem(
      {
        logger: createRecordingLogger(),
        transport,
        placement: {
          async locate(address) {
            if (!stale) return directoryView.locate(address);
            stale = false;
            return "a1";
          },
          async close() {},
        },
      },
      { nodeId: "api" },
    );
    systems.push(a1, a2, api);
    a1.register("agent", behavior(log));
    a2.register("agent", behavior(log));
    expect((await api.ref<Msg, Reply>("agent", "u1").ask({ op: "who" })).node).toBe("a2");
    expect(log).toEqual(["a2:who"]);
    expect(a1.stats().activations).toBe(0);
  });

  test("an unreachable owner is retried until placement names a live one", async () => {
    const transport = createInProcessTransport();
    let owner = "ghost";
    const live = createActorSystem(
      { logger: createRecordingLogger(), transport, placement: { locate: async () => owner, close: async () => {} } },
      { nodeId: "live" },
    );
    live.register("agent", behavior());
    const caller = createActorSystem(
      { logger: createRecordingLogger(), transport, placement: { locate: async () => owner, close: async () => {} } },
      { nodeId: "caller" },
    );
    systems.push(live, caller);
    setTimeout(() => (owner = "live"), 150);
    const started = performance.now();
    expect((await caller.ref<Msg, Reply>("agent", "u").ask({ op: "who" }, { timeoutMs: 2_000 })).node).toBe("live");
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  test("losing ownership: the running message finishes here, queued ones move to the new owner, no release", async () => {
    const log: string[] = [];
    const { nodes, directory } = cluster({ a1: ["agent"], a2: ["agent"] }, { log });
    directory.owners.set("agent/u1", "a1");
    const ref = nodes.a1!.ref<Msg, Reply>("agent", "u1");
    const running = ref.ask({ op: "slow", ms: 100 });
    await Bun.sleep(10);
    const queued = [ref.ask({ op: "who" }), ref.ask({ op: "who" }), ref.ask({ op: "who" })];
    directory.move({ kind: "agent", id: "u1" }, "a2");
    const [first, ...rest] = await Promise.all([running, ...queued]);
    expect(first!.node).toBe("a1");
    expect(rest.map((r) => r.node)).toEqual(["a2", "a2", "a2"]);
    expect(new Set(rest.map((r) => r.activation)).size).toBe(1);
    await Bun.sleep(10);
    expect(nodes.a1!.stats().activations).toBe(0);
    expect(directory.released).not.toContain("a1:agent/u1");
    expect(log).toEqual(["a1:slow", "a2:who", "a2:who", "a2:who"]);
  });

  test("maxInflightAsks bounds unsettled asks per kind on a node: OverloadedError beyond it", async () => {
    const { nodes } = cluster({ a1: ["agent"] }, { maxInflightAsks: 2 });
    const a1 = nodes.a1!;
    const slow = [a1.ref<Msg, Reply>("agent", "u1").ask({ op: "slow", ms: 50 }), a1.ref<Msg, Reply>("agent", "u2").ask({ op: "slow", ms: 50 })];
    await Bun.sleep(5);
    expect(a1.stats().inflightByKind).toEqual({ agent: 2 });
    await expect(a1.ref<Msg, Reply>("agent", "u3").ask({ op: "who" })).rejects.toBeInstanceOf(OverloadedError);
    await Promise.all(slow);
    expect(a1.stats().inflightByKind).toEqual({ agent: 0 });
    expect((await a1.ref<Msg, Reply>("agent", "u3").ask({ op: "who" })).node).toBe("a1");
  });

  test("an unreachable-node error from inside a handler is not re-routed (processed exactly once)", async () => {
    const log: string[] = [];
    const transport = createInProcessTransport();
    const system = createActorSystem(
      {
        logger: createRecordingLogger(),
        transport,
        placement: { locate: async (a) => (a.kind === "elsewhere" ? "ghost" : "n1"), close: async () => {} },
      },
      { nodeId: "n1", restartBackoffMs: 0 },
    );
    systems.push(system);
    system.register("agent", behavior(log));
    const error = await system.ref<Msg, Reply>("agent", "u").ask({ op: "nested" }, { timeoutMs: 1_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeUnreachableError);
    expect((error as NodeUnreachableError).undelivered).toBe(false);
    expect(log).toEqual(["n1:nested"]);
  });

  test("the handler runs inside the sender's trace context", async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = registerTracing({ exporter });
    try {
      const { nodes } = cluster({ api: [], a1: ["agent"] });
      const seen: (string | undefined)[] = [];
      const probe = createActorSystem({ logger: createRecordingLogger() }, { nodeId: "p" });
      systems.push(probe);
      probe.register("probe", { init: () => null, receive: () => seen.push(activeTraceId()) });
      let sent: string | undefined;
      await withSpan("test", {}, async () => {
        sent = activeTraceId();
        await probe.ref("probe", "1").ask("x");
        await nodes.api!.ref<Msg, Reply>("agent", "u1").ask({ op: "who" });
      });
      expect(sent).toMatch(/^[0-9a-f]{32}$/);
      expect(seen).toEqual([sent]);
      const processed = exporter.getFinishedSpans().filter((s) => s.name === "actor.process agent");
      expect(processed).toHaveLength(1);
      expect(processed[0]!.spanContext().traceId).toBe(sent!);
    } finally {
      await tracing.shutdown();
    }
  });
});
