import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Database } from "../client.ts";
import { NotFoundError } from "../errors.ts";
import { conversations, messages, type StoredSource } from "../schema.ts";

/** A conversation row. */
export type ConversationRow = typeof conversations.$inferSelect;
/** A stored message. */
export type MessageRow = typeof messages.$inferSelect;

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
  /** The conversation's messages in the order they were stored. */
  messages(userId: string, conversationId: string): Promise<MessageRow[]>;
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
    async messages(userId, conversationId) {
      return db
        .select()
        .from(messages)
        .where(and(eq(messages.userId, userId), eq(messages.conversationId, conversationId)))
        .orderBy(asc(messages.seq));
    },
    async appendTurn(userId, conversation, turn) {
      await db.transaction(async (tx) => {
        if (conversation.create) {
          await tx.insert(conversations).values({ id: conversation.id, userId, title: conversation.title });
        } else {
          const touched = await tx
            .update(conversations)
            .set({ updatedAt: sql`now()` })
            .where(and(eq(conversations.userId, userId), eq(conversations.id, conversation.id)))
            .returning({ id: conversations.id });
          // Another user's (or a deleted) conversation: never attach messages to it.
          if (touched.length === 0) throw new NotFoundError("conversation", conversation.id);
        }
        for (const m of turn) {
          await tx.insert(messages).values({
            id: m.id,
            conversationId: conversation.id,
            userId,
            role: m.role,
            content: m.content,
            found: m.found ?? null,
            sources: [...(m.sources ?? [])],
            metadata: m.metadata ?? {},
          });
        }
      });
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
