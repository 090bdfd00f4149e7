/**
 * The chat stream bus: how the events of a streamed chat turn ({@link ChatStreamEvent}) travel from
 * the user agent that produces them to the HTTP connection (SSE or WebSocket) that relays them.
 * The agent publishes to a stream id; the api side subscribes to that id before it asks.
 */
import { NavigatorError } from "../../runtime/index.ts";
import type { ChatStreamEvent, ChatStreamPublisher } from "../messages.ts";

/** Receives the events of one stream, in publication order. */
export type ChatStreamListener = (event: ChatStreamEvent) => void;

/** A {@link ChatStreamPublisher} that can also be subscribed to, per stream id. */
export interface ChatStreamBus extends ChatStreamPublisher {
  /**
   * Subscribes `listener` to stream `streamId`. Resolves once every event published from then on,
   * by this node or another one, reaches the listener (NATS: the subscription is registered at the
   * server). Returns the unsubscribe function (idempotent). A throwing listener is logged and
   * isolated. After `close`, resolves with a no-op.
   * @throws StreamIdError when `streamId` is not 1–128 letters, digits, `_` or `-`;
   *   the NATS client's error when the subscription cannot be registered (connection closed).
   */
  subscribe(streamId: string, listener: ChatStreamListener): Promise<() => void>;
  /** Open subscriptions of this process (for tests and operators). */
  readonly subscriptions: number;
  /** Drops every subscription; later publishes and subscribes do nothing. Idempotent. */
  close(): Promise<void>;
}

/** What a stream id must match: one NATS subject token (a UUID qualifies), 1–128 characters. */
export const STREAM_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

/** A stream id that is not a {@link STREAM_ID_PATTERN} token. */
export class StreamIdError extends NavigatorError {
  readonly code = "invalid_stream_id";
  constructor(readonly streamId: unknown) {
    super(`chat stream id must match ${STREAM_ID_PATTERN}, got ${JSON.stringify(streamId)}`);
  }
}

/**
 * Checks a stream id.
 * @throws StreamIdError when it does not match {@link STREAM_ID_PATTERN}.
 */
export function checkStreamId(streamId: unknown): string {
  if (typeof streamId !== "string" || !STREAM_ID_PATTERN.test(streamId)) throw new StreamIdError(streamId);
  return streamId;
}

/** True when `value` has the shape of a {@link ChatStreamEvent} (as read off the wire). */
export function isChatStreamEvent(value: unknown): value is ChatStreamEvent {
  const e = value as { type?: unknown; conversationId?: unknown; sources?: unknown; text?: unknown } | null;
  if (typeof e !== "object" || e === null) return false;
  switch (e.type) {
    case "meta":
      return typeof e.conversationId === "string";
    case "sources":
      return Array.isArray(e.sources);
    case "delta":
      return typeof e.text === "string";
    default:
      return false;
  }
}
