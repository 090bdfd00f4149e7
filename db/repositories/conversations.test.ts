import { describe, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { createTestUser, queryRows, useTestDatabase } from "../../test/support/db.ts";
import { MAX_CONVERSATION_PAGE } from "./conversations.ts";

const tdb = useTestDatabase();

/** Stores a conversation with `turns` turns; returns its id. */
async function conversation(userId: string, title: string, turns: number): Promise<string> {
  const id = Bun.randomUUIDv7();
  for (let i = 0; i < turns; i++) {
    await tdb.repos.conversations.appendTurn(userId, { id, create: i === 0, title }, [
      { id: Bun.randomUUIDv7(), role: "user", content: `${title} q${i}` },
      { id: Bun.randomUUIDv7(), role: "assistant", content: `${title} a${i}`, found: true, metadata: { n: i } },
    ]);
  }
  return id;
}

describe("conversations: summaries, recent messages, delete", () => {
  test("summaries: newest first with message counts, paged by a cursor, only the user's", async () => {
    const user = await createTestUser(tdb.repos);
    const other = await createTestUser(tdb.repos);
    const first = await conversation(user.id, "first", 1);
    const second = await conversation(user.id, "second", 2);
    const third = await conversation(user.id, "third", 1);
    const theirs = await conversation(other.id, "theirs", 3);
    // A new turn moves a conversation to the front.
    await tdb.repos.conversations.appendTurn(user.id, { id: first, create: false, title: "" }, [
      { id: Bun.randomUUIDv7(), role: "user", content: "again" },
      { id: Bun.randomUUIDv7(), role: "assistant", content: "again" },
    ]);

    const all = await tdb.repos.conversations.summaries(user.id);
    expect(all.map((c) => [c.title, c.messageCount])).toEqual([["first", 4], ["third", 2], ["second", 4]]);
    expect(all.map((c) => c.id)).not.toContain(theirs);

    const page1 = await tdb.repos.conversations.summaries(user.id, { limit: 2 });
    expect(page1.map((c) => c.id)).toEqual([first, third]);
    const page2 = await tdb.repos.conversations.summaries(user.id, { limit: 2, before: page1.at(-1)!.id });
    expect(page2.map((c) => c.id)).toEqual([second]);
    expect(await tdb.repos.conversations.summaries(user.id, { before: second })).toEqual([]);
    // Another user's id as a cursor is no cursor of this user's: an empty page, nothing of theirs.
    expect(await tdb.repos.conversations.summaries(user.id, { before: theirs })).toEqual([]);
    expect((await tdb.repos.conversations.summaries(other.id)).map((c) => [c.id, c.messageCount])).toEqual([[theirs, 6]]);

    for (const limit of [0, MAX_CONVERSATION_PAGE + 1, 1.5]) {
      await expect(tdb.repos.conversations.summaries(user.id, { limit })).rejects.toThrow(RangeError);
    }
  });

  test("recentMessages: the last n in stored order, only the user's", async () => {
    const user = await createTestUser(tdb.repos);
    const other = await createTestUser(tdb.repos);
    const id = await conversation(user.id, "c", 3);
    expect((await tdb.repos.conversations.recentMessages(user.id, id, 3)).map((m) => m.content)).toEqual(["c a1", "c q2", "c a2"]);
    expect((await tdb.repos.conversations.recentMessages(user.id, id, 100)).map((m) => m.content)).toHaveLength(6);
    expect(await tdb.repos.conversations.recentMessages(other.id, id, 10)).toEqual([]);
    await expect(tdb.repos.conversations.recentMessages(user.id, id, 0)).rejects.toThrow(RangeError);
  });

  test("delete cascades to the messages and never touches another user's conversation", async () => {
    const user = await createTestUser(tdb.repos);
    const other = await createTestUser(tdb.repos);
    const mine = await conversation(user.id, "mine", 2);
    const theirs = await conversation(other.id, "theirs", 2);
    expect(await tdb.repos.conversations.delete(user.id, theirs)).toBe(false);
    expect(await tdb.repos.conversations.messages(other.id, theirs)).toHaveLength(4);
    expect(await tdb.repos.conversations.delete(user.id, mine)).toBe(true);
    expect(await tdb.repos.conversations.get(user.id, mine)).toBeUndefined();
    const left = await queryRows<{ n: number }>(tdb.handle, sql`select count(*)::int as n from messages where conversation_id = ${mine}`);
    expect(left[0]!.n).toBe(0);
    expect(await tdb.repos.conversations.delete(user.id, mine)).toBe(false);
  });
});
