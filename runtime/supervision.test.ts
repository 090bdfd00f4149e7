import { afterEach, describe, expect, test } from "bun:test";
import { createActorSystem } from "./actor-system.ts";
import { DeadLetterError } from "./errors.ts";
import { createRecordingLogger, type RecordingLogger } from "./testing.ts";
import type { ActorKindOptions, ActorSystem, DeadLetter } from "./types.ts";

let system: ActorSystem;
let logger: RecordingLogger;
afterEach(() => system.shutdown({ timeoutMs: 100 }));

type Msg = { fail: Error } | "inc";
interface Reply {
  activationId: string;
  count: number;
}

function setup(options: ActorKindOptions) {
  logger = createRecordingLogger();
  system = createActorSystem({ logger });
  let inits = 0;
  system.register(
    "flaky",
    {
      init: () => (inits++, { count: 0 }),
      receive(state: { count: number }, message: Msg, ctx): Reply {
        if (message !== "inc") throw message.fail;
        return { activationId: ctx.activationId, count: ++state.count };
      },
    },
    options,
  );
  const letters: DeadLetter[] = [];
  system.onDeadLetter((letter) => letters.push(letter));
  return { ref: system.ref<Msg, Reply>("flaky", "f"), letters, inits: () => inits };
}

describe("supervision", () => {
  test("a throwing receive rejects that ask with the same error; state is rebuilt from init", async () => {
    const { ref, inits } = setup({ restartBackoffMs: 20 });
    const before = await ref.ask("inc");
    expect((await ref.ask("inc")).count).toBe(2);
    const boom = new Error("boom");
    const error = await ref.ask({ fail: boom }).catch((e: unknown) => e);
    expect(error).toBe(boom);
    const started = performance.now();
    const after = await ref.ask("inc");
    expect(performance.now() - started).toBeGreaterThanOrEqual(15); // restart backoff
    expect(after.count).toBe(1);
    expect(after.activationId).not.toBe(before.activationId);
    expect(inits()).toBe(2);
    expect(logger.at("warn", "restarting")).toHaveLength(1);
    expect(system.stats()).toMatchObject({ failed: 1, processed: 3, deadActors: 0 });
  });

  test("a throwing init rejects the message that needed it, then the actor recovers", async () => {
    logger = createRecordingLogger();
    system = createActorSystem({ logger });
    const initError = new Error("no db");
    let calls = 0;
    system.register(
      "fragile",
      {
        init: () => {
          if (++calls === 1) throw initError;
          return "ok";
        },
        receive: (state: string) => state,
      },
      { restartBackoffMs: 1 },
    );
    const ref = system.ref<number, string>("fragile", "x");
    const [first, second] = await Promise.allSettled([ref.ask(1), ref.ask(2)]);
    expect(first).toEqual({ status: "rejected", reason: initError });
    expect(second).toEqual({ status: "fulfilled", value: "ok" });
  });

  test("after N consecutive failures messages are dead-lettered, until the dead state expires", async () => {
    const { ref, letters } = setup({ maxConsecutiveFailures: 3, restartBackoffMs: 1, idleTimeoutMs: 60 });
    const errors = [new Error("e1"), new Error("e2"), new Error("e3")];
    const results = await Promise.allSettled([
      ...errors.map((fail) => ref.ask({ fail })),
      ref.ask("inc"), // queued when the actor dies
      ref.ask("inc"),
    ]);
    expect(results.slice(0, 3).map((r) => (r as PromiseRejectedResult).reason)).toEqual(errors);
    for (const r of results.slice(3)) {
      expect(r.status).toBe("rejected");
      const reason = (r as PromiseRejectedResult).reason;
      expect(reason).toBeInstanceOf(DeadLetterError);
      expect(reason).toMatchObject({ code: "dead_letter", address: { kind: "flaky", id: "f" } });
      expect((reason as Error).cause).toBe(errors[2]);
    }
    const future = await ref.ask("inc").catch((e: unknown) => e);
    expect(future).toBeInstanceOf(DeadLetterError);
    ref.tell("inc");
    await Bun.sleep(1);
    expect(letters).toHaveLength(4);
    expect(letters.every((l) => l.reason === "failed" && l.message === "inc")).toBe(true);
    expect(letters.every((l) => l.error instanceof DeadLetterError && l.address.id === "f")).toBe(true);
    expect(system.stats()).toMatchObject({ deadActors: 1, deadLetters: 4, failed: 3 });
    expect(logger.at("error", "dead-letter state")).toHaveLength(1);

    await Bun.sleep(90); // dead state lasts idleTimeoutMs, then the actor is reset
    expect(system.stats()).toMatchObject({ deadActors: 0, activations: 0 });
    expect((await ref.ask("inc")).count).toBe(1);
  });

  test("a successful message resets the consecutive-failure count", async () => {
    const { ref } = setup({ maxConsecutiveFailures: 3, restartBackoffMs: 1 });
    const fail = () => ref.ask({ fail: new Error("x") }).catch(() => "failed");
    for (let round = 0; round < 3; round++) {
      expect(await fail()).toBe("failed");
      expect(await fail()).toBe("failed");
      expect((await ref.ask("inc")).count).toBe(1);
    }
    expect(system.stats().deadActors).toBe(0);
  });

  test("a tell whose handler throws reaches the dead-letter sink and the logger", async () => {
    const { ref, letters } = setup({ restartBackoffMs: 1 });
    const boom = new Error("told boom");
    const message = { fail: boom };
    ref.tell(message);
    await Bun.sleep(5);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ reason: "failed", message, error: boom, address: { kind: "flaky", id: "f" } });
    expect(typeof letters[0]?.at).toBe("number");
    expect(logger.at("warn", "dead letter").map((e) => e.obj)).toContainEqual(expect.objectContaining({ err: boom }));
  });
});

