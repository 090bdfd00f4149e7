import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { createTestUser, DB_OPEN_TIMEOUT_MS, openTestDatabase, queryRows, type TestDatabase } from "../../test/support/db.ts";
import { DuplicateDocumentError, EmailTakenError, NotFoundError } from "../errors.ts";
import { EMBEDDING_DIMENSIONS, type StoredSource } from "../schema.ts";
import type { NewChunk, NewDocument, Repositories } from "./index.ts";

let tdb: TestDatabase;
let repos: Repositories;

beforeAll(async () => {
  tdb = await openTestDatabase();
  repos = tdb.repos;
}, DB_OPEN_TIMEOUT_MS);
afterAll(async () => {
  await tdb?.close();
});

const MODEL = "test-model";
const META = { embeddingModel: MODEL, chunker: "test-chunker@1" };

/** A 1536-dimension vector with the given components (index → value), L2-normalised. */
function vec(components: Record<number, number>): Float32Array {
  const v = new Float32Array(EMBEDDING_DIMENSIONS);
  for (const [i, x] of Object.entries(components)) v[Number(i)] = x;
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

function newDoc(userId: string, overrides: Partial<NewDocument> = {}): NewDocument {
  const id = crypto.randomUUID();
  return {
    id,
    userId,
    filename: "plan.pdf",
    bytes: 1234,
    sha256: crypto.randomUUID().replaceAll("-", ""),
    contentType: "application/pdf",
    storageKey: `${userId}/${id}.pdf`,
    ...overrides,
  };
}

async function docWithJob(userId: string, overrides: Partial<NewDocument> = {}) {
  return repos.documents.createWithJob(newDoc(userId, overrides), crypto.randomUUID());
}

function chunk(ord: number, embedding: Float32Array, text = `chunk ${ord}`): NewChunk {
  return { id: crypto.randomUUID(), ord, text, pageStart: 1, pageEnd: 1, embedding };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );
}

describe("users", () => {
  test("create stores the email lower-cased and returns the row", async () => {
    const id = crypto.randomUUID();
    const row = await repos.users.create({ id, email: `Alice.${id}@Example.TEST`, passwordHash: "h", name: "Alice" });
    expect(row.id).toBe(id);
    expect(row.email).toBe(`alice.${id}@example.test`);
    expect(row.name).toBe("Alice");
    expect(row.createdAt).toBeInstanceOf(Date);
    expect(await repos.users.findById(id)).toEqual(row);
  });

  test("a duplicate email, in any case, is EmailTakenError", async () => {
    const id = crypto.randomUUID();
    await repos.users.create({ id, email: `bob.${id}@example.test`, passwordHash: "h" });
    const err = await rejection(repos.users.create({ id: crypto.randomUUID(), email: `BOB.${id}@EXAMPLE.test`, passwordHash: "h" }));
    expect(err).toBeInstanceOf(EmailTakenError);
    expect((err as EmailTakenError).code).toBe("email_taken");
  });

  test("findByEmail is case-insensitive; unknown emails and ids are undefined", async () => {
    const id = crypto.randomUUID();
    await repos.users.create({ id, email: `carol.${id}@example.test`, passwordHash: "h" });
    expect((await repos.users.findByEmail(`CAROL.${id}@Example.Test`))?.id).toBe(id);
    expect(await repos.users.findByEmail(`nobody.${id}@example.test`)).toBeUndefined();
    expect(await repos.users.findById(crypto.randomUUID())).toBeUndefined();
  });
});

