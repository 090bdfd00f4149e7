/** `POST /chat`: one question to the caller's UserAgent actor. */
import { Elysia, t } from "elysia";
import type { ChatReply, ChatRequest } from "../../actors/messages.ts";
import type { ActorRef } from "../../runtime/index.ts";
import { requireUser, type AuthOptions } from "../auth.ts";
import { InputError } from "../errors.ts";
import { traced } from "../tracing.ts";
import { checkId } from "./documents.ts";

/** What the chat route needs. */
export interface ChatRouteDeps {
  /** The user's agent actor. */
  readonly agentFor: (userId: string) => ActorRef<ChatRequest, ChatReply>;
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

/** Chat routes. */
export const chatRoutes = (deps: ChatRouteDeps, auth: AuthOptions) =>
  new Elysia()
    .use(requireUser(auth))
    .post(
      "/chat",
      async ({ body, userId, request }) => {
        const message = body.message.normalize("NFC").trim();
        if (message.length === 0) throw new InputError("validation_failed", "message must not be empty", "message");
        if (message.length > deps.maxMessageChars) {
          throw new InputError("message_too_long", `message is ${message.length} characters; the limit is ${deps.maxMessageChars}`, "message");
        }
        const conversationId = body.conversation_id ? checkId("conversation", body.conversation_id) : undefined;
        const reply = await traced(request, "POST /chat", () =>
          deps.agentFor(userId).ask({ type: "chat", v: 1, userId, message, conversationId }, { timeoutMs: deps.timeoutMs }),
        );
        return { ...reply, sources: [...reply.sources] };
      },
      {
        body: t.Object({ message: t.String(), conversation_id: t.Optional(t.String()) }),
        response: {
          200: t.Object({
            response: t.String(),
            found: t.Boolean(),
            conversation_id: t.String(),
            sources: t.Array(sourceSchema),
            metadata: t.Object({
              processing_ms: t.Number(),
              retrieval_ms: t.Number(),
              provider: t.String(),
              node_id: t.String(),
              activation_id: t.String(),
              started_at: t.Number({ description: "epoch milliseconds" }),
              trace_id: t.Optional(t.String()),
            }),
          }),
        },
        detail: { summary: "Ask a question about your documents; answers cite document and page", tags: ["chat"] },
      },
    );
