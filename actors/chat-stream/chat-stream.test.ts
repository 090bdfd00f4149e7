import { describe, expect, test } from "bun:test";
import { createRecordingLogger } from "../../runtime/testing.ts";
import { checkNats, useNats } from "../../test/support/nats.ts";
import type { ChatStreamEvent } from "../messages.ts";
import { createChatStreamBus, createNatsChatStreamBus, StreamIdError, type ChatStreamBus } from "./index.ts";

const check = checkNats();

test("nats-server is available (fails under CI=true when missing, skips the NATS suite otherwise)", () => {
  if (check.mustFail) throw new Error(check.reason);
  if (!check.available) console.warn(`[chat streams] ${check.reason}`);
});

const TURN: ChatStreamEvent[] = [
  { type: "meta", conversationId: "c-1" },
  { type: "sources", sources: [] },
  { type: "delta", text: "First sentence. " },
  { type: "delta", text: "Second one." },
];

/** Waits until `events` has `n` entries (NATS delivery is asynchronous). */
async function until(events: unknown[], n: number, timeoutMs = 2_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; events.length < n && Date.now() < deadline; ) await Bun.sleep(5);
}

/** The contract both implementations meet; `pair` gives a publishing and a subscribing bus. */
function contract(pair: () => Promise<{ publisher: ChatStreamBus; subscriber: ChatStreamBus }>) {
  test("a subscriber gets its stream's events in order, and only its stream's", async () => {
    const { publisher, subscriber } = await pair();
    const a: ChatStreamEvent[] = [];
    const b: ChatStreamEvent[] = [];
    const offA = await subscriber.subscribe("stream-a", (e) => a.push(e));
    const offB = await subscriber.subscribe("stream-b", (e) => b.push(e));
    for (const event of TURN) publisher.publish("stream-a", event);
    publisher.publish("stream-b", { type: "delta", text: "other" });
    publisher.publish("stream-c", { type: "delta", text: "nobody listens" });
    await until(a, TURN.length);
    await until(b, 1);
    expect(a).toEqual(TURN);
    expect(b).toEqual([{ type: "delta", text: "other" }]);
    offA();
    offB();
  });

  test("unsubscribe stops delivery and is idempotent; subscriptions counts open ones", async () => {
    const { publisher, subscriber } = await pair();
    const got: ChatStreamEvent[] = [];
    const before = subscriber.subscriptions;
    const off = await subscriber.subscribe("stream-u", (e) => got.push(e));
    expect(subscriber.subscriptions).toBe(before + 1);
    publisher.publish("stream-u", TURN[0]!);
    await until(got, 1);
    off();
    off();
    expect(subscriber.subscriptions).toBe(before);
    publisher.publish("stream-u", TURN[2]!);
    await Bun.sleep(50);
    expect(got).toEqual([TURN[0]!]);
  });

  test("a throwing listener does not stop the others", async () => {
    const { publisher, subscriber } = await pair();
    const got: ChatStreamEvent[] = [];
    const off1 = await subscriber.subscribe("stream-t", () => {
      throw new Error("listener bug");
    });
    const off2 = await subscriber.subscribe("stream-t", (e) => got.push(e));
    publisher.publish("stream-t", TURN[2]!);
    await until(got, 1);
    expect(got).toEqual([TURN[2]!]);
    off1();
    off2();
  });

  test("rejects a stream id that is not a subject token; publish never throws", async () => {
    const { publisher, subscriber } = await pair();
    await expect(subscriber.subscribe("a.b", () => {})).rejects.toBeInstanceOf(StreamIdError);
    await expect(subscriber.subscribe("", () => {})).rejects.toBeInstanceOf(StreamIdError);
    expect(() => publisher.publish("a.*", TURN[0]!)).not.toThrow();
  });
}

describe("in-process chat stream bus", () => {
  const bus = createChatStreamBus({ logger: createRecordingLogger() });
  contract(async () => ({ publisher: bus, subscriber: bus }));

  test("delivers synchronously, and nothing after close", async () => {
    const own = createChatStreamBus({ logger: createRecordingLogger() });
    const got: ChatStreamEvent[] = [];
    await own.subscribe("s", (e) => got.push(e));
    own.publish("s", TURN[0]!);
    expect(got).toHaveLength(1);
    await own.close();
    own.publish("s", TURN[1]!);
    expect(got).toHaveLength(1);
    expect(own.subscriptions).toBe(0);
  });
});

describe.skipIf(!check.available)("NATS chat stream bus (two connections, as two nodes)", () => {
  const nats = useNats();
  let buses: { publisher: ChatStreamBus; subscriber: ChatStreamBus } | undefined;
  const logger = createRecordingLogger();
  const pair = async () => {
    if (!buses) {
      const subject = `${nats.unique}.chat.stream`;
      buses = {
        publisher: createNatsChatStreamBus({ nc: await nats.connect({ name: "agent-node" }), logger }, { subject }),
        subscriber: createNatsChatStreamBus({ nc: await nats.connect({ name: "api-node" }), logger }, { subject }),
      };
    }
    return buses;
  };
  contract(pair);

  test("an event published right after subscribe resolves is delivered (the SUB is registered first)", async () => {
    const { publisher, subscriber } = await pair();
    for (let i = 0; i < 20; i++) {
      const got: ChatStreamEvent[] = [];
      const off = await subscriber.subscribe(`race-${i}`, (e) => got.push(e));
      publisher.publish(`race-${i}`, TURN[0]!);
      await until(got, 1);
      expect(got).toEqual([TURN[0]!]);
      off();
    }
  });

  test("skips a payload that is not a chat stream event, and logs it", async () => {
    const { subscriber } = await pair();
    const raw = await nats.connect();
    const got: ChatStreamEvent[] = [];
    const off = await subscriber.subscribe("bad", (e) => got.push(e));
    raw.publish(`${nats.unique}.chat.stream.bad`, "not json");
    raw.publish(`${nats.unique}.chat.stream.bad`, JSON.stringify({ type: "delta" }));
    raw.publish(`${nats.unique}.chat.stream.bad`, JSON.stringify(TURN[3]));
    await until(got, 1);
    expect(got).toEqual([TURN[3]!]);
    expect(logger.at("warn", "malformed chat stream event").length).toBe(2);
    off();
  });

  test("rejects an invalid subject prefix; close drops the subscriptions", async () => {
    const nc = await nats.connect();
    expect(() => createNatsChatStreamBus({ nc, logger }, { subject: "a.>" })).toThrow(RangeError);
    const bus = createNatsChatStreamBus({ nc, logger }, { subject: `${nats.unique}.closing` });
    await bus.subscribe("x", () => {});
    expect(bus.subscriptions).toBe(1);
    await bus.close();
    expect(bus.subscriptions).toBe(0);
    expect(await bus.subscribe("y", () => {})).toBeInstanceOf(Function);
    expect(bus.subscriptions).toBe(0);
  });
});
