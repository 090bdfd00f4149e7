import { describe, expect, test } from "bun:test";
import { createActorSystem } from "./actor-system.ts";
import { ActorSystemStoppedError } from "./errors.ts";
import { createRecordingLogger } from "./testing.ts";
import type { DeadLetter } from "./types.ts";

function setup() {
  const logger = createRecordingLogger();
  const system = createActorSystem({ logger });
  const gate = Promise.withResolvers<void>();
  const entered = Promise.withResolvers<void>();
  const passivated: string[] = [];
  system.register("worker", {
    init: () => null,
    async receive(_: null, message: string) {
      if (message === "block") {
        entered.resolve();
        await gate.promise;
      }
      return `done ${message}`;
    },
    passivate: (_: null, ctx) => void passivated.push(ctx.address.id),
  });
  const letters: DeadLetter[] = [];
  system.onDeadLetter((l) => letters.push(l));
  return { system, logger, gate, entered, passivated, letters, ref: system.ref<string, string>("worker", "w") };
}

describe("shutdown", () => {
  test("drains in-flight and queued messages, rejects new ones, passivates everything", async () => {
    const { system, gate, entered, passivated, letters, ref } = setup();
    const inFlight = ref.ask("block");
    await entered.promise;
    const queued = ref.ask("queued");
    await system.ref<string, string>("worker", "other").ask("warm");

    const stopping = system.shutdown({ timeoutMs: 1000 });
    expect(system.shutdown()).toBe(stopping); // idempotent
    await expect(ref.ask("new")).rejects.toBeInstanceOf(ActorSystemStoppedError);
    ref.tell("new tell");
    await Bun.sleep(1);
    expect(letters).toMatchObject([{ reason: "stopped", message: "new tell" }]);

    gate.resolve();
    await stopping;
    expect(await inFlight).toBe("done block");
    expect(await queued).toBe("done queued");
    expect(passivated.sort()).toEqual(["other", "w"]);
    expect(system.stats().activations).toBe(0);
    await expect(ref.ask("after")).rejects.toMatchObject({ code: "system_stopped" });
    expect(() => system.register("late", { init: () => 0, receive: () => 0 })).toThrow(ActorSystemStoppedError);
  });

  test("after timeoutMs, queued messages are rejected and shutdown resolves; the busy one ends later", async () => {
    const { system, logger, gate, entered, passivated, ref } = setup();
    const inFlight = ref.ask("block", { timeoutMs: 5000 });
    await entered.promise;
    const queued = ref.ask("queued").catch((e: unknown) => e);
    const started = performance.now();
    await system.shutdown({ timeoutMs: 40 });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(35);
    expect(elapsed).toBeLessThan(2_500); // the busy handler holds for 5 s: shutdown did not wait for it
    expect(await queued).toBeInstanceOf(ActorSystemStoppedError);
    expect(passivated).toEqual([]);
    expect(logger.at("warn", "shutdown")).toHaveLength(2);
    gate.resolve();
    expect(await inFlight).toBe("done block");
    await Bun.sleep(1);
    expect(passivated).toEqual(["w"]);
  });
});
