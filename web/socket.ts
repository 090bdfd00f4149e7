/**
 * The page's one WebSocket to `/chat/ws` (protocol: README, "Streaming"): authenticates with a
 * first `auth` message (browsers cannot set headers on a WebSocket), sends chat turns once ready,
 * hands job progress and turn events to the page, and reconnects after a drop.
 */

/** A job step, as the server sends it (`{"type":"job", ...}`). */
export interface JobEventMessage {
  readonly type: "job";
  readonly job_id: string;
  readonly document_id: string;
  readonly status: string;
  readonly pct: number;
  readonly error: { readonly code: string; readonly message: string } | null;
}

/** One event of a chat turn, carrying the turn's `id`. */
export type TurnEventMessage =
  | { readonly type: "meta"; readonly id: string; readonly conversation_id: string; readonly language?: string }
  | { readonly type: "sources"; readonly id: string; readonly sources: readonly SourceView[]; readonly sources_role?: "answer" | "nearest" }
  | { readonly type: "delta"; readonly id: string; readonly text: string }
  | { readonly type: "done"; readonly id: string } & ReplyView
  | { readonly type: "error"; readonly id: string; readonly code: string; readonly message: string; readonly status?: number };

/** A retrieved passage an answer may cite (`[n]` is `sources[n-1]`). */
export interface SourceView {
  readonly document_id: string;
  readonly filename: string;
  readonly page: number;
  readonly chunk_index: number;
  readonly text: string;
}

/** What `done` carries (the `POST /chat` reply). */
export interface ReplyView {
  readonly response: string;
  readonly found: boolean;
  readonly conversation_id: string;
  readonly sources: readonly SourceView[];
  /** `nearest`: the answer found nothing and `sources` are the passages that came closest (not citations). */
  readonly sources_role?: "answer" | "nearest";
  readonly language?: string;
  readonly next_steps?: readonly string[];
  readonly suggested_questions?: readonly string[];
  /** The member's documents not yet read when the turn ran (answers cannot use them yet). */
  readonly pending_documents?: readonly { readonly filename: string; readonly status: string }[];
  /** The member's documents that could not be read. */
  readonly failed_documents?: readonly { readonly filename: string; readonly message: string }[];
}

/** What the page hears from the socket. */
export interface SocketHandlers {
  onJob(event: JobEventMessage): void;
  onTurn(event: TurnEventMessage): void;
  /** The token was refused (close 4401): the member must sign in again. */
  onUnauthorized(): void;
  /** Connection state for the page's notice line. */
  onState(state: "connecting" | "ready" | "reconnecting"): void;
}

/** First delay before reconnecting, milliseconds; doubles up to {@link MAX_RECONNECT_MS}. */
const FIRST_RECONNECT_MS = 500;
const MAX_RECONNECT_MS = 10_000;
/** Close code of a refused token (README, "Streaming"). */
const CLOSE_UNAUTHORIZED = 4401;

/** The page's socket. */
export interface ChatSocket {
  /** Sends a chat turn (queued until the socket is ready). */
  chat(turn: { id: string; message: string; conversation_id?: string }): void;
  /** Closes for good (sign-out). */
  close(): void;
}

/** Opens the socket for `token` at `url` (ws:// or wss:// of this page's origin). */
export function openChatSocket(url: string, token: string, handlers: SocketHandlers): ChatSocket {
  let ws: WebSocket | undefined;
  let ready = false;
  let stopped = false;
  let delay = FIRST_RECONNECT_MS;
  const queue: string[] = [];

  const connect = () => {
    handlers.onState(delay === FIRST_RECONNECT_MS ? "connecting" : "reconnecting");
    const socket = new WebSocket(url);
    ws = socket;
    socket.addEventListener("open", () => socket.send(JSON.stringify({ type: "auth", token })));
    socket.addEventListener("message", (event) => {
      let message: { type?: string } & Record<string, unknown>;
      try {
        message = JSON.parse(String(event.data));
      } catch {
        return;
      }
      if (message.type === "ready") {
        ready = true;
        delay = FIRST_RECONNECT_MS;
        handlers.onState("ready");
        while (queue.length > 0) socket.send(queue.shift()!);
      } else if (message.type === "job") {
        handlers.onJob(message as unknown as JobEventMessage);
      } else if (message.type === "meta" || message.type === "sources" || message.type === "delta" || message.type === "done" || message.type === "error") {
        handlers.onTurn(message as unknown as TurnEventMessage);
      }
    });
    socket.addEventListener("close", (event) => {
      ready = false;
      if (stopped) return;
      if (event.code === CLOSE_UNAUTHORIZED) {
        stopped = true;
        handlers.onUnauthorized();
        return;
      }
      handlers.onState("reconnecting");
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, MAX_RECONNECT_MS);
    });
  };
  connect();

  return {
    chat(turn) {
      const text = JSON.stringify({ type: "chat", ...turn });
      if (ready && ws?.readyState === WebSocket.OPEN) ws.send(text);
      else queue.push(text);
    },
    close() {
      stopped = true;
      ws?.close(1000, "signed out");
    },
  };
}

/** The socket URL of the page's origin. */
export function socketUrl(location: Location): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/chat/ws`;
}