describe("documents", () => {
  test("createWithJob inserts the document and a queued job", async () => {
    const user = await createTestUser(repos);
    const input = newDoc(user.id);
    const jobId = crypto.randomUUID();
    const { document, job } = await repos.documents.createWithJob(input, jobId);
    expect(document).toMatchObject({ ...input, pages: null, parser: null });
    expect(job).toMatchObject({ id: jobId, userId: user.id, documentId: input.id, status: "queued", progressPct: 0, attempts: 0, lastError: null });
    const view = await repos.documents.get(user.id, input.id);
    expect(view).toMatchObject({ id: input.id, status: "queued", jobId, chunkCount: 0 });
  });

  test("the same sha256 for the same user is DuplicateDocumentError and leaves no extra rows", async () => {
    const user = await createTestUser(repos);
    const first = await docWithJob(user.id, { sha256: "a".repeat(64) });
    const dupJob = crypto.randomUUID();
    const err = await rejection(repos.documents.createWithJob(newDoc(user.id, { sha256: "a".repeat(64) }), dupJob));
    expect(err).toBeInstanceOf(DuplicateDocumentError);
    expect((err as DuplicateDocumentError).code).toBe("duplicate");
    const list = await repos.documents.list(user.id);
    expect(list.map((d) => d.id)).toEqual([first.document.id]);
    expect(await repos.jobs.get(user.id, dupJob)).toBeUndefined();
  });

  test("the same sha256 is allowed for another user", async () => {
    const a = await createTestUser(repos);
    const b = await createTestUser(repos);
    const sha256 = "b".repeat(64);
    await docWithJob(a.id, { sha256 });
    const { document } = await docWithJob(b.id, { sha256 });
    expect(document.userId).toBe(b.id);
    expect((await repos.documents.list(b.id)).map((d) => d.sha256)).toEqual([sha256]);
  });

  test("get/list/delete are scoped by user", async () => {
    const a = await createTestUser(repos);
    const b = await createTestUser(repos);
    const { document } = await docWithJob(a.id);
    expect((await repos.documents.get(a.id, document.id))?.id).toBe(document.id);
    expect(await repos.documents.get(b.id, document.id)).toBeUndefined();
    expect(await repos.documents.list(b.id)).toEqual([]);
    expect(await repos.documents.delete(b.id, document.id)).toBeUndefined();
    expect((await repos.documents.get(a.id, document.id))?.id).toBe(document.id);
    await repos.documents.setParsed(b.id, document.id, 99, "evil");
    expect(await repos.documents.get(a.id, document.id)).toMatchObject({ pages: null, parser: null });
  });

  test("list shows the latest job's status and the chunk count, newest document first", async () => {
    const user = await createTestUser(repos);
    const older = await docWithJob(user.id);
    await Bun.sleep(5);
    const newer = await docWithJob(user.id);
    await repos.jobs.advance(newer.job.id, "storing", 85);
    await repos.chunks.upsertMany(user.id, newer.document.id, META, [chunk(0, vec({ 0: 1 })), chunk(1, vec({ 1: 1 }))]);
    await repos.documents.setParsed(user.id, newer.document.id, 3, "unpdf");
    const list = await repos.documents.list(user.id);
    expect(list.map((d) => [d.id, d.status, d.chunkCount, d.pages])).toEqual([
      [newer.document.id, "storing", 2, 3],
      [older.document.id, "queued", 0, null],
    ]);
  });

  test("delete removes the document with its chunks and jobs (cascade)", async () => {
    const user = await createTestUser(repos);
    const { document, job } = await docWithJob(user.id);
    await repos.chunks.upsertMany(user.id, document.id, META, [chunk(0, vec({ 0: 1 })), chunk(1, vec({ 1: 1 }))]);
    expect(await repos.chunks.countForDocument(user.id, document.id)).toBe(2);
    const deleted = await repos.documents.delete(user.id, document.id);
    expect(deleted?.id).toBe(document.id);
    expect(deleted?.storageKey).toBe(document.storageKey);
    expect(await repos.documents.get(user.id, document.id)).toBeUndefined();
    expect(await repos.jobs.get(user.id, job.id)).toBeUndefined();
    const [row] = await queryRows<{ n: number }>(tdb.handle, sql`select count(*)::int as n from chunks where document_id = ${document.id}::uuid`);
    expect(row?.n).toBe(0);
    expect(await repos.documents.delete(user.id, document.id)).toBeUndefined();
  });
});

