/** Defaults, close codes and collaborators of the streaming endpoints (SSE and WebSocket). */
import type { ChatStreamBus } from "../../actors/chat-stream/index.ts";
import type { JobEventBus } from "../../actors/ingestion/index.ts";

/**
 * Default pause between heartbeats of an idle stream (`STREAM_HEARTBEAT_MS`): an SSE comment
 * `: ping`, a WebSocket `{"type":"ping"}`. 15 seconds, in milliseconds: well under the 60 s read
 * timeout of common proxies (nginx `proxy_read_timeout` default) and Bun's 120 s WebSocket idle
 * timeout. SSE responses switch Bun's 10 s HTTP idle timeout off (`server.timeout(req, 0)`).
 */
export const DEFAULT_STREAM_HEARTBEAT_MS = 15_000;
/** Default time a WebSocket without an `Authorization` header has to send its `auth` message (`WS_AUTH_TIMEOUT_MS`), milliseconds. */
export const DEFAULT_WS_AUTH_TIMEOUT_MS = 10_000;

/**
 * Close codes of `/chat/ws`: 1000, 1001 and 1011 are RFC 6455 §7.4.1 (normal, going away,
 * internal error); the 4xxx
 * range is for applications (RFC 6455 §7.4.2) and mirrors the HTTP status of the same meaning.
 */
export const WS_CLOSE_CODES = {
  /** The client or the server ended the session normally. */
  normal: 1000,
  /** The server is shutting down. */
  shutdown: 1001,
  /** A message that is not JSON, has an unknown `type` or the wrong shape. */
  badMessage: 4400,
  /** Missing, invalid or expired token (also when the token expires during the session). */
  unauthorized: 4401,
  /** No `auth` message within the auth timeout. */
  authTimeout: 4408,
  /** A bug while handling a message (logged). */
  internal: 1011,
} as const;

/** Headers of every SSE response. `X-Accel-Buffering: no` asks nginx not to buffer the stream. */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-store",
  "x-accel-buffering": "no",
};

/** What the streaming endpoints need. */
export interface StreamingDeps {
  /** Where agents publish the events of streamed turns. */
  readonly chatStreams: ChatStreamBus;
  /** Progress events of ingestion jobs (every user's: endpoints filter). */
  readonly events: JobEventBus;
  /** Heartbeat period of idle streams, milliseconds (see {@link DEFAULT_STREAM_HEARTBEAT_MS}). */
  readonly heartbeatMs: number;
  /** Time allowed for a WebSocket's first `auth` message, milliseconds. */
  readonly wsAuthTimeoutMs: number;
  /** Aborted when the server starts shutting down: open streams end, sockets close with 1001. */
  readonly closing: AbortSignal;
}