describe("isFailure: errors that are answers, not failures", () => {
  test("an error the kind does not count as a failure is the reply; state, activation and counters stay", async () => {
    const system = createActorSystem({ logger: createRecordingLogger() }, { nodeId: "n", maxConsecutiveFailures: 2, restartBackoffMs: 0 });
    let inits = 0;
    system.register<string, string, { count: number }>(
      "answering",
      {
        init: () => (inits++, { count: 0 }),
        receive(state, msg, ctx) {
          state.count++;
          if (msg === "missing") throw Object.assign(new Error("no such thing"), { code: "not_found" });
          if (msg === "bug") throw new Error("a real bug");
          return `${ctx.activationId}:${state.count}`;
        },
      },
      { isFailure: (error) => (error as { code?: unknown }).code !== "not_found" },
    );
    const ref = system.ref<string, string>("answering", "a");
    const first = await ref.ask("ok");
    for (let i = 0; i < 5; i++) await expect(ref.ask("missing")).rejects.toMatchObject({ code: "not_found" });
    const after = await ref.ask("ok");
    expect(after.split(":")[0]).toBe(first.split(":")[0]); // same activation
    expect(after.split(":")[1]).toBe("7"); // state kept across the 5 answers
    expect(inits).toBe(1);
    expect(system.stats()).toMatchObject({ failed: 0, deadActors: 0 });
    // Other errors are still failures: two in a row reach the dead-letter state.
    await expect(ref.ask("bug")).rejects.toThrow("a real bug");
    await expect(ref.ask("bug")).rejects.toThrow("a real bug");
    expect(system.stats()).toMatchObject({ failed: 2, deadActors: 1 });
    await system.shutdown();
  });

  test("isFailure must be a function", () => {
    const system = createActorSystem({ logger: createRecordingLogger() });
    expect(() => system.register("x", { init: () => null, receive: () => null }, { isFailure: 3 as never })).toThrow(/"isFailure" must be a function/);
    void system.shutdown();
  });
});
