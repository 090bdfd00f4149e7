import type { JobEvent } from "../messages.ts";

/** Publishes job progress events to in-process subscribers (SSE, WebSocket, CLI progress bar). */
export interface JobEventBus {
  publish(event: JobEvent): void;
  /** Subscribes to every event (filter by user or job in the listener). Returns unsubscribe. */
  subscribe(listener: (event: JobEvent) => void): () => void;
}

/** Creates an in-process job event bus. A throwing listener is isolated from the others. */
export function createJobEventBus(onListenerError?: (error: unknown) => void): JobEventBus {
  const listeners = new Set<(event: JobEvent) => void>();
  return {
    publish(event) {
      for (const l of listeners) {
        try {
          l(event);
        } catch (error) {
          onListenerError?.(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
