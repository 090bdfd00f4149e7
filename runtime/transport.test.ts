import { afterEach, describe, expect, test } from "bun:test";
import { createActorSystem } from "./actor-system.ts";
import { NodeUnreachableError } from "./errors.ts";
import { createInProcessTransport } from "./transport/in-process.ts";
import { createLocalPlacement } from "./placement/local.ts";
import { createRecordingLogger } from "./testing.ts";
import type { ActorContext, ActorSystem, DeadLetter, Envelope, Placement, Transport } from "./types.ts";

const systems: ActorSystem[] = [];
afterEach(async () => {
  await Promise.all(systems.splice(0).map((s) => s.shutdown({ timeoutMs: 100 })));
});

/** Places kind "remote" on node "b", everything else on node "a". */
const placement: Placement = {
  locate: async (address) => (address.kind === "remote" ? "b" : "a"),
  close: async () => {},
};

const whereAmI = { init: () => null, receive: (_: null, __: string, ctx: ActorContext) => ctx.nodeId };

describe("transport and placement seam", () => {
  test("local placement always answers the local node", async () => {
    expect(await createLocalPlacement("n").locate({ kind: "k", id: "i" })).toBe("n");
  });

  test("the local path does not use the transport", async () => {
    const sent: Envelope[] = [];
    const inner = createInProcessTransport();
    const spy: Transport = { ...inner, send: (node, envelope) => (sent.push(envelope), inner.send(node, envelope)) };
    const system = createActorSystem({ logger: createRecordingLogger(), transport: spy }, { nodeId: "solo" });
    systems.push(system);
    system.register("here", whereAmI);
    expect(await system.ref<string, string>("here", "1").ask("?")).toBe("solo");
    expect(sent).toEqual([]);
  });

  test("asks and tells to an actor placed on another node travel through the transport", async () => {
    const transport = createInProcessTransport();
    const a = createActorSystem({ logger: createRecordingLogger(), transport, placement }, { nodeId: "a" });
    const b = createActorSystem({ logger: createRecordingLogger(), transport, placement }, { nodeId: "b" });
    systems.push(a, b);
    const told: string[] = [];
    b.register("remote", {
      init: () => null,
      receive(_: null, message: string, ctx) {
        told.push(message);
        return ctx.nodeId;
      },
    });
    a.register("home", whereAmI);
    expect(await a.ref<string, string>("remote", "r").ask("?")).toBe("b");
    a.ref<string, string>("remote", "r").tell("hello");
    expect(await b.ref<string, string>("home", "h").ask("?")).toBe("a");
    await Bun.sleep(1);
    expect(told).toEqual(["?", "hello"]);
    expect(a.stats().activations).toBe(1); // "home" only
    expect(b.stats().activationsByKind).toEqual({ remote: 1 });
  });

  test("a remote handler's error comes back to the asker (unchanged in process)", async () => {
    const transport = createInProcessTransport();
    const a = createActorSystem({ logger: createRecordingLogger(), transport, placement }, { nodeId: "a" });
    const b = createActorSystem({ logger: createRecordingLogger(), transport, placement }, { nodeId: "b" });
    systems.push(a, b);
    const thrown = new Error("remote failure");
    b.register("remote", { init: () => null, receive: () => Promise.reject(thrown) }, { restartBackoffMs: 0 });
    await expect(a.ref("remote", "r").ask("?")).rejects.toBe(thrown);
    expect(b.stats().failed).toBe(1);
  });

  test("a node nobody listens on is retried until the deadline, then NodeUnreachableError (ask) or a dead letter (tell)", async () => {
    let locates = 0;
    const system = createActorSystem(
      {
        logger: createRecordingLogger(),
        placement: {
          locate: async () => {
            locates++;
            return "ghost";
          },
          close: async () => {},
        },
      },
      { nodeId: "a", defaultAskTimeoutMs: 300 },
    );
    systems.push(system);
    const letters: DeadLetter[] = [];
    system.onDeadLetter((l) => letters.push(l));
    const ref = system.ref<string, string>("any", "1");
    const started = performance.now();
    await expect(ref.ask("?")).rejects.toBeInstanceOf(NodeUnreachableError);
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    expect(locates).toBeGreaterThanOrEqual(3);
    ref.tell("!");
    await Bun.sleep(400);
    expect(letters).toMatchObject([{ reason: "failed", message: "!", error: { code: "node_unreachable", nodeId: "ghost" } }]);
  });

  test("a second listener on the same node id is refused and logged", async () => {
    const transport = createInProcessTransport();
    const logger = createRecordingLogger();
    systems.push(createActorSystem({ logger: createRecordingLogger(), transport }, { nodeId: "same" }));
    systems.push(createActorSystem({ logger, transport }, { nodeId: "same" }));
    await Bun.sleep(1);
    expect(logger.at("error", "transport.listen failed")).toHaveLength(1);
  });
});
