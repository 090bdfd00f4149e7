import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { createTestUser, queryRows, useTestDatabase } from "../../test/support/db.ts";
import { NotFoundError } from "../errors.ts";
import { type StoredSource } from "../schema.ts";
import type { NewDocument } from "./index.ts";
import { chunk, docWithJob as insertDoc, META, MODEL, rejection, vec } from "../../test/support/repo-fixtures.ts";

const tdb = useTestDatabase();

const docWithJob = (userId: string, overrides: Partial<NewDocument> = {}) => insertDoc(tdb.repos, userId, overrides);

describe("chunks", () => {
  test("upsertMany is idempotent by id and updates the text", async () => {
    const user = await createTestUser(tdb.repos);
    const { document } = await docWithJob(user.id);
    const rows = [chunk(0, vec({ 0: 1 }), "first"), chunk(1, vec({ 1: 1 }), "second"), chunk(2, vec({ 2: 1 }), "third")];
    expect(await tdb.repos.chunks.upsertMany(user.id, document.id, META, rows)).toBe(3);
    expect(await tdb.repos.chunks.countForDocument(user.id, document.id)).toBe(3);
    const again = rows.map((r) => ({ ...r, text: `${r.text} (v2)`, embedding: vec({ 5: 1 }) }));
    expect(await tdb.repos.chunks.upsertMany(user.id, document.id, META, again)).toBe(3);
    expect(await tdb.repos.chunks.countForDocument(user.id, document.id)).toBe(3);
    const hits = await tdb.repos.chunks.search(user.id, vec({ 5: 1 }), { limit: 10, embeddingModel: MODEL });
    expect(hits.map((h) => [h.chunkId, h.text])).toEqual(again.map((r) => [r.id, r.text]));
    for (const h of hits) expect(h.similarity).toBeCloseTo(1, 5);
  });

  test("upsertMany writes in batches larger than one statement", async () => {
    const user = await createTestUser(tdb.repos);
    const { document } = await docWithJob(user.id);
    const rows = Array.from({ length: 205 }, (_, i) => chunk(i, vec({ [i]: 1 })));
    expect(await tdb.repos.chunks.upsertMany(user.id, document.id, META, rows)).toBe(205);
    expect(await tdb.repos.chunks.countForDocument(user.id, document.id)).toBe(205);
  });

  test("trimDocument deletes ordinals ≥ fromOrdinal of that document only", async () => {
    const user = await createTestUser(tdb.repos);
    const d1 = await docWithJob(user.id);
    const d2 = await docWithJob(user.id);
    const rows = () => [0, 1, 2, 3].map((i) => chunk(i, vec({ [i]: 1 })));
    await tdb.repos.chunks.upsertMany(user.id, d1.document.id, META, rows());
    await tdb.repos.chunks.upsertMany(user.id, d2.document.id, META, rows());
    const other = await createTestUser(tdb.repos);
    await tdb.repos.chunks.trimDocument(other.id, d1.document.id, 0);
    expect(await tdb.repos.chunks.countForDocument(user.id, d1.document.id)).toBe(4);
    await tdb.repos.chunks.trimDocument(user.id, d1.document.id, 2);
    expect(await tdb.repos.chunks.countForDocument(user.id, d1.document.id)).toBe(2);
    expect(await tdb.repos.chunks.countForDocument(user.id, d2.document.id)).toBe(4);
    const hits = await tdb.repos.chunks.search(user.id, vec({ 0: 1 }), { limit: 10, embeddingModel: MODEL, documentIds: [d1.document.id] });
    expect(hits.map((h) => h.ordinal).sort()).toEqual([0, 1]);
  });

  describe("search", () => {
    // Query e0. User A: a1 (cos 0.8), a2 (cos 0.6), a3 (cos 0), a4 (cos 1 but another model).
    // User B: b1 = e0 (cos 1): the most similar chunk of all, and never A's.
    let a: string;
    let b: string;
    let docA: string;
    let docA2: string;
    const ids: Record<string, string> = {};
    const q = vec({ 0: 1 });
    beforeAll(async () => {
      a = (await createTestUser(tdb.repos, "a")).id;
      b = (await createTestUser(tdb.repos, "b")).id;
      docA = (await docWithJob(a, { filename: "a.pdf" })).document.id;
      docA2 = (await docWithJob(a, { filename: "a2.pdf" })).document.id;
      const docB = (await docWithJob(b, { filename: "b.pdf" })).document.id;
      const a1 = chunk(0, vec({ 0: 0.8, 1: 0.6 }), "a1");
      const a2 = chunk(1, vec({ 0: 0.6, 2: 0.8 }), "a2");
      const a3 = chunk(0, vec({ 3: 1 }), "a3");
      const a4 = chunk(2, vec({ 0: 1 }), "a4");
      const b1 = chunk(0, vec({ 0: 1 }), "b1");
      Object.assign(ids, { a1: a1.id, a2: a2.id, a3: a3.id, a4: a4.id, b1: b1.id });
      await tdb.repos.chunks.upsertMany(a, docA, META, [a1, a2]);
      await tdb.repos.chunks.upsertMany(a, docA2, META, [a3]);
      await tdb.repos.chunks.upsertMany(a, docA, { ...META, embeddingModel: "other-model" }, [a4]);
      await tdb.repos.chunks.upsertMany(b, docB, META, [b1]);
    });

    test("returns only the user's chunks, most similar first, with their documents", async () => {
      const hits = await tdb.repos.chunks.search(a, q, { limit: 10, embeddingModel: MODEL });
      expect(hits.map((h) => h.chunkId)).toEqual([ids.a1!, ids.a2!, ids.a3!]);
      expect(hits.map((h) => h.similarity)).toEqual([expect.closeTo(0.8, 5), expect.closeTo(0.6, 5), expect.closeTo(0, 5)]);
      expect(hits[0]).toMatchObject({ documentId: docA, filename: "a.pdf", ordinal: 0, text: "a1", pageStart: 1, pageEnd: 1 });
      expect(hits[2]).toMatchObject({ documentId: docA2, filename: "a2.pdf" });
      const forB = await tdb.repos.chunks.search(b, q, { limit: 10, embeddingModel: MODEL });
      expect(forB.map((h) => h.chunkId)).toEqual([ids.b1!]);
    });

    test("respects minSimilarity (inclusive) and limit", async () => {
      const above = await tdb.repos.chunks.search(a, q, { limit: 10, minSimilarity: 0.7, embeddingModel: MODEL });
      expect(above.map((h) => h.chunkId)).toEqual([ids.a1!]);
      const some = await tdb.repos.chunks.search(a, q, { limit: 10, minSimilarity: 0.59, embeddingModel: MODEL });
      expect(some.map((h) => h.chunkId)).toEqual([ids.a1!, ids.a2!]);
      expect(await tdb.repos.chunks.search(a, q, { limit: 10, minSimilarity: 0.95, embeddingModel: MODEL })).toEqual([]);
      const one = await tdb.repos.chunks.search(a, q, { limit: 1, embeddingModel: MODEL });
      expect(one.map((h) => h.chunkId)).toEqual([ids.a1!]);
    });

    test("compares only vectors of the requested embedding model", async () => {
      const other = await tdb.repos.chunks.search(a, q, { limit: 10, embeddingModel: "other-model" });
      expect(other.map((h) => [h.chunkId, h.text])).toEqual([[ids.a4!, "a4"]]);
      expect(await tdb.repos.chunks.search(a, q, { limit: 10, embeddingModel: "unknown-model" })).toEqual([]);
    });

    test("documentIds restricts to those documents, and another user's document id finds nothing", async () => {
      const only2 = await tdb.repos.chunks.search(a, q, { limit: 10, embeddingModel: MODEL, documentIds: [docA2] });
      expect(only2.map((h) => h.chunkId)).toEqual([ids.a3!]);
      expect(await tdb.repos.chunks.search(b, q, { limit: 10, embeddingModel: MODEL, documentIds: [docA] })).toEqual([]);
    });

    test("countForDocument is scoped by user", async () => {
      expect(await tdb.repos.chunks.countForDocument(a, docA)).toBe(3);
      expect(await tdb.repos.chunks.countForDocument(b, docA)).toBe(0);
    });
  });
});

