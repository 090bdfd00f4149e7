/**
 * A durable, at-least-once work queue on a JetStream work-queue stream with ONE durable pull
 * consumer shared by every worker node: an item is stored once (de-duplicated by id), delivered
 * to one worker at a time, redelivered after a nak or an ack timeout, and removed on ack or term.
 */
import { NavigatorError } from "../error-base.ts";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { headers } from "@nats-io/transport-node";
import { injectTrace, SpanKind, withSpan } from "../tracing/index.ts";
import { subscribeExhausted } from "./jetstream-exhausted.ts";
import {
  ENQUEUE_ATTEMPT_TIMEOUT_MS,
  ENQUEUE_ATTEMPTS,
  resolveJetStreamWorkQueueOptions,
  type JetStreamWorkQueueDeps,
  type JetStreamWorkQueueOptions,
} from "./jetstream-options.ts";
import { ensureWorkQueue } from "./jetstream-setup.ts";
import { startWorkers } from "./jetstream-workers.ts";
import type { WorkQueue, Workers } from "./types.ts";

/** The queue was closed (`WorkQueue.close`): it accepts no more items, workers or listeners. */
export class WorkQueueClosedError extends NavigatorError {
  readonly code = "work_queue_closed";
  constructor(
    /** The stream of the closed queue. */
    readonly stream: string,
    options?: { cause?: unknown },
  ) {
    super(`work queue "${stream}" is closed`, options);
  }
}

/** Longest accepted item id, in characters (it travels as the `Nats-Msg-Id` header). */
export const MAX_WORK_ITEM_ID_LENGTH = 1_024;

/**
 * Creates (or joins) the work queue `options.stream`: ensures the stream (retention `workqueue`,
 * file storage, subjects `[subject]`, `duplicate_window`) and the durable pull consumer `durable`
 * (explicit ack, `ack_wait = ackWaitMs`, `max_deliver = maxDeliveries`), idempotently, so several
 * nodes may start at once. Then:
 * - `enqueue(id, data)` publishes `JSON.stringify(data)` with `Nats-Msg-Id: id` and the trace
 *   context (inside a PRODUCER span `enqueue <stream>`, child of the active context), and
 *   resolves after the broker's PubAck. Each attempt waits ENQUEUE_ATTEMPT_TIMEOUT_MS; timeouts
 *   and "no responders" are retried, ENQUEUE_ATTEMPTS attempts in all. Rejects with RangeError
 *   (id not a non-empty string of ≤ MAX_WORK_ITEM_ID_LENGTH characters without CR/LF), TypeError
 *   (data not JSON-serialisable), WorkQueueClosedError, or the broker's error (e.g. TimeoutError
 *   while NATS is down; the item may in fact be stored then, and retrying with the same id is safe).
 * - `process(handler, { concurrency })` starts workers (see ./jetstream-workers.ts): each pulls
 *   one item at a time; outcome `ack` → ackAck, `retry` → nak(delayMs ?? backoff), where backoff
 *   is `retryBackoffMs * 2^(deliveryCount-1)` capped at MAX_RETRY_BACKOFF_MS and the last delivery
 *   naks without delay; `term` → term; a throw → retry. Each handler runs in a CONSUMER span
 *   `work <stream>` whose parent is the enqueue's trace context.
 * - `onExhausted(listener)`: see ./jetstream-exhausted.ts.
 * - `pending()`: the consumer's `num_pending + num_ack_pending`.
 * - `close()`: stops every worker set at once (in-flight items are nak'ed) and unsubscribes the
 *   listeners; never closes the connection. Idempotent. Afterwards `enqueue` rejects and
 *   `process`/`onExhausted` throw WorkQueueClosedError.
 * @throws RangeError (as a rejection) for invalid options; WorkQueueSetupError when the stream
 *   or consumer cannot be created/updated; the client's error when JetStream is unavailable.
 */
export async function createJetStreamWorkQueue<T>(
  deps: JetStreamWorkQueueDeps,
  options: JetStreamWorkQueueOptions,
): Promise<WorkQueue<T>> {
  const o = resolveJetStreamWorkQueueOptions(options);
  const { nc } = deps;
  const log = deps.logger.child({ component: "work-queue", stream: o.stream, durable: o.durable });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  await ensureWorkQueue(jsm, o);
  const consumer = await js.consumers.get(o.stream, o.durable);
  const workerSets = new Set<Workers>();
  const unsubscribers = new Set<() => void>();
  let closed = false;

  return {
    async enqueue(id, data) {
      if (closed) throw new WorkQueueClosedError(o.stream);
      if (typeof id !== "string" || id.length === 0 || id.length > MAX_WORK_ITEM_ID_LENGTH || /[\r\n]/.test(id)) {
        throw new RangeError(`WorkQueue.enqueue: "id" must be a non-empty string of at most ${MAX_WORK_ITEM_ID_LENGTH} characters without CR/LF, got ${JSON.stringify(id)}`);
      }
      const payload = JSON.stringify(data);
      if (payload === undefined) throw new TypeError(`WorkQueue.enqueue: the data of item "${id}" is not JSON-serialisable`);
      const attributes = { "messaging.system": "nats", "messaging.destination.name": o.subject, "messaging.message.id": id };
      await withSpan(
        `enqueue ${o.stream}`,
        attributes,
        async () => {
          const h = headers();
          for (const [key, value] of Object.entries(injectTrace())) h.set(key, value);
          const ack = await js.publish(o.subject, payload, { msgID: id, headers: h, timeout: ENQUEUE_ATTEMPT_TIMEOUT_MS, retries: ENQUEUE_ATTEMPTS });
          log.debug({ workItem: id, seq: ack.seq, duplicate: ack.duplicate }, ack.duplicate ? "work item already queued" : "work item queued");
        },
        { kind: SpanKind.PRODUCER },
      );
    },

    process(handler, processOptions) {
      if (closed) throw new WorkQueueClosedError(o.stream);
      const workers = startWorkers({ nc, consumer, logger: log, options: o }, handler, processOptions);
      workerSets.add(workers);
      return workers;
    },

    onExhausted(listener) {
      if (closed) throw new WorkQueueClosedError(o.stream);
      const unsubscribe = subscribeExhausted({ nc, jsm, logger: log }, o, listener);
      const remove = () => {
        unsubscribers.delete(remove);
        unsubscribe();
      };
      unsubscribers.add(remove);
      return remove;
    },

    async pending() {
      const info = await jsm.consumers.info(o.stream, o.durable);
      return info.num_pending + info.num_ack_pending;
    },

    async close() {
      if (closed) return;
      closed = true;
      for (const unsubscribe of [...unsubscribers]) unsubscribe();
      await Promise.all([...workerSets].map((workers) => workers.stop({ timeoutMs: 0 })));
      workerSets.clear();
    },
  };
}
