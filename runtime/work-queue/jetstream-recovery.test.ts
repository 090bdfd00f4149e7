/**
 * JetStream work queue recovery on a private nats-server: stop with hand-over, exhausted items
 * (naks and crashed workers), a server restart, and measured figures (latency, throughput).
 */
import { describe, expect, test } from "bun:test";
import { jetstreamManager } from "@nats-io/jetstream";
import { checkNats, useNats } from "../../test/support/nats.ts";
import type { ExhaustedItem } from "./index.ts";
import { createRecorder, percentile, useQueueNodes, waitFor } from "../../test/support/jetstream.ts";

const check = checkNats();

test("nats-server is available (fails under CI=true when missing, skips the suite otherwise)", () => {
  if (check.mustFail) throw new Error(check.reason);
  if (!check.available) console.warn(`[work queue recovery] ${check.reason}`);
});

describe.skipIf(!check.available)("JetStream work queue recovery", () => {
  const nats = useNats();
  const { running, names, node, start } = useQueueNodes(nats);

  test("stop naks an unfinished handler and another node takes it at once; a finished one counts as finished", async () => {
    const [a, b] = await Promise.all([node<string>("stop"), node<string>("stop")]); // ackWait: default 10 s
    const recorder = createRecorder<string>();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const workersA = a.queue.process(recorder.track("a", async () => (await released, { kind: "ack" as const })), { concurrency: 1 });
    await a.queue.enqueue("long", "long");
    await waitFor(() => workersA.inflight === 1, 5_000, "a in flight");
    start(b.queue.process(recorder.track("b", async () => ({ kind: "ack" })), { concurrency: 1 }));
    const stopped = performance.now();
    expect(await workersA.stop({ timeoutMs: 200 })).toEqual({ finished: 0, nakked: 1 });
    await waitFor(() => recorder.deliveries.length === 2, 5_000, "redelivery to b");
    const handOverMs = recorder.deliveries[1]!.at - stopped;
    console.log(`[work queue] stop -> other node got the item after ${handOverMs.toFixed(0)} ms (ack wait 10 000 ms)`);
    expect(recorder.deliveries.map((d) => [d.node, d.deliveryCount])).toEqual([["a", 1], ["b", 2]]);
    expect(handOverMs).toBeLessThan(2_000);
    release(); // a's late outcome is ignored
    await waitFor(() => a.logger.at("warn", "after the workers stopped").length === 1, 2_000, "late outcome log");
    expect(workersA.inflight).toBe(0);
    await waitFor(async () => (await b.queue.pending()) === 0, 3_000, "pending 0");

    const finishing = a.queue.process(async () => (await Bun.sleep(100), { kind: "ack" }), { concurrency: 1 });
    // b stops: its pull still waiting on the server may receive the next item, and hands it over at once.
    await running.splice(0)[0]!.stop({ timeoutMs: 0 });
    await a.queue.enqueue("short", "short");
    const takenMs = await waitFor(() => finishing.inflight === 1, 5_000, "short in flight");
    expect(takenMs).toBeLessThan(2_000);
    expect(await finishing.stop({ timeoutMs: 2_000 })).toEqual({ finished: 1, nakked: 0 });
    await waitFor(async () => (await a.queue.pending()) === 0, 3_000, "pending 0");
  }, 20_000);

  test("an item nak'ed on every delivery is reported once by onExhausted and removed", async () => {
    const options = { maxDeliveries: 3, retryBackoffMs: 50 };
    const [a, l1, l2] = await Promise.all([node<{ v: number }>("nakx", options), node<{ v: number }>("nakx", options), node<{ v: number }>("nakx", options)]);
    const exhausted: ExhaustedItem<{ v: number }>[] = [];
    l1.queue.onExhausted(async (item) => void exhausted.push(item));
    const off = l2.queue.onExhausted(async (item) => void exhausted.push(item));
    const recorder = createRecorder<{ v: number }>();
    start(a.queue.process(recorder.track("a", async (item) => ({
      kind: "retry",
      // The last delivery ignores the delay (nothing to delay): exhaustion is reported at once.
      delayMs: item.deliveryCount < item.maxDeliveries ? 50 : 30_000,
      reason: "never works",
    })), { concurrency: 1 }));
    await a.queue.enqueue("doomed", { v: 7 });
    await waitFor(() => exhausted.length === 1, 5_000, "exhausted");
    await Bun.sleep(500);
    expect(exhausted).toEqual([{ id: "doomed", data: { v: 7 }, deliveries: 3 }]);
    expect(recorder.deliveries.map((d) => d.deliveryCount)).toEqual([1, 2, 3]);
    const jsm = await jetstreamManager(a.nc);
    expect((await jsm.streams.info(names("nakx").stream)).state.messages).toBe(0);
    off();
    off();
  });

  test("an item whose workers crash on every delivery is exhausted by ack timeouts", async () => {
    const options = { maxDeliveries: 3, ackWaitMs: 1_000 };
    const nodes = await Promise.all(Array.from({ length: 4 }, () => node<string>("crash", options)));
    const listener = await node<string>("crash", options);
    const exhausted: ExhaustedItem<string>[] = [];
    listener.queue.onExhausted(async (item) => void exhausted.push(item));
    const recorder = createRecorder<string>();
    nodes.forEach((n, i) =>
      start(n.queue.process(recorder.track(`n${i}`, async () => {
        await n.nc.close(); // the process dies: no ack, no nak, no working()
        return new Promise<never>(() => {});
      }), { concurrency: 1 })),
    );
    const enqueued = performance.now();
    await listener.queue.enqueue("crashy", "payload");
    await waitFor(() => exhausted.length === 1, 10_000, "exhausted");
    console.log(`[work queue] 3 crashed deliveries (ack wait 1 000 ms) reported after ${(performance.now() - enqueued).toFixed(0)} ms`);
    await Bun.sleep(1_500);
    expect(exhausted).toEqual([{ id: "crashy", data: "payload", deliveries: 3 }]);
    expect(recorder.deliveries.map((d) => d.deliveryCount)).toEqual([1, 2, 3]);
    expect(new Set(recorder.deliveries.map((d) => d.node)).size).toBe(3);
    expect(await listener.queue.pending()).toBe(0);
    const jsm = await jetstreamManager(listener.nc);
    expect((await jsm.streams.info(names("crash").stream)).state.messages).toBe(0);
  }, 20_000);

  test("items survive a nats-server restart, and workers started before it keep working", async () => {
    const server = nats.server;
    if (!server) return; // NATS_URL without a private server: cannot restart it
    const [early, late] = await Promise.all([node<string>("restart-a"), node<string>("restart-b")]);
    const recorder = createRecorder<string>();
    start(early.queue.process(recorder.track("early", async () => ({ kind: "ack" })), { concurrency: 2 }));
    await late.queue.enqueue("stored", "before restart");
    await server.stop();
    await server.start();
    start(late.queue.process(recorder.track("late", async () => ({ kind: "ack" })), { concurrency: 1 }));
    await waitFor(() => recorder.deliveries.some((d) => d.id === "stored"), 15_000, "stored item");
    const restarted = performance.now();
    await early.queue.enqueue("after", "after restart"); // retried inside when the first PubAck is lost
    const enqueueMs = performance.now() - restarted;
    await waitFor(() => recorder.deliveries.some((d) => d.id === "after"), 15_000, "item for the early workers");
    console.log(`[work queue] after the restart: enqueue took ${enqueueMs.toFixed(0)} ms, early workers had the item after ${(performance.now() - restarted).toFixed(0)} ms`);
    expect(recorder.deliveries.map((d) => [d.node, d.id, d.data, d.deliveryCount])).toEqual([
      ["late", "stored", "before restart", 1],
      ["early", "after", "after restart", 1],
    ]);
  }, 60_000);

  test("figures: enqueue -> handler latency, throughput of 1 000 small items with concurrency 4", async () => {
    const { queue } = await node<{ n: number; t: number }>("figures");
    const latencies: number[] = [];
    const seen = new Set<number>();
    start(queue.process(async (item) => {
      if (item.data.t > 0) latencies.push(performance.now() - item.data.t);
      seen.add(item.data.n);
      return { kind: "ack" };
    }, { concurrency: 4 }));
    for (let n = 0; n < 100; n += 1) {
      await queue.enqueue(`lat-${n}`, { n: -1 - n, t: performance.now() });
      await waitFor(() => seen.has(-1 - n), 2_000, `item ${n}`);
    }
    const began = performance.now();
    await Promise.all(Array.from({ length: 1_000 }, (_, n) => queue.enqueue(`bulk-${n}`, { n, t: 0 })));
    const enqueuedMs = performance.now() - began;
    await waitFor(() => seen.size === 1_100, 30_000, "1 000 items");
    const totalMs = performance.now() - began;
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    console.log(
      `[work queue] enqueue->handler latency p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms; ` +
        `1 000 items: enqueued in ${enqueuedMs.toFixed(0)} ms, all handled after ${totalMs.toFixed(0)} ms ` +
        `(${((1_000 / totalMs) * 1_000).toFixed(0)} items/s, concurrency 4)`,
    );
    expect(latencies).toHaveLength(100);
    expect(p50).toBeLessThan(500); // pushed, not polled: a poll or redelivery wait would be seconds
    await waitFor(async () => (await queue.pending()) === 0, 5_000, "pending 0");
  }, 60_000);
});