describe("jobs", () => {
  test("advance moves forward and never back; the status stays when refused", async () => {
    const user = await createTestUser(repos);
    const { job } = await docWithJob(user.id);
    const embedding = await repos.jobs.advance(job.id, "embedding", 40);
    expect(embedding).toMatchObject({ status: "embedding", progressPct: 40 });
    expect(await repos.jobs.advance(job.id, "parsing", 5)).toBeUndefined();
    expect(await repos.jobs.advance(job.id, "queued", 0)).toBeUndefined();
    expect(await repos.jobs.get(user.id, job.id)).toMatchObject({ status: "embedding", progressPct: 40 });
  });

  test("advance to the same status is allowed but progress never decreases", async () => {
    const user = await createTestUser(repos);
    const { job } = await docWithJob(user.id);
    expect((await repos.jobs.advance(job.id, "embedding", 60))?.progressPct).toBe(60);
    expect(await repos.jobs.advance(job.id, "embedding", 45)).toMatchObject({ status: "embedding", progressPct: 60 });
    expect((await repos.jobs.advance(job.id, "storing", 150))?.progressPct).toBe(100);
  });

  test("a complete job never changes again", async () => {
    const user = await createTestUser(repos);
    const { job } = await docWithJob(user.id);
    expect((await repos.jobs.advance(job.id, "complete", 100))?.status).toBe("complete");
    expect(await repos.jobs.advance(job.id, "complete", 100)).toBeUndefined();
    expect(await repos.jobs.advance(job.id, "storing", 85)).toBeUndefined();
    expect(await repos.jobs.fail(job.id, { code: "late", message: "too late" })).toBeUndefined();
    expect(await repos.jobs.startAttempt(job.id)).toBeUndefined();
    expect(await repos.jobs.get(user.id, job.id)).toMatchObject({ status: "complete", lastError: null, attempts: 0 });
  });

  test("fail records last_error and is terminal", async () => {
    const user = await createTestUser(repos);
    const { job } = await docWithJob(user.id);
    await repos.jobs.advance(job.id, "parsing", 5);
    const failed = await repos.jobs.fail(job.id, { code: "invalid_pdf", message: "corrupt" });
    expect(failed).toMatchObject({ status: "failed", progressPct: 5, lastError: { code: "invalid_pdf", message: "corrupt" } });
    expect(await repos.jobs.advance(job.id, "complete", 100)).toBeUndefined();
    expect(await repos.jobs.fail(job.id, { code: "other", message: "again" })).toBeUndefined();
    expect((await repos.jobs.get(user.id, job.id))?.lastError).toEqual({ code: "invalid_pdf", message: "corrupt" });
  });

  test("startAttempt counts attempts", async () => {
    const user = await createTestUser(repos);
    const { job } = await docWithJob(user.id);
    await repos.jobs.startAttempt(job.id);
    expect((await repos.jobs.startAttempt(job.id))?.attempts).toBe(2);
  });

  test("get is scoped by user", async () => {
    const a = await createTestUser(repos);
    const b = await createTestUser(repos);
    const { job } = await docWithJob(a.id);
    expect((await repos.jobs.get(a.id, job.id))?.id).toBe(job.id);
    expect(await repos.jobs.get(b.id, job.id)).toBeUndefined();
  });

  test("listUnfinished lists non-terminal jobs of every user, oldest first", async () => {
    const a = await createTestUser(repos);
    const b = await createTestUser(repos);
    const queued = await docWithJob(a.id);
    await Bun.sleep(5);
    const embedding = await docWithJob(b.id);
    await repos.jobs.advance(embedding.job.id, "embedding", 40);
    await Bun.sleep(5);
    const complete = await docWithJob(a.id);
    await repos.jobs.advance(complete.job.id, "complete", 100);
    const failed = await docWithJob(b.id);
    await repos.jobs.fail(failed.job.id, { code: "x", message: "y" });
    const mine = new Set([queued.job.id, embedding.job.id, complete.job.id, failed.job.id]);
    const unfinished = (await repos.jobs.listUnfinished()).filter((j) => mine.has(j.id));
    expect(unfinished.map((j) => [j.id, j.status])).toEqual([
      [queued.job.id, "queued"],
      [embedding.job.id, "embedding"],
    ]);
  });
});

