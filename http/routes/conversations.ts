/**
 * Conversation memory over HTTP: `GET /api/v2/conversations` (the caller's, newest first, paged),
 * `GET /api/v2/conversations/:id` (its messages in order, with sources and metadata) and
 * `DELETE /api/v2/conversations/:id` (with its messages). Another user's conversation answers 404.
 */
import { Elysia, t } from "elysia";
import { DEFAULT_CONVERSATION_PAGE, MAX_CONVERSATION_PAGE, NotFoundError, type ConversationSummary, type MessageRow, type Repositories } from "../../db/index.ts";
import { requireUser, type AuthContext } from "../auth.ts";
import { InputError } from "../errors.ts";
import { checkId } from "./documents.ts";

const conversationSchema = t.Object({
  conversation_id: t.String(),
  title: t.String({ description: "the first question, cut to 80 characters" }),
  message_count: t.Number(),
  created_at: t.String(),
  updated_at: t.String({ description: "when the last turn was stored" }),
});
const messageSchema = t.Object({
  message_id: t.String(),
  role: t.Union([t.Literal("user"), t.Literal("assistant")]),
  content: t.String(),
  found: t.Nullable(t.Boolean({ description: "assistant messages: whether the documents answered; null for the user's" })),
  sources: t.Array(
    t.Object({ document_id: t.String(), filename: t.String(), page: t.Number(), chunk_index: t.Number(), score: t.Number(), text: t.String() }),
  ),
  metadata: t.Record(t.String(), t.Unknown(), {
    description: "assistant messages: the reply's metadata plus language, next_steps and suggested_questions",
  }),
  created_at: t.String(),
});

/** API shape of a listed conversation. */
export const conversationView = (c: ConversationSummary) => ({
  conversation_id: c.id,
  title: c.title,
  message_count: c.messageCount,
  created_at: c.createdAt.toISOString(),
  updated_at: c.updatedAt.toISOString(),
});

/** API shape of a stored message. */
export const messageView = (m: MessageRow) => ({
  message_id: m.id,
  role: m.role,
  content: m.content,
  found: m.found,
  sources: m.sources,
  metadata: m.metadata,
  created_at: m.createdAt.toISOString(),
});

/** Conversation routes. */
export const conversationRoutes = (deps: { repos: Repositories }, auth: AuthContext) =>
  new Elysia({ prefix: "/api/v2" })
    .use(requireUser(auth))
    .get(
      "/conversations",
      async ({ query, userId }) => {
        const limit = query.limit === undefined ? DEFAULT_CONVERSATION_PAGE : Number(query.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CONVERSATION_PAGE) {
          throw new InputError("validation_failed", `limit must be an integer from 1 to ${MAX_CONVERSATION_PAGE}`, { field: "limit" });
        }
        // A cursor that is not one of the caller's conversations gives an empty page.
        const before = query.before === undefined ? undefined : checkCursor(query.before);
        const rows = await deps.repos.conversations.summaries(userId, { limit, before });
        const last = rows.at(-1);
        return { conversations: rows.map(conversationView), next_before: rows.length === limit && last ? last.id : null };
      },
      {
        query: t.Object({
          limit: t.Optional(t.String({ description: `conversations per page, 1–${MAX_CONVERSATION_PAGE} (default ${DEFAULT_CONVERSATION_PAGE})` })),
          before: t.Optional(t.String({ description: "cursor: `next_before` of the previous page" })),
        }),
        response: { 200: t.Object({ conversations: t.Array(conversationSchema), next_before: t.Nullable(t.String({ description: "pass as `before` for the next page; null on the last page" })) }) },
        detail: { summary: "The caller's conversations, most recently active first", tags: ["conversations"] },
      },
    )
    .get(
      "/conversations/:id",
      async ({ params, userId }) => {
        const id = checkId("conversation", params.id);
        const conversation = await deps.repos.conversations.get(userId, id);
        if (!conversation) throw new NotFoundError("conversation", id);
        const messages = await deps.repos.conversations.messages(userId, id);
        return {
          ...conversationView({ ...conversation, messageCount: messages.length }),
          messages: messages.map(messageView),
        };
      },
      {
        response: { 200: t.Composite([conversationSchema, t.Object({ messages: t.Array(messageSchema) })]) },
        detail: { summary: "One conversation: its messages in order, with their sources and metadata", tags: ["conversations"] },
      },
    )
    .delete(
      "/conversations/:id",
      async ({ params, userId, set }) => {
        const id = checkId("conversation", params.id);
        if (!(await deps.repos.conversations.delete(userId, id))) throw new NotFoundError("conversation", id);
        set.status = 204;
        return undefined;
      },
      { detail: { summary: "Delete a conversation and its messages", tags: ["conversations"] } },
    );

/**
 * A `before` cursor: a conversation id, lower-cased.
 * @throws InputError `validation_failed` when it is not a UUID
 */
function checkCursor(raw: string): string {
  if (!UUID.test(raw)) throw new InputError("validation_failed", "before must be a conversation id (`next_before` of the previous page)", { field: "before" });
  return raw.toLowerCase();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
