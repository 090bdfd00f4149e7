/**
 * One streamed chat turn, shared by `POST /chat` (SSE) and `/chat/ws`: subscribe to a fresh stream
 * id, ask the user's agent with `stream` set, relay `meta`, `sources` and `delta` as they arrive,
 * then end with `done` (the full reply) or `error`. The stream is made whole from the reply: an
 * event lost on the way (core NATS is at most once) is sent before `done` (`meta` and `sources`
 * from the reply, the missing tail of the text as one last `delta`), so the deltas always
 * concatenate to `done.response` (unless a delta arrived corrupted; `done` is the truth).
 */
import type { ChatStreamBus } from "../../actors/chat-stream/index.ts";
import type { ChatRequest, ChatTurnResult } from "../../actors/messages.ts";
import type { ActorRef, Logger } from "../../runtime/index.ts";
import { InputError, toErrorResponse } from "../errors.ts";
import { checkId } from "../routes/documents.ts";
import { traced } from "../tracing.ts";
import { chatReplyView, chatStreamEventView, type ChatReply, type ChatStreamEventView } from "../views/chat-reply.ts";
import { createSseResponse } from "./sse.ts";

/**
 * An event of a streamed turn as clients see it (`type` is the SSE event name, or the WebSocket
 * message's `type`): `meta` once, `sources` once, `delta`s, then exactly one of `done` (the same
 * body `POST /chat` answers with) or `error` (`{code, message}` as in HTTP error bodies).
 */
export type ChatTurnEvent =
  | ChatStreamEventView
  | ({ readonly type: "done" } & ChatReply)
  | { readonly type: "error"; readonly code: string; readonly message: string; readonly status: number };

/** What a streamed turn needs. */
export interface ChatTurnDeps {
  readonly agentFor: (userId: string) => ActorRef<ChatRequest, ChatTurnResult>;
  readonly streams: ChatStreamBus;
  /** How long to wait for the agent, milliseconds. */
  readonly timeoutMs: number;
  readonly logger: Logger;
}

/** One validated turn. */
export interface ChatTurn {
  readonly userId: string;
  /** Normalised, non-empty, within the length limit. */
  readonly message: string;
  readonly conversationId?: string;
  /** The HTTP request the turn came with (its `traceparent` continues the trace). */
  readonly request: Request;
  /** Name of the request span, e.g. `"POST /chat"`. */
  readonly spanName: string;
}

/**
 * Checks a chat turn's input, as `POST /chat` and `/chat/ws` accept it: the message NFC-normalised
 * and trimmed, 1 to `maxMessageChars` characters; the conversation id, when given, a UUID.
 * @throws InputError `validation_failed` (empty message) | `message_too_long`;
 *   NotFoundError (`not_found`) for a conversation id that is not a UUID (it cannot exist).
 */
export function checkChatInput(input: { message: string; conversation_id?: string }, maxMessageChars: number): { message: string; conversationId?: string } {
  const message = input.message.normalize("NFC").trim();
  if (message.length === 0) throw new InputError("validation_failed", "message must not be empty", { field: "message" });
  if (message.length > maxMessageChars) {
    throw new InputError("message_too_long", `message is ${message.length} characters; the limit is ${maxMessageChars}`, { field: "message" });
  }
  return { message, conversationId: input.conversation_id ? checkId("conversation", input.conversation_id) : undefined };
}

/**
 * Runs one streamed turn, calling `emit` for each {@link ChatTurnEvent} in order; never rejects.
 * Subscribes before asking (no event can be missed for lack of a subscriber) and unsubscribes
 * when the ask settles: events arriving after `done` or `error` are dropped. A failed subscribe
 * (cluster: NATS down) does not fail the turn: it is answered unstreamed (`done` preceded by the
 * whole text as one delta). `error.status` is the HTTP status of the code (http/errors.ts).
 * @returns the reply, or undefined when the turn ended with `error`.
 */
export async function runChatTurn(deps: ChatTurnDeps, turn: ChatTurn, emit: (event: ChatTurnEvent) => void): Promise<ChatReply | undefined> {
  const streamId = Bun.randomUUIDv7();
  let open = true;
  let metaSent = false;
  let sourcesSent = false;
  let text = "";
  const send = (event: ChatTurnEvent) => {
    try {
      emit(event);
    } catch (error) {
      deps.logger.warn({ err: String(error), type: event.type }, "chat turn event could not be emitted");
    }
  };
  let unsubscribe = () => {};
  try {
    unsubscribe = await deps.streams.subscribe(streamId, (event) => {
      if (!open) return;
      if (event.type === "meta") metaSent = true;
      else if (event.type === "sources") sourcesSent = true;
      else text += event.text;
      send(chatStreamEventView(event));
    });
  } catch (error) {
    deps.logger.warn({ err: String(error) }, "chat stream subscription failed; answering unstreamed");
  }
  try {
    const request: ChatRequest = { type: "chat", v: 1, userId: turn.userId, message: turn.message, conversationId: turn.conversationId, stream: streamId };
    const result = await traced(turn.request, turn.spanName, () => deps.agentFor(turn.userId).ask(request, { timeoutMs: deps.timeoutMs }));
    open = false;
    const reply = chatReplyView(result);
    if (!metaSent) send({ type: "meta", conversation_id: reply.conversation_id });
    if (!sourcesSent) send({ type: "sources", sources: reply.sources, sources_role: reply.sources_role });
    if (reply.response.startsWith(text) && reply.response.length > text.length) send({ type: "delta", text: reply.response.slice(text.length) });
    else if (!reply.response.startsWith(text)) deps.logger.warn({ streamId }, "streamed deltas differ from the reply; done carries the reply");
    send({ type: "done", ...reply });
    return reply;
  } catch (error) {
    open = false;
    const { status, body } = toErrorResponse(error);
    if (status >= 500) deps.logger.error({ err: error, streamId }, "streamed chat turn failed");
    send({ type: "error", code: body.code, message: body.message, status });
    return undefined;
  } finally {
    open = false;
    unsubscribe();
  }
}

/**
 * The SSE response of a streamed `POST /chat`: each {@link ChatTurnEvent} as `event: <type>` with
 * the rest of the event as `data`, ending after `done` or `error`; `: ping` comments every
 * `heartbeatMs` while the agent works. A client that goes away only stops the relay: the turn
 * itself completes and is stored.
 */
export function chatEventStream(deps: ChatTurnDeps, turn: ChatTurn, options: { heartbeatMs: number; signals: readonly AbortSignal[] }): Response {
  return createSseResponse(async (sink) => {
    await runChatTurn(deps, turn, ({ type, ...data }) => sink.send(type, data));
    sink.close();
  }, options);
}
