import { and, asc, desc, eq, getTableColumns, sql } from "drizzle-orm";
import type { Database } from "../client.ts";
import { NotFoundError } from "../errors.ts";
import { conversations, messages, type StoredSource } from "../schema.ts";
import { rowsOf } from "./chunks.ts";

/** A conversation row. */
export type ConversationRow = typeof conversations.$inferSelect;
/** A stored message. */
export type MessageRow = typeof messages.$inferSelect;

/** A conversation with its message count, as listed. */
export type ConversationSummary = ConversationRow & { readonly messageCount: number };

/** Paging of {@link ConversationRepository.summaries}. */
export interface ConversationPage {
  /** Rows returned at most, 1–{@link MAX_CONVERSATION_PAGE}. Default {@link DEFAULT_CONVERSATION_PAGE}. */
  readonly limit?: number;
  /**
   * Cursor: the id of the last conversation of the previous page; rows after it in the order
   * (older `updated_at`, then smaller id) are returned. An id that is not this user's gives [].
   */
  readonly before?: string;
}

/** Conversations listed per page by default. */
export const DEFAULT_CONVERSATION_PAGE = 20;
/** Most conversations listed per page. */
export const MAX_CONVERSATION_PAGE = 100;

/** One message to store. */
export interface NewMessage {
  readonly id: string;
  readonly role: "user" | "assistant";
  readonly content: string;
  readonly found?: boolean | null;
  readonly sources?: readonly StoredSource[];
  readonly metadata?: Record<string, unknown>;
}

/** Conversations and their messages, always within one user's rows. */
export interface ConversationRepository {
  /** Returns the conversation if it is this user's, else undefined. */
  get(userId: string, id: string): Promise<ConversationRow | undefined>;
  list(userId: string): Promise<ConversationRow[]>;
  /**
   * The user's conversations, most recently updated first (ties: larger id first), with their
   * message counts, one page at a time.
   * @throws RangeError when `limit` is not an integer in 1–{@link MAX_CONVERSATION_PAGE}
   */
  summaries(userId: string, page?: ConversationPage): Promise<ConversationSummary[]>;
  /** The conversation's messages in the order they were stored. */
  messages(userId: string, conversationId: string): Promise<MessageRow[]>;
  /** The conversation's last `limit` messages (≥ 1), in the order they were stored. */
  recentMessages(userId: string, conversationId: string, limit: number): Promise<MessageRow[]>;
  /**
   * Stores a turn (the user's message then the assistant's) atomically, creating the conversation
   * with `title` when `create` is set.
   * @throws NotFoundError when `create` is not set and the conversation is not this user's.
   */
  appendTurn(
    userId: string,
    conversation: { id: string; create: boolean; title: string },
    turn: readonly [NewMessage, NewMessage],
  ): Promise<void>;
  delete(userId: string, id: string): Promise<boolean>;
}

/** Creates the conversation repository over `db`. */
export function createConversationRepository(db: Database): ConversationRepository {
  return {
    async get(userId, id) {
      const [row] = await db
        .select()
        .from(conversations)
        .where(and(eq(conversations.userId, userId), eq(conversations.id, id)))
        .limit(1);
      return row;
    },
    async list(userId) {
      return db.select().from(conversations).where(eq(conversations.userId, userId)).orderBy(desc(conversations.updatedAt));
    },
    async summaries(userId, page = {}) {
      const limit = page.limit ?? DEFAULT_CONVERSATION_PAGE;
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CONVERSATION_PAGE) throw new RangeError(`limit must be an integer in 1..${MAX_CONVERSATION_PAGE}`);
      const mine = eq(conversations.userId, userId);
      let where = mine;
      if (page.before !== undefined) {
        const [cursor] = await db
          .select({ id: conversations.id })
          .from(conversations)
          .where(and(mine, eq(conversations.id, page.before)))
          .limit(1);
        if (!cursor) return [];
        // Compared in SQL: `updated_at` has microseconds, a JS Date only milliseconds, so a cursor
        // read back into JS would skip a conversation touched in the same millisecond.
        where = and(
          mine,
          sql`(${conversations.updatedAt}, ${conversations.id}) < (select c."updated_at", c."id" from "conversations" as c where c."id" = ${cursor.id}::uuid and c."user_id" = ${userId}::uuid)`,
        )!;
      }
      return db
        .select({
          ...getTableColumns(conversations),
          // Qualified by hand: inside the subquery an unqualified "id" would be the message's.
          messageCount: sql<number>`(select count(*) from "messages" as m where m."conversation_id" = "conversations"."id")`.mapWith(Number),
        })
        .from(conversations)
        .where(where)
        .orderBy(desc(conversations.updatedAt), desc(conversations.id))
        .limit(limit);
    },
    async recentMessages(userId, conversationId, limit) {
      if (!Number.isInteger(limit) || limit < 1) throw new RangeError("limit must be a positive integer");
      const rows = await db
        .select()
        .from(messages)
        .where(and(eq(messages.userId, userId), eq(messages.conversationId, conversationId)))
        .orderBy(desc(messages.seq))
        .limit(limit);
      return rows.reverse();
    },
    async messages(userId, conversationId) {
      return db
        .select()
        .from(messages)
        .where(and(eq(messages.userId, userId), eq(messages.conversationId, conversationId)))
        .orderBy(asc(messages.seq));
    },
    async appendTurn(userId, conversation, turn) {
      // One statement (one round trip, atomic): the conversation created or touched in a
      // data-modifying CTE, then the turn's messages; a multi-row VALUES takes `seq` in row order.
      const rows = turn.map(
        (m) =>
          sql`(${m.id}::uuid, ${m.role}, ${m.content}, ${m.found ?? null}::boolean, ${JSON.stringify([...(m.sources ?? [])])}::jsonb, ${JSON.stringify(m.metadata ?? {})}::jsonb)`,
      );
      const conv = conversation.create
        ? sql`insert into ${conversations} (id, user_id, title) values (${conversation.id}::uuid, ${userId}::uuid, ${conversation.title}) returning id`
        : sql`update ${conversations} set updated_at = now() where user_id = ${userId}::uuid and id = ${conversation.id}::uuid returning id`;
      const inserted = await rowsOf<{ seq: unknown }>(
        db.execute(sql`
          with conv as (${conv})
          insert into ${messages} (id, conversation_id, user_id, role, content, found, sources, metadata)
          select v.id, conv.id, ${userId}::uuid, v.role, v.content, v.found, v.sources, v.metadata
          from conv cross join (values ${sql.join(rows, sql`, `)}) as v(id, role, content, found, sources, metadata)
          returning seq
        `),
      );
      // Another user's (or a deleted) conversation: never attach messages to it.
      if (inserted.length === 0) throw new NotFoundError("conversation", conversation.id);
    },
    async delete(userId, id) {
      const rows = await db
        .delete(conversations)
        .where(and(eq(conversations.userId, userId), eq(conversations.id, id)))
        .returning({ id: conversations.id });
      return rows.length > 0;
    },
  };
}
