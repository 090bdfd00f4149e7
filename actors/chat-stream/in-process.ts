/** The in-process {@link ChatStreamBus} of the embedded mode: listeners are called synchronously. */
import type { Logger } from "../../runtime/index.ts";
import { checkStreamId, type ChatStreamBus, type ChatStreamListener } from "./types.ts";

/**
 * Creates an in-process chat stream bus. `publish` calls the stream's listeners synchronously and
 * never throws (an event for a stream nobody listens to is dropped; a throwing listener is logged).
 */
export function createChatStreamBus(deps: { logger: Logger }): ChatStreamBus {
  const logger = deps.logger.child({ component: "chat-streams" });
  const streams = new Map<string, Set<ChatStreamListener>>();
  let count = 0;
  let closed = false;
  return {
    publish(streamId, event) {
      const listeners = streams.get(streamId);
      if (!listeners) return;
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          logger.warn({ err: String(error), streamId, type: event.type }, "chat stream listener failed");
        }
      }
    },
    async flush() {},
    async subscribe(streamId, listener) {
      checkStreamId(streamId);
      if (closed) return () => {};
      // Wrapped, so one listener subscribed twice is two subscriptions.
      const entry: ChatStreamListener = (event) => listener(event);
      let listeners = streams.get(streamId);
      if (!listeners) streams.set(streamId, (listeners = new Set()));
      listeners.add(entry);
      count++;
      let done = false;
      return () => {
        if (done || closed) return;
        done = true;
        count--;
        listeners.delete(entry);
        if (listeners.size === 0 && streams.get(streamId) === listeners) streams.delete(streamId);
      };
    },
    get subscriptions() {
      return count;
    },
    async close() {
      closed = true;
      streams.clear();
      count = 0;
    },
  };
}
