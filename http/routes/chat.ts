/**
 * `POST /chat`: one question to the caller's UserAgent actor. With `Accept: text/event-stream` the
 * answer streams as Server-Sent Events (`meta`, `sources`, `delta`…, then `done` or `error`; see
 * http/streaming/chat-turn.ts); errors found before the stream starts (auth, validation) are
 * ordinary JSON error responses.
 */
import { Elysia, t } from "elysia";
import type { ChatRequest, ChatTurnResult } from "../../actors/messages.ts";
import type { ActorRef, Logger } from "../../runtime/index.ts";
import { requireUser, type AuthContext } from "../auth.ts";
import { chatEventStream, checkChatInput, type StreamingDeps } from "../streaming/index.ts";
import { traced } from "../tracing.ts";
import { chatReplyView } from "../views/chat-reply.ts";

/** What the chat route needs. */
export interface ChatRouteDeps {
  /** The user's agent actor. */
  readonly agentFor: (userId: string) => ActorRef<ChatRequest, ChatTurnResult>;
  readonly maxMessageChars: number;
  /** How long to wait for the agent, milliseconds. */
  readonly timeoutMs: number;
}

const sourceSchema = t.Object({
  document_id: t.String(),
  filename: t.String(),
  page: t.Number({ description: "1-based physical PDF page" }),
  chunk_index: t.Number(),
  score: t.Number(),
  text: t.String(),
});

const replySchema = t.Object({
  response: t.String(),
  found: t.Boolean(),
  conversation_id: t.String(),
  sources: t.Array(sourceSchema),
  sources_role: t.Union([t.Literal("answer"), t.Literal("nearest")], {
    description: "what sources are: answer (cited passages first, then other retrieved chunks) or nearest (found is false: the passages that came closest, for you to check; not citations)",
  }),
  language: t.String({ description: "language of the answer, next steps and suggestions: the question's (en, es)" }),
  next_steps: t.Array(t.String(), { description: "actions the answer implies (prior authorization, referral, appeal deadline); often empty" }),
  suggested_questions: t.Array(t.String()),
  pending_documents: t.Array(t.Object({ document_id: t.String(), filename: t.String(), status: t.String() }), {
    description: "your documents still being read when the turn ran (the answer could not use them yet)",
  }),
  failed_documents: t.Array(t.Object({ document_id: t.String(), filename: t.String(), code: t.String(), message: t.String() }), {
    description: "your documents that failed to ingest, with the reason",
  }),
  metadata: t.Object({
    processing_ms: t.Number(),
    retrieval_ms: t.Number(),
    provider: t.String(),
    node_id: t.String(),
    activation_id: t.String(),
    started_at: t.Number({ description: "epoch milliseconds" }),
    trace_id: t.Optional(t.String()),
    rewritten_question: t.Optional(t.String({ description: "the standalone question a follow-up was rewritten to" })),
    language_reason: t.Optional(t.String()),
    injection: t.Optional(
      t.Object(
        {
          question: t.Array(t.String()),
          documents: t.Array(t.Object({ document_id: t.String(), filename: t.String(), chunk_index: t.Number(), page: t.Number(), kinds: t.Array(t.String()) })),
        },
        { description: "prompt injection found and neutralised (kinds), in the question and in retrieved chunks" },
      ),
    ),
    steps: t.Object(
      {
        input_ms: t.Number(),
        rewrite_ms: t.Number(),
        retrieval_ms: t.Number(),
        screen_ms: t.Number(),
        synthesis_ms: t.Number(),
        output_ms: t.Number(),
      },
      { description: "wall time of each workflow step, milliseconds" },
    ),
    plan_scope: t.Optional(
      t.Object(
        {
          reason: t.Union([t.Literal("named"), t.Literal("conversation"), t.Literal("all")]),
          plans: t.Array(t.Object({ label: t.String(), document_ids: t.Array(t.String()) })),
        },
        { description: "the plans the answer comes from, when you have several: named in the question, kept from the conversation, or all (answered plan by plan)" },
      ),
    ),
  }),
});

/** True when the request's `Accept` lists `text/event-stream` (parameters and q-values ignored). */
export function acceptsEventStream(request: Request): boolean {
  return (request.headers.get("accept") ?? "").split(",").some((range) => range.split(";")[0]!.trim().toLowerCase() === "text/event-stream");
}

/** Chat routes; `streaming` enables the SSE answer. */
export const chatRoutes = (deps: ChatRouteDeps, auth: AuthContext, streaming?: StreamingDeps & { readonly logger: Logger }) =>
  new Elysia()
    .use(requireUser(auth))
    .post(
      "/chat",
      // Not async: a streamed answer is a Response, a plain one a promise of the body (Elysia types them apart).
      ({ body, userId, request, server }): Response | Promise<typeof replySchema.static> => {
        const { message, conversationId } = checkChatInput(body, deps.maxMessageChars);
        if (streaming && acceptsEventStream(request)) {
          // Bun closes a response quiet for 10 s; the stream's heartbeats keep it alive instead.
          server?.timeout(request, 0);
          return chatEventStream(
            { agentFor: deps.agentFor, streams: streaming.chatStreams, timeoutMs: deps.timeoutMs, logger: streaming.logger },
            { userId, message, conversationId, request, spanName: "POST /chat" },
            { heartbeatMs: streaming.heartbeatMs, signals: [request.signal, streaming.closing] },
          );
        }
        return traced(request, "POST /chat", () =>
          deps.agentFor(userId).ask({ type: "chat", v: 1, userId, message, conversationId }, { timeoutMs: deps.timeoutMs }),
        ).then(chatReplyView);
      },
      {
        body: t.Object({ message: t.String(), conversation_id: t.Optional(t.String()) }),
        response: { 200: replySchema },
        detail: {
          summary: "Ask a question about your documents; answers cite document and page (streams as SSE with Accept: text/event-stream)",
          tags: ["chat"],
        },
      },
    );
