/** `/chat/ws`: chat turns and job progress over a WebSocket (protocol: http/streaming/socket-session.ts). */
import { Elysia } from "elysia";
import type { Logger } from "../../runtime/index.ts";
import type { AuthContext } from "../auth.ts";
import { OriginError } from "../errors.ts";
import { socketOriginAllowed } from "../guard/index.ts";
import { createSocketSession, type SocketSession, type StreamingDeps } from "../streaming/index.ts";
import type { ChatRouteDeps } from "./chat.ts";

/** What the WebSocket route needs. */
export interface ChatSocketDeps {
  readonly chat: ChatRouteDeps;
  readonly streaming: StreamingDeps;
  readonly logger: Logger;
  /** Browser origins allowed to open the socket (`CORS_ORIGINS`); requests without `Origin` pass. */
  readonly corsOrigins: readonly string[];
}

/** Largest WebSocket message accepted, bytes (a chat message of 4,000 characters in UTF-8, with room). */
export const MAX_SOCKET_MESSAGE_BYTES = 64 * 1024;

/**
 * The WebSocket route. The upgrade is never refused for want of a token: a socket without a valid
 * one is closed with 4401 (bad token) or 4408 (no `auth` message in time), so browsers, which
 * cannot set headers on a WebSocket, authenticate with a first `{"type":"auth","token"}` message.
 */
export const chatSocketRoutes = (deps: ChatSocketDeps, auth: AuthContext) => {
  const sessions = new WeakMap<object, SocketSession>();
  const logger = deps.logger.child({ component: "chat-ws" });
  return new Elysia().ws("/chat/ws", {
    maxPayloadLength: MAX_SOCKET_MESSAGE_BYTES,
    beforeHandle({ request }) {
      // A page of another site must not open a socket with a token it got hold of.
      if (!socketOriginAllowed(request, deps.corsOrigins)) throw new OriginError(request.headers.get("origin") ?? "");
    },
    open(ws) {
      const { request } = ws.data;
      const session = createSocketSession(
        {
          turns: { agentFor: deps.chat.agentFor, streams: deps.streaming.chatStreams, timeoutMs: deps.chat.timeoutMs, logger },
          events: deps.streaming.events,
          verify: (token) => auth.authenticator.authenticate(token),
          maxMessageChars: deps.chat.maxMessageChars,
          heartbeatMs: deps.streaming.heartbeatMs,
          authTimeoutMs: deps.streaming.wsAuthTimeoutMs,
          closing: deps.streaming.closing,
          logger,
        },
        { send: (text) => void ws.raw.send(text), close: (code, reason) => ws.raw.close(code, reason) },
        request,
      );
      sessions.set(ws.raw, session);
    },
    message(ws, message) {
      sessions.get(ws.raw)?.message(message);
    },
    close(ws) {
      sessions.get(ws.raw)?.closed();
      sessions.delete(ws.raw);
    },
    detail: { summary: "Chat turns and job progress over a WebSocket (see README, Streaming)", tags: ["chat"] },
  });
};
