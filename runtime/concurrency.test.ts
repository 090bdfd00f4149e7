import { afterEach, describe, expect, test } from "bun:test";
import { createActorSystem } from "./actor-system.ts";
import { MailboxFullError } from "./errors.ts";
import { createRecordingLogger } from "./testing.ts";
import type { ActorSystem, DeadLetter } from "./types.ts";

let system: ActorSystem;
afterEach(() => system.shutdown({ timeoutMs: 100 }));

describe("one message at a time per actor, actors in parallel", () => {
  test("1,000 concurrent asks to one actor never interleave and reply in FIFO order", async () => {
    system = createActorSystem({ logger: createRecordingLogger() });
    let inside = 0;
    let maxInside = 0;
    const seen: number[] = [];
    system.register("serial", {
      init: () => ({ total: 0 }),
      async receive(state: { total: number }, n: number) {
        inside++;
        maxInside = Math.max(maxInside, inside);
        await new Promise((resolve) => setImmediate(resolve)); // yields to the event loop
        seen.push(n);
        state.total++;
        inside--;
        return { n, total: state.total };
      },
    });
    const ref = system.ref<number, { n: number; total: number }>("serial", "one");
    const replyOrder: number[] = [];
    const asks = Array.from({ length: 1000 }, (_, i) => ref.ask(i).then((r) => (replyOrder.push(r.n), r)));
    const replies = await Promise.all(asks);
    const expected = Array.from({ length: 1000 }, (_, i) => i);
    expect(maxInside).toBe(1);
    expect(seen).toEqual(expected);
    expect(replyOrder).toEqual(expected);
    expect(replies.map((r) => r.total)).toEqual(expected.map((i) => i + 1));
    expect(system.stats()).toMatchObject({ activations: 1, processed: 1000, failed: 0 });
  });

  test("different actors run concurrently (two 300 ms handlers finish in ~1x, not 2x)", async () => {
    system = createActorSystem({ logger: createRecordingLogger() });
    system.register("slow", { init: () => null, receive: async () => void (await Bun.sleep(300)) });
    const started = performance.now();
    await Promise.all([system.ref("slow", "a").ask(1), system.ref("slow", "b").ask(1)]);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(560); // one after the other would take 600 ms
    expect(system.stats().activationsByKind).toEqual({ slow: 2 });
  });

  test("MailboxFullError when the mailbox is full; tell reports mailbox_full to dead letters", async () => {
    system = createActorSystem({ logger: createRecordingLogger() });
    const gate = Promise.withResolvers<void>();
    const entered = Promise.withResolvers<void>();
    system.register(
      "blocked",
      {
        init: () => null,
        async receive(_: null, n: number) {
          entered.resolve();
          await gate.promise;
          return n;
        },
      },
      { mailboxCapacity: 2 },
    );
    const letters: DeadLetter[] = [];
    system.onDeadLetter((l) => letters.push(l));
    const ref = system.ref<number, number>("blocked", "x");
    const first = ref.ask(1);
    await entered.promise; // 1 is being processed and does not count
    const queued = [ref.ask(2), ref.ask(3)];
    const error = await ref.ask(4).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailboxFullError);
    expect(error).toMatchObject({ code: "mailbox_full", capacity: 2, address: { kind: "blocked", id: "x" } });
    ref.tell(5);
    await Bun.sleep(5);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ reason: "mailbox_full", message: 5, address: { kind: "blocked", id: "x" } });
    expect(letters[0]?.error).toBeInstanceOf(MailboxFullError);
    gate.resolve();
    expect(await Promise.all([first, ...queued])).toEqual([1, 2, 3]);
  });
});