describe("chunks", () => {
  test("upsertMany is idempotent by id and updates the text", async () => {
    const user = await createTestUser(repos);
    const { document } = await docWithJob(user.id);
    const rows = [chunk(0, vec({ 0: 1 }), "first"), chunk(1, vec({ 1: 1 }), "second"), chunk(2, vec({ 2: 1 }), "third")];
    expect(await repos.chunks.upsertMany(user.id, document.id, META, rows)).toBe(3);
    expect(await repos.chunks.countForDocument(user.id, document.id)).toBe(3);
    const again = rows.map((r) => ({ ...r, text: `${r.text} (v2)`, embedding: vec({ 5: 1 }) }));
    expect(await repos.chunks.upsertMany(user.id, document.id, META, again)).toBe(3);
    expect(await repos.chunks.countForDocument(user.id, document.id)).toBe(3);
    const hits = await repos.chunks.search(user.id, vec({ 5: 1 }), { limit: 10, embeddingModel: MODEL });
    expect(hits.map((h) => [h.chunkId, h.text])).toEqual(again.map((r) => [r.id, r.text]));
    for (const h of hits) expect(h.similarity).toBeCloseTo(1, 5);
  });

  test("upsertMany writes in batches larger than one statement", async () => {
    const user = await createTestUser(repos);
    const { document } = await docWithJob(user.id);
    const rows = Array.from({ length: 205 }, (_, i) => chunk(i, vec({ [i]: 1 })));
    expect(await repos.chunks.upsertMany(user.id, document.id, META, rows)).toBe(205);
    expect(await repos.chunks.countForDocument(user.id, document.id)).toBe(205);
  });

  test("trimDocument deletes ordinals ≥ fromOrdinal of that document only", async () => {
    const user = await createTestUser(repos);
    const d1 = await docWithJob(user.id);
    const d2 = await docWithJob(user.id);
    const rows = () => [0, 1, 2, 3].map((i) => chunk(i, vec({ [i]: 1 })));
    await repos.chunks.upsertMany(user.id, d1.document.id, META, rows());
    await repos.chunks.upsertMany(user.id, d2.document.id, META, rows());
    const other = await createTestUser(repos);
    await repos.chunks.trimDocument(other.id, d1.document.id, 0);
    expect(await repos.chunks.countForDocument(user.id, d1.document.id)).toBe(4);
    await repos.chunks.trimDocument(user.id, d1.document.id, 2);
    expect(await repos.chunks.countForDocument(user.id, d1.document.id)).toBe(2);
    expect(await repos.chunks.countForDocument(user.id, d2.document.id)).toBe(4);
    const hits = await repos.chunks.search(user.id, vec({ 0: 1 }), { limit: 10, embeddingModel: MODEL, documentIds: [d1.document.id] });
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
      a = (await createTestUser(repos, "a")).id;
      b = (await createTestUser(repos, "b")).id;
      docA = (await docWithJob(a, { filename: "a.pdf" })).document.id;
      docA2 = (await docWithJob(a, { filename: "a2.pdf" })).document.id;
      const docB = (await docWithJob(b, { filename: "b.pdf" })).document.id;
      const a1 = chunk(0, vec({ 0: 0.8, 1: 0.6 }), "a1");
      const a2 = chunk(1, vec({ 0: 0.6, 2: 0.8 }), "a2");
      const a3 = chunk(0, vec({ 3: 1 }), "a3");
      const a4 = chunk(2, vec({ 0: 1 }), "a4");
      const b1 = chunk(0, vec({ 0: 1 }), "b1");
      Object.assign(ids, { a1: a1.id, a2: a2.id, a3: a3.id, a4: a4.id, b1: b1.id });
      await repos.chunks.upsertMany(a, docA, META, [a1, a2]);
      await repos.chunks.upsertMany(a, docA2, META, [a3]);
      await repos.chunks.upsertMany(a, docA, { ...META, embeddingModel: "other-model" }, [a4]);
      await repos.chunks.upsertMany(b, docB, META, [b1]);
    });

    test("returns only the user's chunks, most similar first, with their documents", async () => {
      const hits = await repos.chunks.search(a, q, { limit: 10, embeddingModel: MODEL });
      expect(hits.map((h) => h.chunkId)).toEqual([ids.a1!, ids.a2!, ids.a3!]);
      expect(hits.map((h) => h.similarity)).toEqual([expect.closeTo(0.8, 5), expect.closeTo(0.6, 5), expect.closeTo(0, 5)]);
      expect(hits[0]).toMatchObject({ documentId: docA, filename: "a.pdf", ordinal: 0, text: "a1", pageStart: 1, pageEnd: 1 });
      expect(hits[2]).toMatchObject({ documentId: docA2, filename: "a2.pdf" });
      const forB = await repos.chunks.search(b, q, { limit: 10, embeddingModel: MODEL });
      expect(forB.map((h) => h.chunkId)).toEqual([ids.b1!]);
    });

    test("respects minSimilarity (inclusive) and limit", async () => {
      const above = await repos.chunks.search(a, q, { limit: 10, minSimilarity: 0.7, embeddingModel: MODEL });
      expect(above.map((h) => h.chunkId)).toEqual([ids.a1!]);
      const some = await repos.chunks.search(a, q, { limit: 10, minSimilarity: 0.59, embeddingModel: MODEL });
      expect(some.map((h) => h.chunkId)).toEqual([ids.a1!, ids.a2!]);
      expect(await repos.chunks.search(a, q, { limit: 10, minSimilarity: 0.95, embeddingModel: MODEL })).toEqual([]);
      const one = await repos.chunks.search(a, q, { limit: 1, embeddingModel: MODEL });
      expect(one.map((h) => h.chunkId)).toEqual([ids.a1!]);
    });

    test("compares only vectors of the requested embedding model", async () => {
      const other = await repos.chunks.search(a, q, { limit: 10, embeddingModel: "other-model" });
      expect(other.map((h) => [h.chunkId, h.text])).toEqual([[ids.a4!, "a4"]]);
      expect(await repos.chunks.search(a, q, { limit: 10, embeddingModel: "unknown-model" })).toEqual([]);
    });

    test("documentIds restricts to those documents, and another user's document id finds nothing", async () => {
      const only2 = await repos.chunks.search(a, q, { limit: 10, embeddingModel: MODEL, documentIds: [docA2] });
      expect(only2.map((h) => h.chunkId)).toEqual([ids.a3!]);
      expect(await repos.chunks.search(b, q, { limit: 10, embeddingModel: MODEL, documentIds: [docA] })).toEqual([]);
    });

    test("countForDocument is scoped by user", async () => {
      expect(await repos.chunks.countForDocument(a, docA)).toBe(3);
      expect(await repos.chunks.countForDocument(b, docA)).toBe(0);
    });
  });
});

