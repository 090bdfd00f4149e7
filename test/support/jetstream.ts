/**
 * Test support for the JetStream work-queue tests (not exported from ./index.ts): names, a
 * polling wait, a per-node recorder of deliveries and concurrency, and a suite's node factory.
 */
import { afterEach } from "bun:test";
import type { NatsConnection } from "@nats-io/transport-node";
import type { NatsFixture } from "./nats.ts";
import { createRecordingLogger, type RecordingLogger } from "../../runtime/testing.ts";
import { createJetStreamWorkQueue } from "../../runtime/work-queue/jetstream.ts";
import type { JetStreamWorkQueueOptions } from "../../runtime/work-queue/jetstream-options.ts";
import type { WorkItem, WorkQueue, Workers } from "../../runtime/work-queue/types.ts";

/** Polls `condition` every 20 ms; resolves with the elapsed milliseconds, rejects after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await condition()) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await Bun.sleep(20);
  }
}

/** Stream/subject/durable names unique to `unique` and `label`. */
export function queueNames(unique: string, label: string): Pick<JetStreamWorkQueueOptions, "stream" | "subject" | "durable"> {
  return { stream: `${unique}_${label}`, subject: `wq.${unique}.${label}`, durable: "workers" };
}

/** A delivery seen by a recorder. */
export interface Delivery<T> {
  readonly node: string;
  readonly id: string;
  readonly data: T;
  readonly deliveryCount: number;
  /** performance.now() when the handler started. */
  readonly at: number;
}

/** Records deliveries and the most handlers one node ran at once. */
export interface Recorder<T> {
  readonly deliveries: Delivery<T>[];
  /** Highest number of handlers running at once, per node. */
  readonly maxConcurrent: Map<string, number>;
  /** Wraps `body` so that each call is recorded for `node`. */
  track<R>(node: string, body: (item: WorkItem<T>) => Promise<R>): (item: WorkItem<T>) => Promise<R>;
}

/** Creates an empty recorder. */
export function createRecorder<T>(): Recorder<T> {
  const deliveries: Delivery<T>[] = [];
  const maxConcurrent = new Map<string, number>();
  const running = new Map<string, number>();
  return {
    deliveries,
    maxConcurrent,
    track: (node, body) => async (item) => {
      const now = (running.get(node) ?? 0) + 1;
      running.set(node, now);
      maxConcurrent.set(node, Math.max(maxConcurrent.get(node) ?? 0, now));
      deliveries.push({ node, id: item.id, data: item.data, deliveryCount: item.deliveryCount, at: performance.now() });
      try {
        return await body(item);
      } finally {
        running.set(node, (running.get(node) ?? 1) - 1);
      }
    },
  };
}

/** One node of a test: its connection, logger and queue. */
export interface TestNode<T> {
  readonly nc: NatsConnection;
  readonly logger: RecordingLogger;
  readonly queue: WorkQueue<T>;
}

/** Opens a connection with `connect` and creates the queue `options` on it. */
export async function openNode<T>(
  connect: () => Promise<NatsConnection>,
  options: JetStreamWorkQueueOptions,
): Promise<TestNode<T>> {
  const nc = await connect();
  const logger = createRecordingLogger();
  const queue = await createJetStreamWorkQueue<T>({ nc, logger }, options);
  return { nc, logger, queue };
}

/** What `useQueueNodes` gives a suite. */
export interface QueueNodes {
  /** Workers started with `start` and not yet stopped by the suite's `afterEach`. */
  readonly running: Workers[];
  /** {@link queueNames} under the suite's `nats.unique`. */
  names(label: string): Pick<JetStreamWorkQueueOptions, "stream" | "subject" | "durable">;
  /** Opens a node on a new connection with the queue `names(label)` plus `extra` options. */
  node<T>(label: string, extra?: object): Promise<TestNode<T>>;
  /** Records `workers` for the `afterEach` clean-up and returns them. */
  start(workers: Workers): Workers;
}

/**
 * Node factory of one JetStream work-queue suite on `nats`; call inside its `describe`. Registers
 * an `afterEach` that stops every worker set passed to `start` (`timeoutMs: 0`: items in flight
 * are nak'ed).
 */
export function useQueueNodes(nats: NatsFixture): QueueNodes {
  const running: Workers[] = [];
  const names = (label: string) => queueNames(nats.unique, label);
  const node = <T>(label: string, extra: object = {}): Promise<TestNode<T>> => openNode<T>(() => nats.connect(), { ...names(label), ...extra });
  const start = (workers: Workers) => (running.push(workers), workers);
  afterEach(async () => {
    await Promise.all(running.splice(0).map((w) => w.stop({ timeoutMs: 0 })));
  });
  return { running, names, node, start };
}

export { percentile } from "../../runtime/stats.ts";
