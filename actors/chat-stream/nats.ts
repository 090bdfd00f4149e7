/**
 * The {@link ChatStreamBus} of a cluster: NATS core publish/subscribe on `<subject>.<streamId>`.
 * The api node that relays a turn subscribes to that one subject (and waits for the server to
 * register it) before it asks the agent, which may run on another node; the agent publishes each
 * event there. Core NATS is at most once and keeps the order of one publisher's messages, so a
 * relay receives the events in order, possibly with gaps (the HTTP side fills them from the
 * reply). The turn's reply travels on the same connections after its events.
 */
import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import type { Logger } from "../../runtime/index.ts";
import { checkStreamId, isChatStreamEvent, type ChatStreamBus } from "./types.ts";

/** Default subject prefix of chat streams; stream `id` goes to `${prefix}.${id}`. */
export const DEFAULT_CHAT_STREAM_SUBJECT = "navigator.chat.stream";

/** Options of {@link createNatsChatStreamBus}. */
export interface NatsChatStreamBusOptions {
  /**
   * Subject prefix: dot-separated tokens without wildcards or whitespace. Default
   * {@link DEFAULT_CHAT_STREAM_SUBJECT}. Every node of a cluster must use the same one.
   */
  readonly subject?: string;
}

const TOKEN = /^[^\s.*>]+$/;

/**
 * Creates a chat stream bus over `deps.nc` (the connection stays the caller's). `publish` never
 * throws: an event that cannot be sent (connection closed, a stream id that is not a subject
 * token) is logged and dropped. A payload that is not a JSON chat stream event is logged and
 * skipped; a throwing listener is logged.
 * @throws RangeError when `options.subject` is not a valid subject without wildcards.
 */
export function createNatsChatStreamBus(deps: { nc: NatsConnection; logger: Logger }, options: NatsChatStreamBusOptions = {}): ChatStreamBus {
  const subject = options.subject ?? DEFAULT_CHAT_STREAM_SUBJECT;
  if (typeof subject !== "string" || !subject.split(".").every((t) => TOKEN.test(t))) {
    throw new RangeError(`createNatsChatStreamBus: "subject" must be dot-separated tokens without wildcards or whitespace, got ${JSON.stringify(subject)}`);
  }
  const logger = deps.logger.child({ component: "chat-streams", subject });
  const open = new Set<Subscription>();
  let closed = false;

  const drop = (sub: Subscription) => {
    if (!open.delete(sub) || sub.isClosed()) return;
    try {
      sub.unsubscribe();
    } catch (error) {
      logger.debug({ err: String(error) }, "chat stream unsubscribe failed (connection closed?)");
    }
  };

  return {
    async flush() {},
    publish(streamId, event) {
      if (closed) return;
      if (typeof streamId !== "string" || !TOKEN.test(streamId)) {
        logger.warn({ streamId }, "chat stream id is not a subject token; event dropped");
        return;
      }
      try {
        deps.nc.publish(`${subject}.${streamId}`, JSON.stringify(event));
      } catch (error) {
        logger.warn({ err: String(error), streamId, type: event.type }, "chat stream event could not be published; dropped");
      }
    },
    async subscribe(streamId, listener) {
      checkStreamId(streamId);
      if (closed) return () => {};
      const sub = deps.nc.subscribe(`${subject}.${streamId}`, {
        callback: (err, msg) => {
          if (err) {
            logger.warn({ err: String(err), streamId }, "chat stream subscription error");
            return;
          }
          let event: unknown;
          try {
            event = msg.json();
          } catch {
            event = undefined;
          }
          if (!isChatStreamEvent(event)) {
            logger.warn({ natsSubject: msg.subject, bytes: msg.data.byteLength }, "malformed chat stream event skipped");
            return;
          }
          try {
            listener(event);
          } catch (error) {
            logger.warn({ err: String(error), streamId, type: event.type }, "chat stream listener failed");
          }
        },
      });
      open.add(sub);
      try {
        // A round trip to the server: once it answers, the SUB is registered there.
        await deps.nc.flush();
      } catch (error) {
        drop(sub);
        throw error;
      }
      return () => drop(sub);
    },
    get subscriptions() {
      return open.size;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const sub of [...open]) drop(sub);
    },
  };
}