describe("conversations", () => {
  const source: StoredSource = { document_id: crypto.randomUUID(), filename: "plan.pdf", page: 2, chunk_index: 3, score: 0.42, text: "cited" };

  async function twoTurns(userId: string) {
    const id = crypto.randomUUID();
    const msgIds: string[] = Array.from({ length: 4 }, () => crypto.randomUUID());
    await repos.conversations.appendTurn(userId, { id, create: true, title: "first question" }, [
      { id: msgIds[0]!, role: "user", content: "first question" },
      { id: msgIds[1]!, role: "assistant", content: "first answer", found: true, sources: [source], metadata: { provider: "x" } },
    ]);
    await repos.conversations.appendTurn(userId, { id, create: false, title: "ignored" }, [
      { id: msgIds[2]!, role: "user", content: "second question" },
      { id: msgIds[3]!, role: "assistant", content: "second answer", found: false },
    ]);
    return { id, msgIds };
  }

  test("appendTurn creates the conversation and stores messages in order", async () => {
    const user = await createTestUser(repos);
    const { id, msgIds } = await twoTurns(user.id);
    const conv = await repos.conversations.get(user.id, id);
    expect(conv).toMatchObject({ id, userId: user.id, title: "first question" });
    const msgs = await repos.conversations.messages(user.id, id);
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
    const user = await createTestUser(repos);
    const first = await twoTurns(user.id);
    await Bun.sleep(5);
    const second = await twoTurns(user.id);
    expect((await repos.conversations.list(user.id)).map((c) => c.id)).toEqual([second.id, first.id]);
    await Bun.sleep(5);
    await repos.conversations.appendTurn(user.id, { id: first.id, create: false, title: "" }, [
      { id: crypto.randomUUID(), role: "user", content: "q" },
      { id: crypto.randomUUID(), role: "assistant", content: "a" },
    ]);
    expect((await repos.conversations.list(user.id)).map((c) => c.id)).toEqual([first.id, second.id]);
  });

  test("a failed turn stores nothing (atomic)", async () => {
    const user = await createTestUser(repos);
    const { id } = await twoTurns(user.id);
    const dup = crypto.randomUUID();
    await rejection(
      repos.conversations.appendTurn(user.id, { id, create: false, title: "" }, [
        { id: dup, role: "user", content: "q" },
        { id: dup, role: "assistant", content: "a" },
      ]),
    );
    expect(await repos.conversations.messages(user.id, id)).toHaveLength(4);
  });

  test("list/get/messages/delete are scoped by user", async () => {
    const a = await createTestUser(repos);
    const b = await createTestUser(repos);
    const { id } = await twoTurns(a.id);
    expect(await repos.conversations.get(b.id, id)).toBeUndefined();
    expect(await repos.conversations.list(b.id)).toEqual([]);
    expect(await repos.conversations.messages(b.id, id)).toEqual([]);
    expect(await repos.conversations.delete(b.id, id)).toBe(false);
    expect((await repos.conversations.list(a.id)).map((c) => c.id)).toEqual([id]);
    expect(await repos.conversations.delete(a.id, id)).toBe(true);
    expect(await repos.conversations.get(a.id, id)).toBeUndefined();
    expect(await repos.conversations.messages(a.id, id)).toEqual([]);
    expect(await repos.conversations.delete(a.id, id)).toBe(false);
  });

  test("appending to another user's conversation is NotFoundError and stores nothing", async () => {
    const a = await createTestUser(repos);
    const b = await createTestUser(repos);
    const { id } = await twoTurns(a.id);
    const err = await rejection(
      repos.conversations.appendTurn(b.id, { id, create: false, title: "" }, [
        { id: crypto.randomUUID(), role: "user", content: "intruder" },
        { id: crypto.randomUUID(), role: "assistant", content: "reply" },
      ]),
    );
    expect(err).toBeInstanceOf(NotFoundError);
    expect(await repos.conversations.messages(b.id, id)).toEqual([]);
    const [row] = await queryRows<{ n: number }>(tdb.handle, sql`select count(*)::int as n from messages where conversation_id = ${id}::uuid`);
    expect(row?.n).toBe(4);
  });
});
