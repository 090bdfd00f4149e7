/**
 * One `/chat/ws` connection, independent of the WebSocket library: authentication (the upgrade's
 * `Authorization` header, or a first `{"type":"auth","token"}` message within the auth timeout),
 * chat turns (`{"type":"chat","message","conversation_id"?,"id"?}`, several per socket, answered
 * with the events of {@link ChatTurnEvent} carrying the turn's `id`), the progress of the user's
 * ingestion jobs (`{"type":"job", ...}`), `{"type":"ping"}` heartbeats, and the close codes of
 * {@link WS_CLOSE_CODES}. Turns of one socket may overlap; the user's agent answers them in order.
 */
import type { JobEventBus } from "../../actors/ingestion/index.ts";
import type { Logger } from "../../runtime/index.ts";
import { toErrorResponse } from "../errors.ts";
import { checkChatInput, runChatTurn, type ChatTurnDeps } from "./chat-turn.ts";
import { jobEventView } from "./job-events.ts";
import { WS_CLOSE_CODES } from "./options.ts";

/** The socket as the session sees it. */
export interface SocketPeer {
  /** Sends one text frame. */
  send(text: string): void;
  /** Closes with `code` and a short `reason` (at most 123 bytes, RFC 6455 §5.5). */
  close(code: number, reason: string): void;
}

/** What a session needs. */
export interface SocketSessionDeps {
  readonly turns: ChatTurnDeps;
  readonly events: JobEventBus;
  /** Verifies a token; throws AuthenticationError (`invalid_token`, `token_expired`). */
  readonly verify: (token: string) => Promise<{ userId: string; expiresAt?: number }>;
  readonly maxMessageChars: number;
  /** Period of `{"type":"ping"}` messages, milliseconds. */
  readonly heartbeatMs: number;
  /** Time allowed for the `auth` message when the upgrade had no `Authorization` header, milliseconds. */
  readonly authTimeoutMs: number;
  /** Aborts when the server shuts down: the socket closes with 1001. */
  readonly closing: AbortSignal;
  readonly logger: Logger;
}

/** What the WebSocket adapter calls. */
export interface SocketSession {
  /** A received message, already parsed from JSON when it was JSON (a string or bytes otherwise). */
  message(data: unknown): void;
  /** The socket closed (either side): stops timers and subscriptions. Idempotent. */
  closed(): void;
}

/** Longest turn `id` accepted, characters. */
export const MAX_TURN_ID_CHARS = 128;
/** Longest timer delay (2^31 - 1 ms); a later token expiry is checked again after it. */
const MAX_TIMER_MS = 2_147_483_647;

type Turn = { type: "chat"; message: string; conversation_id?: string; id?: string | number };

/**
 * Starts the session of a socket that just opened. `request` is the upgrade request: with an
 * `Authorization: Bearer` header the user is authenticated from it, otherwise the first message
 * must be `auth`. Sends `{"type":"ready","user_id"}` once authenticated.
 */
