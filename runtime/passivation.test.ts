import { afterEach, describe, expect, test } from "bun:test";
import { createActorSystem } from "./actor-system.ts";
import { createRecordingLogger } from "./testing.ts";
import type { ActorAddress, ActorSystem, Placement } from "./types.ts";

let system: ActorSystem;
afterEach(() => system.shutdown({ timeoutMs: 100 }));

interface Counter {
  count: number;
}
interface Reply {
  activationId: string;
  count: number;
}

describe("passivation", () => {
  test("an idle activation is passivated; the next message gets a fresh activation", async () => {
    const events: string[] = [];
    const placement: Placement = {
      locate: async () => system.nodeId,
      acquired: async (a: ActorAddress) => void events.push(`acquired ${a.kind}/${a.id}`),
      released: async (a: ActorAddress) => void events.push(`released ${a.kind}/${a.id}`),
      close: async () => {},
    };
    system = createActorSystem({ logger: createRecordingLogger(), placement }, { nodeId: "n1" });
    const passivated: { state: Counter; activationId: string }[] = [];
    system.register(
      "counter",
      {
        init: (): Counter => ({ count: 0 }),
        receive: (state: Counter, _: "inc", ctx): Reply => ({ activationId: ctx.activationId, count: ++state.count }),
        passivate: (state: Counter, ctx) => void passivated.push({ state: { ...state }, activationId: ctx.activationId }),
      },
      { idleTimeoutMs: 30 },
    );
    const ref = system.ref<"inc", Reply>("counter", "c1");
    const a = await ref.ask("inc");
    const b = await ref.ask("inc");
    expect(b).toEqual({ activationId: a.activationId, count: 2 });
    expect(system.stats().activations).toBe(1);

    await Bun.sleep(90);
    expect(passivated).toEqual([{ state: { count: 2 }, activationId: a.activationId }]);
    expect(system.stats()).toMatchObject({ activations: 0, activationsByKind: { counter: 0 } });

    const c = await ref.ask("inc");
    expect(c.count).toBe(1);
    expect(c.activationId).not.toBe(a.activationId);
    expect(system.stats().activations).toBe(1);
    expect(events).toEqual(["acquired counter/c1", "released counter/c1", "acquired counter/c1"]);
  });

  test("activity postpones passivation", async () => {
    system = createActorSystem({ logger: createRecordingLogger() });
    let passivations = 0;
    system.register(
      "busy",
      { init: () => null, receive: (_: null, __: number, ctx) => ctx.activationId, passivate: () => void passivations++ },
      { idleTimeoutMs: 60 },
    );
    const ref = system.ref<number, string>("busy", "b");
    const first = await ref.ask(0);
    for (let i = 1; i <= 4; i++) {
      await Bun.sleep(25);
      expect(await ref.ask(i)).toBe(first);
    }
    expect(passivations).toBe(0);
  });

  test("messages arriving during a slow passivate go to the next activation, in order", async () => {
    system = createActorSystem({ logger: createRecordingLogger() });
    const passivating = Promise.withResolvers<void>();
    const finish = Promise.withResolvers<void>();
    let inits = 0;
    system.register(
      "slowbye",
      {
        init: () => ++inits,
        receive: (generation: number, n: number) => ({ generation, n }),
        passivate: async () => {
          passivating.resolve();
          await finish.promise;
        },
      },
      { idleTimeoutMs: 20 },
    );
    const ref = system.ref<number, { generation: number; n: number }>("slowbye", "s");
    expect(await ref.ask(0)).toEqual({ generation: 1, n: 0 });
    await passivating.promise;
    const later = [ref.ask(1), ref.ask(2)];
    await Bun.sleep(10);
    expect(inits).toBe(1); // no second activation while the first one is still passivating
    finish.resolve();
    expect(await Promise.all(later)).toEqual([
      { generation: 2, n: 1 },
      { generation: 2, n: 2 },
    ]);
  });
});
