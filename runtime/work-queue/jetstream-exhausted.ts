/**
 * Items whose deliveries ran out, from JetStream's MAX_DELIVERIES advisory. The broker stops
 * redelivering such an item but keeps it in the work-queue stream; this reads it, hands it to the
 * listener, then deletes it so it does not linger.
 *
 * Measured on nats-server 2.9.10: the advisory fires both after a nak and after an ack timeout of
 * the last delivery, but only when the consumer next tries to deliver, i.e. while some worker has
 * a pull waiting (workers always do). With no worker running it fires at the next pull.
 */
import type { JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import type { Logger } from "../types.ts";
import { MSG_ID_HEADER } from "./jetstream-handle.ts";
import type { ResolvedJetStreamWorkQueueOptions } from "./jetstream-options.ts";
import type { ExhaustedItem } from "./types.ts";

/** Subject of the advisory for one consumer (`$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.<stream>.<durable>`). */
export function maxDeliveriesAdvisorySubject(stream: string, durable: string): string {
  return `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${stream}.${durable}`;
}

/** Queue group of the advisory subscription, so that one subscribed node handles each event. */
export function exhaustedQueueGroup(stream: string, durable: string): string {
  return `work-queue-exhausted.${stream}.${durable}`;
}

/** Body of `io.nats.jetstream.advisory.v1.max_deliver` (the fields used here). */
interface MaxDeliverAdvisory {
  readonly stream_seq: number;
  readonly deliveries: number;
}

/**
 * Subscribes `listener` to exhausted items. Each event: read the stored message by `stream_seq`,
 * decode it, call the listener, and delete the message once the listener resolved. When the
 * listener rejects, the message is kept in the stream (logged with its sequence) for an operator;
 * the advisory does not fire again for it. Events published while no node is subscribed are lost
 * (core NATS), and so are events whose message is already gone (acked meanwhile).
 * @returns an unsubscribe function (idempotent).
 */
export function subscribeExhausted<T>(
  deps: { nc: NatsConnection; jsm: JetStreamManager; logger: Logger },
  o: ResolvedJetStreamWorkQueueOptions,
  listener: (item: ExhaustedItem<T>) => Promise<void>,
): () => void {
  const log = deps.logger;
  const onEvent = async (body: MaxDeliverAdvisory) => {
    const seq = body.stream_seq;
    const stored = await deps.jsm.streams.getMessage(o.stream, { seq }).catch((error: unknown) => {
      log.warn({ err: error, seq }, "exhausted work item could not be read (already removed?)");
      return null;
    });
    if (!stored) return;
    const id = stored.header?.get(MSG_ID_HEADER) || `seq-${seq}`;
    let data: T;
    try {
      data = JSON.parse(new TextDecoder().decode(stored.data)) as T;
    } catch (error) {
      log.error({ err: error, seq, workItem: id }, "exhausted work item is undecodable; deleting it");
      await deps.jsm.streams.deleteMessage(o.stream, seq).catch(() => false);
      return;
    }
    try {
      await listener({ id, data, deliveries: body.deliveries });
    } catch (error) {
      log.error({ err: error, seq, workItem: id }, "exhausted-item listener failed; the item stays in the stream");
      return;
    }
    try {
      await deps.jsm.streams.deleteMessage(o.stream, seq);
    } catch (error) {
      log.warn({ err: error, seq, workItem: id }, "could not delete an exhausted work item");
    }
    log.warn({ seq, workItem: id, deliveries: body.deliveries }, "work item exhausted its deliveries");
  };
  const subscription: Subscription = deps.nc.subscribe(maxDeliveriesAdvisorySubject(o.stream, o.durable), {
    queue: exhaustedQueueGroup(o.stream, o.durable),
    callback: (error, msg) => {
      if (error) {
        log.error({ err: error }, "exhausted-item subscription failed");
        return;
      }
      let body: MaxDeliverAdvisory;
      try {
        body = msg.json<MaxDeliverAdvisory>();
      } catch (parseError) {
        log.error({ err: parseError }, "undecodable MAX_DELIVERIES advisory");
        return;
      }
      if (!Number.isInteger(body?.stream_seq)) return;
      void onEvent(body).catch((unexpected: unknown) => log.error({ err: unexpected }, "exhausted-item handling failed"));
    },
  });
  let closed = false;
  return () => {
    if (closed) return;
    closed = true;
    try {
      if (!subscription.isClosed()) subscription.unsubscribe();
    } catch (error) {
      log.debug({ err: error }, "exhausted-item subscription already gone");
    }
  };
}