export function createSocketSession(deps: SocketSessionDeps, peer: SocketPeer, request: Request): SocketSession {
  let userId: string | undefined;
  let ended = false;
  let chain: Promise<void> = Promise.resolve();
  let unsubscribeJobs = () => {};
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;
  let authTimer: ReturnType<typeof setTimeout> | undefined;
  const heartbeat = setInterval(() => send({ type: "ping", at: Date.now() }), deps.heartbeatMs);

  function send(message: object): void {
    if (ended) return;
    try {
      peer.send(JSON.stringify(message));
    } catch (error) {
      deps.logger.debug({ err: String(error) }, "websocket send failed");
    }
  }
  function cleanUp(): void {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    clearTimeout(authTimer);
    clearTimeout(expiryTimer);
    unsubscribeJobs();
    deps.closing.removeEventListener("abort", onShutdown);
  }
  function close(code: number, reason: string): void {
    if (ended) return;
    cleanUp();
    try {
      peer.close(code, reason);
    } catch (error) {
      deps.logger.debug({ err: String(error) }, "websocket close failed");
    }
  }
  function onShutdown(): void {
    close(WS_CLOSE_CODES.shutdown, "server shutting down");
  }

  /** The token the socket authenticated with, checked again before each chat turn. */
  let currentToken: string | undefined;
  async function authenticate(token: string): Promise<void> {
    let auth: { userId: string; expiresAt?: number };
    try {
      auth = await deps.verify(token);
    } catch (error) {
      return close(WS_CLOSE_CODES.unauthorized, toErrorResponse(error).body.code);
    }
    currentToken = token;
    if (userId !== undefined && auth.userId !== userId) return close(WS_CLOSE_CODES.unauthorized, "token of another user");
    clearTimeout(authTimer);
    watchExpiry(auth.expiresAt);
    if (userId === undefined) {
      userId = auth.userId;
      const own = userId;
      unsubscribeJobs = deps.events.subscribe((e) => {
        if (e.userId === own) send({ type: "job", ...jobEventView(e) });
      });
    }
    send({ type: "ready", user_id: userId });
  }
  function watchExpiry(expiresAt: number | undefined): void {
    clearTimeout(expiryTimer);
    if (expiresAt === undefined) return;
    const left = expiresAt - Date.now();
    if (left <= 0) return close(WS_CLOSE_CODES.unauthorized, "token_expired");
    expiryTimer = setTimeout(() => watchExpiry(expiresAt), Math.min(left, MAX_TIMER_MS));
  }

  function chat(turn: Turn): void {
    const id = turn.id ?? Bun.randomUUIDv7();
    const emit = (event: object) => send({ ...event, id });
    let input: { message: string; conversationId?: string };
    try {
      input = checkChatInput(turn, deps.maxMessageChars);
    } catch (error) {
      const { status, body } = toErrorResponse(error);
      return emit({ type: "error", code: body.code, message: body.message, status });
    }
    void runChatTurn(deps.turns, { userId: userId!, ...input, request, spanName: "WS /chat/ws chat" }, emit);
  }

  async function handle(data: unknown): Promise<void> {
    if (ended) return;
    const msg = data as { type?: unknown; token?: unknown } | null;
    if (typeof msg !== "object" || msg === null || Array.isArray(msg) || ArrayBuffer.isView(msg)) {
      return close(WS_CLOSE_CODES.badMessage, "messages must be JSON objects");
    }
    if (msg.type === "auth") {
      if (typeof msg.token !== "string" || msg.token === "") return close(WS_CLOSE_CODES.badMessage, "auth needs a token");
      return authenticate(msg.token);
    }
    if (userId === undefined) {
      if (typeof msg.type !== "string") return close(WS_CLOSE_CODES.badMessage, "messages need a type");
      return close(WS_CLOSE_CODES.unauthorized, "missing_token");
    }
    switch (msg.type) {
      case "chat":
        if (!isTurn(msg)) return close(WS_CLOSE_CODES.badMessage, "chat needs a string message (conversation_id: string, id: string or number)");
        // A token revoked since the socket opened (logout, password change, account deletion) ends it.
        try {
          await deps.verify(currentToken!);
        } catch (error) {
          return close(WS_CLOSE_CODES.unauthorized, toErrorResponse(error).body.code);
        }
        return chat(msg);
      case "ping":
        return send({ type: "pong", at: Date.now() });
      case "pong":
        return;
      default:
        return close(WS_CLOSE_CODES.badMessage, `unknown message type ${JSON.stringify(String(msg.type)).slice(0, 60)}`);
    }
  }

  if (deps.closing.aborted) onShutdown();
  else deps.closing.addEventListener("abort", onShutdown, { once: true });
  const header = request.headers.get("authorization");
  if (header !== null) {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    chain = match ? authenticate(match[1]!) : Promise.resolve(close(WS_CLOSE_CODES.unauthorized, "invalid_token"));
  } else {
    authTimer = setTimeout(() => close(WS_CLOSE_CODES.authTimeout, "auth_timeout"), deps.authTimeoutMs);
  }

  return {
    message(data) {
      // One message at a time, so a chat sent right after `auth` waits for the token check.
      chain = chain.then(() => handle(data)).catch((error: unknown) => {
        deps.logger.error({ err: error }, "websocket message failed");
        close(WS_CLOSE_CODES.internal, "internal error");
      });
    },
    closed: cleanUp,
  };
}

function isTurn(msg: object): msg is Turn {
  const m = msg as Record<string, unknown>;
  return (
    typeof m.message === "string" &&
    (m.conversation_id === undefined || typeof m.conversation_id === "string") &&
    (m.id === undefined ||
      (typeof m.id === "string" && m.id.length <= MAX_TURN_ID_CHARS) ||
      (typeof m.id === "number" && Number.isFinite(m.id)))
  );
}
