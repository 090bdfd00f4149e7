import { afterEach, describe, expect, test } from "bun:test";
import { createActorSystem } from "./actor-system.ts";
import { AskTimeoutError, UnknownActorKindError } from "./errors.ts";
import { createRecordingLogger } from "./testing.ts";
import type { ActorSystem, DeadLetter } from "./types.ts";

let system: ActorSystem;
afterEach(() => system.shutdown({ timeoutMs: 100 }));

/** An actor whose message "block" waits for `gate`; every received message is recorded. */
function setup(defaultAskTimeoutMs?: number) {
  system = createActorSystem({ logger: createRecordingLogger() }, { defaultAskTimeoutMs });
  const gate = Promise.withResolvers<void>();
  const entered = Promise.withResolvers<void>();
  const received: string[] = [];
  system.register("gated", {
    init: () => null,
    async receive(_: null, message: string) {
      received.push(message);
      if (message === "block") {
        entered.resolve();
        await gate.promise;
      }
      if (message.startsWith("sleep")) await Bun.sleep(Number(message.slice(5)));
      return `done ${message}`;
    },
  });
  return { ref: system.ref<string, string>("gated", "g"), gate, entered, received };
}

describe("ask", () => {
  test("times out with AskTimeoutError; a still-queued timed-out message is skipped", async () => {
    const { ref, gate, entered, received } = setup();
    const blocked = ref.ask("block");
    await entered.promise;
    const started = performance.now();
    const error = await ref.ask("late", { timeoutMs: 30 }).catch((e: unknown) => e);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    expect(error).toBeInstanceOf(AskTimeoutError);
    expect(error).toMatchObject({ code: "ask_timeout", timeoutMs: 30, address: { kind: "gated", id: "g" } });
    const after = ref.ask("after");
    await Bun.sleep(5); // clear of the deadline even with millisecond clock rounding
    gate.resolve();
    expect(await blocked).toBe("done block");
    expect(await after).toBe("done after");
    expect(received).toEqual(["block", "after"]); // "late" never reached receive
    expect(system.stats()).toMatchObject({ expired: 1, processed: 2 });
  });

  test("the system's defaultAskTimeoutMs applies when no timeoutMs is given", async () => {
    const { ref } = setup(20);
    await expect(ref.ask("sleep60")).rejects.toMatchObject({ code: "ask_timeout", timeoutMs: 20 });
  });

  test("a message already running when its ask times out completes; its reply is discarded", async () => {
    const { ref, received } = setup();
    await expect(ref.ask("sleep50", { timeoutMs: 10 })).rejects.toBeInstanceOf(AskTimeoutError);
    expect(await ref.ask("next")).toBe("done next");
    expect(received).toEqual(["sleep50", "next"]);
    expect(system.stats().processed).toBe(2);
  });

  test("abort rejects the wait with the signal's reason", async () => {
    const { ref, gate, entered } = setup();
    const blocked = ref.ask("block");
    await entered.promise;
    const controller = new AbortController();
    const waiting = ref.ask("queued", { signal: controller.signal });
    const reason = new Error("user went away");
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    gate.resolve();
    await blocked;
  });

  test("an already-aborted signal rejects at once and sends nothing", async () => {
    const { ref, received } = setup();
    const error = await ref.ask("never", { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect((error as Error).name).toBe("AbortError");
    await Bun.sleep(5);
    expect(received).toEqual([]);
    expect(system.stats().activations).toBe(0);
  });

  test("an unregistered kind rejects asks with UnknownActorKindError and dead-letters tells", async () => {
    setup();
    const letters: DeadLetter[] = [];
    system.onDeadLetter((l) => letters.push(l));
    await expect(system.ref("nope", "1").ask("hi")).rejects.toMatchObject({ code: "unknown_actor_kind", kind: "nope" });
    system.ref("nope", "1").tell("hi");
    await Bun.sleep(1);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ reason: "failed", message: "hi" });
    expect(letters[0]?.error).toBeInstanceOf(UnknownActorKindError);
  });
});

describe("tell", () => {
  test("delivers, in order, without a reply", async () => {
    const { ref, received } = setup();
    ref.tell("one");
    ref.tell("two");
    expect(await ref.ask("three")).toBe("done three");
    expect(received).toEqual(["one", "two", "three"]);
  });

  test("unsubscribed dead-letter listeners are not called; a throwing listener is logged", async () => {
    const logger = createRecordingLogger();
    system = createActorSystem({ logger });
    const seen: DeadLetter[] = [];
    const off = system.onDeadLetter((l) => seen.push(l));
    system.onDeadLetter(() => {
      throw new Error("bad listener");
    });
    off();
    system.ref("missing", "1").tell("x");
    await Bun.sleep(1);
    expect(seen).toEqual([]);
    expect(logger.at("error", "listener threw")).toHaveLength(1);
    expect(system.stats().deadLetters).toBe(1);
  });
});
