/**
 * JetStream work queue on a private nats-server (test/support/nats.ts): set-up, distribution
 * over two nodes, de-duplication, retry/term outcomes, working(), trace context. Recovery
 * (stop, exhaustion, server restart) and figures are in ./jetstream-recovery.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { jetstream, jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace";
import { checkNats, useNats } from "../../test/support/nats.ts";
import { activeTraceId, registerTracing, SpanKind, withSpan, type TracingHandle } from "../tracing/index.ts";
import { createJetStreamWorkQueue, WorkQueueClosedError, WorkQueueSetupError } from "./index.ts";
import { createRecorder, useQueueNodes, waitFor } from "../../test/support/jetstream.ts";
import { createRecordingLogger } from "../testing.ts";

const check = checkNats();

test("nats-server is available (fails under CI=true when missing, skips the suite otherwise)", () => {
  if (check.mustFail) throw new Error(check.reason);
  if (!check.available) console.warn(`[work queue] ${check.reason}`);
});

const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(() => Promise.reject(new Error("expected a rejection")), (error: unknown) => error);

describe.skipIf(!check.available)("JetStream work queue", () => {
  const nats = useNats();
  const { names, node, start } = useQueueNodes(nats);

  test("invalid options are RangeErrors naming the option", async () => {
    const nc = await nats.connect();
    const deps = { nc, logger: createRecordingLogger() };
    const bad = [
      [{ ...names("v1"), ackWaitMs: 0 }, /"ackWaitMs"/],
      [{ ...names("v2"), maxDeliveries: 1.5 }, /"maxDeliveries"/],
      [{ ...names("v3"), retryBackoffMs: 60_001 }, /"retryBackoffMs"/],
      [{ ...names("v4"), stream: "a.b" }, /"stream"/],
      [{ ...names("v5"), subject: "wq.*" }, /"subject"/],
      [{ ...names("v6"), colour: "red" }, /unknown option "colour"/],
    ] as const;
    for (const [options, message] of bad) {
      const error = await failure(createJetStreamWorkQueue(deps, options as never));
      expect(error).toBeInstanceOf(RangeError);
      expect(String(error)).toMatch(message);
    }
    const { queue } = await node("v7");
    expect(() => queue.process(async () => ({ kind: "ack" }), { concurrency: 0 })).toThrow(/"concurrency"/);
    expect(await failure(queue.enqueue("", 1))).toBeInstanceOf(RangeError);
    expect(await failure(queue.enqueue("x", undefined))).toBeInstanceOf(TypeError);
    const workers = queue.process(async () => ({ kind: "ack" }), { concurrency: 1 });
    expect(String(await failure(workers.stop({ timeoutMs: -1 })))).toMatch(/"timeoutMs"/);
    await workers.stop({ timeoutMs: 0 });
  });

  test("several nodes starting at once all set up the same stream and consumer", async () => {
    const options = { ...names("setup"), ackWaitMs: 4_000, maxDeliveries: 7, duplicateWindowMs: 30_000 };
    const conns = await Promise.all([nats.connect(), nats.connect(), nats.connect()]);
    await Promise.all(conns.map((nc) => createJetStreamWorkQueue({ nc, logger: createRecordingLogger() }, options)));
    const jsm = await jetstreamManager(conns[0]!);
    const stream = await jsm.streams.info(options.stream);
    expect([stream.config.retention, stream.config.storage, stream.config.subjects, stream.config.duplicate_window]).toEqual([
      RetentionPolicy.Workqueue, StorageType.File, [options.subject], nanos(30_000),
    ]);
    const consumer = await jsm.consumers.info(options.stream, "workers");
    expect([consumer.config.ack_policy, consumer.config.ack_wait, consumer.config.max_deliver, consumer.config.filter_subject]).toEqual([
      "explicit", nanos(4_000), 7, options.subject,
    ]);
    // A later node with other settings updates them (last writer wins).
    await createJetStreamWorkQueue({ nc: conns[1]!, logger: createRecordingLogger() }, { ...options, ackWaitMs: 5_000 });
    expect((await jsm.consumers.info(options.stream, "workers")).config.ack_wait).toBe(nanos(5_000));
    // A stream of the same name that is not a work queue is refused.
    const other = names("limits");
    await jsm.streams.add({ name: other.stream, subjects: [other.subject], retention: RetentionPolicy.Limits });
    const error = await failure(createJetStreamWorkQueue({ nc: conns[2]!, logger: createRecordingLogger() }, other));
    expect(error).toBeInstanceOf(WorkQueueSetupError);
    expect((error as WorkQueueSetupError).code).toBe("work_queue_setup");
  });

  test("racing set-ups of one queue always succeed (nats-server 2.9 may answer 'subjects overlap' to the loser)", async () => {
    const conns = await Promise.all([nats.connect(), nats.connect(), nats.connect(), nats.connect()]);
    for (let round = 0; round < 40; round++) {
      const options = names(`race${round}`);
      await Promise.all(conns.map((nc) => createJetStreamWorkQueue({ nc, logger: createRecordingLogger() }, options)));
    }
    // Subjects owned by another stream are still refused.
    const taken = names("race0");
    const error = await failure(createJetStreamWorkQueue({ nc: conns[0]!, logger: createRecordingLogger() }, { ...taken, stream: `${taken.stream}_other` }));
    expect(error).toBeInstanceOf(WorkQueueSetupError);
  });

  test("two nodes with concurrency 2 process 20 items exactly once, never more than 2 at once each", async () => {
    const [a, b] = await Promise.all([node<{ n: number }>("spread"), node<{ n: number }>("spread")]);
    const recorder = createRecorder<{ n: number }>();
    const handler = (name: string) => recorder.track(name, async () => (await Bun.sleep(40), { kind: "ack" as const }));
    start(a.queue.process(handler("a"), { concurrency: 2 }));
    start(b.queue.process(handler("b"), { concurrency: 2 }));
    await Promise.all(Array.from({ length: 20 }, (_, n) => a.queue.enqueue(`item-${n}`, { n })));
    await waitFor(() => recorder.deliveries.length >= 20, 10_000, "20 deliveries");
    await waitFor(async () => (await a.queue.pending()) === 0, 5_000, "pending 0");
    await Bun.sleep(300);
    const ns = recorder.deliveries.map((d) => d.data.n).sort((x, y) => x - y);
    expect(ns).toEqual(Array.from({ length: 20 }, (_, n) => n));
    expect(recorder.deliveries.every((d) => d.deliveryCount === 1 && d.id === `item-${d.data.n}`)).toBe(true);
    const perNode = { a: recorder.deliveries.filter((d) => d.node === "a").length, b: recorder.deliveries.filter((d) => d.node === "b").length };
    console.log("[work queue] 20 items per node:", perNode, "max concurrent:", Object.fromEntries(recorder.maxConcurrent));
    expect(perNode.a).toBeGreaterThan(0);
    expect(perNode.b).toBeGreaterThan(0);
    expect(recorder.maxConcurrent.get("a")).toBe(2);
    expect(recorder.maxConcurrent.get("b")).toBe(2);
    const jsm = await jetstreamManager(a.nc);
    expect((await jsm.streams.info(names("spread").stream)).state.messages).toBe(0);
  });

  test("the same id within the duplicate window is stored once", async () => {
    const { queue, nc } = await node<string>("dup");
    await queue.enqueue("same", "first");
    await queue.enqueue("same", "second");
    await queue.enqueue("other", "third");
    expect(await queue.pending()).toBe(2);
    const jsm = await jetstreamManager(nc);
    expect((await jsm.streams.info(names("dup").stream)).state.messages).toBe(2);
    const recorder = createRecorder<string>();
    start(queue.process(recorder.track("a", async () => ({ kind: "ack" })), { concurrency: 1 }));
    await waitFor(() => recorder.deliveries.length === 2, 5_000, "2 deliveries");
    await Bun.sleep(300);
    expect(recorder.deliveries.map((d) => [d.id, d.data])).toEqual([["same", "first"], ["other", "third"]]);
  });

  test("retry redelivers after its delay; throws and retries without delay back off (doubling)", async () => {
    const { queue } = await node<string>("retry", { retryBackoffMs: 200 });
    const recorder = createRecorder<string>();
    start(queue.process(recorder.track("a", async (item) => {
      if (item.data === "delayed") return item.deliveryCount === 1 ? { kind: "retry", delayMs: 500, reason: "later" } : { kind: "ack" };
      if (item.deliveryCount === 1) throw new Error("boom");
      if (item.deliveryCount === 2) return { kind: "retry", reason: "again" };
      return { kind: "ack" };
    }), { concurrency: 2 }));
    await queue.enqueue("d", "delayed");
    await queue.enqueue("t", "throws");
    await waitFor(() => recorder.deliveries.length === 5, 8_000, "5 deliveries");
    const of = (id: string) => recorder.deliveries.filter((d) => d.id === id);
    expect(of("d").map((d) => d.deliveryCount)).toEqual([1, 2]);
    expect(of("t").map((d) => d.deliveryCount)).toEqual([1, 2, 3]);
    const delayed = of("d")[1]!.at - of("d")[0]!.at;
    const [t1, t2, t3] = of("t").map((d) => d.at) as [number, number, number];
    console.log(`[work queue] redelivery after retry(500 ms): ${delayed.toFixed(0)} ms; after throw (backoff 200): ${(t2 - t1).toFixed(0)} ms; after retry (backoff 400): ${(t3 - t2).toFixed(0)} ms`);
    expect(delayed).toBeGreaterThanOrEqual(450);
    expect(delayed).toBeLessThan(2_000);
    expect(t2 - t1).toBeGreaterThanOrEqual(180);
    expect(t2 - t1).toBeLessThan(1_500);
    expect(t3 - t2).toBeGreaterThanOrEqual(380);
    expect(t3 - t2).toBeLessThan(2_000);
    await waitFor(async () => (await queue.pending()) === 0, 3_000, "pending 0");
  });

  test("term removes the item; an undecodable payload is terminated without calling the handler", async () => {
    const { queue, nc, logger } = await node<string>("term", { ackWaitMs: 1_000 });
    const recorder = createRecorder<string>();
    start(queue.process(recorder.track("a", async () => ({ kind: "term", reason: "poison" })), { concurrency: 1 }));
    await queue.enqueue("p", "poison");
    await jetstream(nc).publish(names("term").subject, "{not json", { msgID: "garbage" });
    await waitFor(() => recorder.deliveries.length === 1, 5_000, "1 delivery");
    await Bun.sleep(2_500); // > 2 ack waits: a term the server ignored would be redelivered
    expect(recorder.deliveries.map((d) => [d.id, d.deliveryCount])).toEqual([["p", 1]]);
    expect(logger.at("error", "undecodable")).toHaveLength(1);
    const jsm = await jetstreamManager(nc);
    expect((await jsm.streams.info(names("term").stream)).state.messages).toBe(0);
    expect(await queue.pending()).toBe(0);
  });

  test("working() keeps a handler of 3 x ackWait from being redelivered", async () => {
    const [a, b] = await Promise.all([node<string>("slow", { ackWaitMs: 1_000 }), node<string>("slow", { ackWaitMs: 1_000 })]);
    const recorder = createRecorder<string>();
    const slow = async () => (await Bun.sleep(3_000), { kind: "ack" as const });
    start(a.queue.process(recorder.track("a", slow), { concurrency: 1 }));
    start(b.queue.process(recorder.track("b", slow), { concurrency: 1 }));
    await a.queue.enqueue("s", "slow");
    await waitFor(async () => recorder.deliveries.length === 1 && (await a.queue.pending()) === 0, 8_000, "ack");
    await Bun.sleep(1_500);
    expect(recorder.deliveries.map((d) => d.deliveryCount)).toEqual([1]);
  }, 15_000);

  test("close naks the items in flight for another node and refuses further use", async () => {
    const [a, b] = await Promise.all([node<string>("close"), node<string>("close")]);
    const recorder = createRecorder<string>();
    a.queue.process(recorder.track("a", () => new Promise<never>(() => {})), { concurrency: 1 });
    await a.queue.enqueue("c", "closing");
    await waitFor(() => recorder.deliveries.length === 1, 5_000, "delivery to a");
    start(b.queue.process(recorder.track("b", async () => ({ kind: "ack" })), { concurrency: 1 }));
    await a.queue.close();
    await a.queue.close();
    await waitFor(() => recorder.deliveries.length === 2, 2_000, "hand-over to b");
    expect(recorder.deliveries.map((d) => [d.node, d.deliveryCount])).toEqual([["a", 1], ["b", 2]]);
    const error = await failure(a.queue.enqueue("d", "late"));
    expect(error).toBeInstanceOf(WorkQueueClosedError);
    expect((error as WorkQueueClosedError).code).toBe("work_queue_closed");
    expect(() => a.queue.process(async () => ({ kind: "ack" }), { concurrency: 1 })).toThrow(WorkQueueClosedError);
    expect(() => a.queue.onExhausted(async () => {})).toThrow(WorkQueueClosedError);
    expect(a.nc.isClosed()).toBe(false);
  });

  describe("tracing", () => {
    const exporter = new InMemorySpanExporter();
    let tracing: TracingHandle | undefined;
    beforeAll(() => void (tracing = registerTracing({ exporter })));
    afterAll(() => tracing?.shutdown());

    test("the handler runs in the trace that was active at enqueue", async () => {
      const { queue } = await node<string>("trace");
      let handlerTrace: string | undefined;
      start(queue.process(async () => ((handlerTrace = activeTraceId()), { kind: "ack" }), { concurrency: 1 }));
      const enqueueTrace = await withSpan("test.enqueue", {}, async () => (await queue.enqueue("tr", "x"), activeTraceId()));
      await waitFor(() => handlerTrace !== undefined, 5_000, "handler");
      expect(enqueueTrace).toMatch(/^[0-9a-f]{32}$/);
      expect(handlerTrace).toBe(enqueueTrace!);
      await waitFor(() => exporter.getFinishedSpans().some((s) => s.name === `work ${names("trace").stream}`), 2_000, "work span");
      const spans = exporter.getFinishedSpans();
      const producer = spans.find((s) => s.name === `enqueue ${names("trace").stream}`);
      const consumer = spans.find((s) => s.name === `work ${names("trace").stream}`);
      expect([producer?.kind, consumer?.kind]).toEqual([SpanKind.PRODUCER, SpanKind.CONSUMER]);
      expect(consumer!.parentSpanContext?.spanId).toBe(producer!.spanContext().spanId);
      expect(consumer!.spanContext().traceId).toBe(enqueueTrace!);
    });
  });
});