describe("conversations", () => {
  const source: StoredSource = { document_id: crypto.randomUUID(), filename: "plan.pdf", page: 2, chunk_index: 3, score: 0.42, text: "cited" };

  async function twoTurns(userId: string) {
    const id = crypto.randomUUID();
    const msgIds: string[] = Array.from({ length: 4 }, () => crypto.randomUUID());
    await tdb.repos.conversations.appendTurn(userId, { id, create: true, title: "first question" }, [
      { id: msgIds[0]!, role: "user", content: "first question" },
      { id: msgIds[1]!, role: "assistant", content: "first answer", found: true, sources: [source], metadata: { provider: "x" } },
    ]);
    await tdb.repos.conversations.appendTurn(userId, { id, create: false, title: "ignored" }, [
      { id: msgIds[2]!, role: "user", content: "second question" },
      { id: msgIds[3]!, role: "assistant", content: "second answer", found: false },
    ]);
    return { id, msgIds };
  }

  test("appendTurn creates the conversation and stores messages in order", async () => {
    const user = await createTestUser(tdb.repos);
    const { id, msgIds } = await twoTurns(user.id);
    const conv = await tdb.repos.conversations.get(user.id, id);
    expect(conv).toMatchObject({ id, userId: user.id, title: "first question" });
    const msgs = await tdb.repos.conversations.messages(user.id, id);
    expect(msgs.map((m) => [m.id, m.role, m.content])).toEqual([
      [msgIds[0]!, "user", "first question"],
      [msgIds[1]!, "assistant", "first answer"],
      [msgIds[2]!, "user", "second question"],
      [msgIds[3]!, "assistant", "second answer"],
    ]);
    expect(msgs.map((m) => m.found)).toEqual([null, true, null, false]);
    expect(msgs[1]!.sources).toEqual([source]);
    expect(msgs[1]!.metadata).toEqual({ provider: "x" });
    expect(msgs[3]!.sources).toEqual([]);
    expect(msgs[0]!.seq).toBeLessThan(msgs[3]!.seq);
  });

  test("a later turn moves the conversation to the top of the list", async () => {
    const user = await createTestUser(tdb.repos);
    const first = await twoTurns(user.id);
    await Bun.sleep(5);
    const second = await twoTurns(user.id);
    expect((await tdb.repos.conversations.list(user.id)).map((c) => c.id)).toEqual([second.id, first.id]);
    await Bun.sleep(5);
    await tdb.repos.conversations.appendTurn(user.id, { id: first.id, create: false, title: "" }, [
      { id: crypto.randomUUID(), role: "user", content: "q" },
      { id: crypto.randomUUID(), role: "assistant", content: "a" },
    ]);
    expect((await tdb.repos.conversations.list(user.id)).map((c) => c.id)).toEqual([first.id, second.id]);
  });

  test("a failed turn stores nothing (atomic)", async () => {
    const user = await createTestUser(tdb.repos);
    const { id } = await twoTurns(user.id);
    const dup = crypto.randomUUID();
    await rejection(
      tdb.repos.conversations.appendTurn(user.id, { id, create: false, title: "" }, [
        { id: dup, role: "user", content: "q" },
        { id: dup, role: "assistant", content: "a" },
      ]),
    );
    expect(await tdb.repos.conversations.messages(user.id, id)).toHaveLength(4);
  });

  test("list/get/messages/delete are scoped by user", async () => {
    const a = await createTestUser(tdb.repos);
    const b = await createTestUser(tdb.repos);
    const { id } = await twoTurns(a.id);
    expect(await tdb.repos.conversations.get(b.id, id)).toBeUndefined();
    expect(await tdb.repos.conversations.list(b.id)).toEqual([]);
    expect(await tdb.repos.conversations.messages(b.id, id)).toEqual([]);
    expect(await tdb.repos.conversations.delete(b.id, id)).toBe(false);
    expect((await tdb.repos.conversations.list(a.id)).map((c) => c.id)).toEqual([id]);
    expect(await tdb.repos.conversations.delete(a.id, id)).toBe(true);
    expect(await tdb.repos.conversations.get(a.id, id)).toBeUndefined();
    expect(await tdb.repos.conversations.messages(a.id, id)).toEqual([]);
    expect(await tdb.repos.conversations.delete(a.id, id)).toBe(false);
  });

  test("appending to another user's conversation is NotFoundError and stores nothing", async () => {
    const a = await createTestUser(tdb.repos);
    const b = await createTestUser(tdb.repos);
    const { id } = await twoTurns(a.id);
    const err = await rejection(
      tdb.repos.conversations.appendTurn(b.id, { id, create: false, title: "" }, [
        { id: crypto.randomUUID(), role: "user", content: "intruder" },
        { id: crypto.randomUUID(), role: "assistant", content: "reply" },
      ]),
    );
    expect(err).toBeInstanceOf(NotFoundError);
    expect(await tdb.repos.conversations.messages(b.id, id)).toEqual([]);
    const [row] = await queryRows<{ n: number }>(tdb.handle, sql`select count(*)::int as n from messages where conversation_id = ${id}::uuid`);
    expect(row?.n).toBe(4);
  });
});
