/** `/chat/ws`: chat turns and job progress over a WebSocket (protocol: http/streaming/socket-session.ts). */
import { Elysia } from "elysia";
import type { Logger } from "../../runtime/index.ts";
import { jwtPlugin, verifyAccessToken, type AuthOptions } from "../auth.ts";
import { createSocketSession, type SocketSession, type StreamingDeps } from "../streaming/index.ts";
import type { ChatRouteDeps } from "./chat.ts";

/** What the WebSocket route needs. */
export interface ChatSocketDeps {
  readonly chat: ChatRouteDeps;
  readonly streaming: StreamingDeps;
  readonly logger: Logger;
}

/**
 * The WebSocket route. The upgrade is never refused for want of a token: a socket without a valid
 * one is closed with 4401 (bad token) or 4408 (no `auth` message in time), so browsers, which
 * cannot set headers on a WebSocket, authenticate with a first `{"type":"auth","token"}` message.
 */
export const chatSocketRoutes = (deps: ChatSocketDeps, auth: AuthOptions) => {
  const sessions = new WeakMap<object, SocketSession>();
  const logger = deps.logger.child({ component: "chat-ws" });
  return new Elysia().use(jwtPlugin(auth)).ws("/chat/ws", {
    open(ws) {
      const { jwt, request } = ws.data;
      const session = createSocketSession(
        {
          turns: { agentFor: deps.chat.agentFor, streams: deps.streaming.chatStreams, timeoutMs: deps.chat.timeoutMs, logger },
          events: deps.streaming.events,
          verify: (token) => verifyAccessToken(jwt, token),
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
