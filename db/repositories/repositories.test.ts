import { describe, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { createTestUser, queryRows, useTestDatabase } from "../../test/support/db.ts";
import { DuplicateDocumentError, EmailTakenError } from "../errors.ts";
import type { NewDocument } from "./index.ts";
import { chunk, docWithJob as insertDoc, META, newDoc, rejection, vec } from "../../test/support/repo-fixtures.ts";

const tdb = useTestDatabase();

const docWithJob = (userId: string, overrides: Partial<NewDocument> = {}) => insertDoc(tdb.repos, userId, overrides);

describe("users", () => {
  test("create stores the email lower-cased and returns the row", async () => {
    const id = crypto.randomUUID();
    const row = await tdb.repos.users.create({ id, email: `Alice.${id}@Example.TEST`, passwordHash: "h", name: "Alice" });
    expect(row.id).toBe(id);
    expect(row.email).toBe(`alice.${id}@example.test`);
    expect(row.name).toBe("Alice");
    expect(row.createdAt).toBeInstanceOf(Date);
    expect(await tdb.repos.users.findById(id)).toEqual(row);
  });

  test("a duplicate email, in any case, is EmailTakenError", async () => {
    const id = crypto.randomUUID();
    await tdb.repos.users.create({ id, email: `bob.${id}@example.test`, passwordHash: "h" });
    const err = await rejection(tdb.repos.users.create({ id: crypto.randomUUID(), email: `BOB.${id}@EXAMPLE.test`, passwordHash: "h" }));
    expect(err).toBeInstanceOf(EmailTakenError);
    expect((err as EmailTakenError).code).toBe("email_taken");
  });

  test("findByEmail is case-insensitive; unknown emails and ids are undefined", async () => {
    const id = crypto.randomUUID();
    await tdb.repos.users.create({ id, email: `carol.${id}@example.test`, passwordHash: "h" });
    expect((await tdb.repos.users.findByEmail(`CAROL.${id}@Example.Test`))?.id).toBe(id);
    expect(await tdb.repos.users.findByEmail(`nobody.${id}@example.test`)).toBeUndefined();
    expect(await tdb.repos.users.findById(crypto.randomUUID())).toBeUndefined();
  });
});

describe("documents", () => {
  test("createWithJob inserts the document and a queued job", async () => {
    const user = await createTestUser(tdb.repos);
    const input = newDoc(user.id);
    const jobId = crypto.randomUUID();
    const { document, job } = await tdb.repos.documents.createWithJob(input, jobId);
    expect(document).toMatchObject({ ...input, pages: null, parser: null });
    expect(job).toMatchObject({ id: jobId, userId: user.id, documentId: input.id, status: "queued", progressPct: 0, attempts: 0, lastError: null });
    const view = await tdb.repos.documents.get(user.id, input.id);
    expect(view).toMatchObject({ id: input.id, status: "queued", jobId, chunkCount: 0 });
  });

  test("the same sha256 for the same user is DuplicateDocumentError and leaves no extra rows", async () => {
    const user = await createTestUser(tdb.repos);
    const first = await docWithJob(user.id, { sha256: "a".repeat(64) });
    const dupJob = crypto.randomUUID();
    const err = await rejection(tdb.repos.documents.createWithJob(newDoc(user.id, { sha256: "a".repeat(64) }), dupJob));
    expect(err).toBeInstanceOf(DuplicateDocumentError);
    expect((err as DuplicateDocumentError).code).toBe("duplicate");
    const list = await tdb.repos.documents.list(user.id);
    expect(list.map((d) => d.id)).toEqual([first.document.id]);
    expect(await tdb.repos.jobs.get(user.id, dupJob)).toBeUndefined();
  });

  test("the same sha256 is allowed for another user", async () => {
    const a = await createTestUser(tdb.repos);
    const b = await createTestUser(tdb.repos);
    const sha256 = "b".repeat(64);
    await docWithJob(a.id, { sha256 });
    const { document } = await docWithJob(b.id, { sha256 });
    expect(document.userId).toBe(b.id);
    expect((await tdb.repos.documents.list(b.id)).map((d) => d.sha256)).toEqual([sha256]);
  });

  test("get/list/delete are scoped by user", async () => {
    const a = await createTestUser(tdb.repos);
    const b = await createTestUser(tdb.repos);
    const { document } = await docWithJob(a.id);
    expect((await tdb.repos.documents.get(a.id, document.id))?.id).toBe(document.id);
    expect(await tdb.repos.documents.get(b.id, document.id)).toBeUndefined();
    expect(await tdb.repos.documents.list(b.id)).toEqual([]);
    expect(await tdb.repos.documents.delete(b.id, document.id)).toBeUndefined();
    expect((await tdb.repos.documents.get(a.id, document.id))?.id).toBe(document.id);
    await tdb.repos.documents.setParsed(b.id, document.id, 99, "evil");
    expect(await tdb.repos.documents.get(a.id, document.id)).toMatchObject({ pages: null, parser: null });
  });

  test("list shows the latest job's status and the chunk count, newest document first", async () => {
    const user = await createTestUser(tdb.repos);
    const older = await docWithJob(user.id);
    await Bun.sleep(5);
    const newer = await docWithJob(user.id);
    await tdb.repos.jobs.advance(newer.job.id, "storing", 85);
    await tdb.repos.chunks.upsertMany(user.id, newer.document.id, META, [chunk(0, vec({ 0: 1 })), chunk(1, vec({ 1: 1 }))]);
    await tdb.repos.documents.setParsed(user.id, newer.document.id, 3, "unpdf");
    const list = await tdb.repos.documents.list(user.id);
    expect(list.map((d) => [d.id, d.status, d.chunkCount, d.pages])).toEqual([
      [newer.document.id, "storing", 2, 3],
      [older.document.id, "queued", 0, null],
    ]);
  });

  test("delete removes the document with its chunks and jobs (cascade)", async () => {
    const user = await createTestUser(tdb.repos);
    const { document, job } = await docWithJob(user.id);
    await tdb.repos.chunks.upsertMany(user.id, document.id, META, [chunk(0, vec({ 0: 1 })), chunk(1, vec({ 1: 1 }))]);
    expect(await tdb.repos.chunks.countForDocument(user.id, document.id)).toBe(2);
    const deleted = await tdb.repos.documents.delete(user.id, document.id);
    expect(deleted?.id).toBe(document.id);
    expect(deleted?.storageKey).toBe(document.storageKey);
    expect(await tdb.repos.documents.get(user.id, document.id)).toBeUndefined();
    expect(await tdb.repos.jobs.get(user.id, job.id)).toBeUndefined();
    const [row] = await queryRows<{ n: number }>(tdb.handle, sql`select count(*)::int as n from chunks where document_id = ${document.id}::uuid`);
    expect(row?.n).toBe(0);
    expect(await tdb.repos.documents.delete(user.id, document.id)).toBeUndefined();
  });
});

describe("jobs", () => {
  test("advance moves forward and never back; the status stays when refused", async () => {
    const user = await createTestUser(tdb.repos);
    const { job } = await docWithJob(user.id);
    const embedding = await tdb.repos.jobs.advance(job.id, "embedding", 40);
    expect(embedding).toMatchObject({ status: "embedding", progressPct: 40 });
    expect(await tdb.repos.jobs.advance(job.id, "parsing", 5)).toBeUndefined();
    expect(await tdb.repos.jobs.advance(job.id, "queued", 0)).toBeUndefined();
    expect(await tdb.repos.jobs.get(user.id, job.id)).toMatchObject({ status: "embedding", progressPct: 40 });
  });

  test("advance to the same status is allowed but progress never decreases", async () => {
    const user = await createTestUser(tdb.repos);
    const { job } = await docWithJob(user.id);
    expect((await tdb.repos.jobs.advance(job.id, "embedding", 60))?.progressPct).toBe(60);
    expect(await tdb.repos.jobs.advance(job.id, "embedding", 45)).toMatchObject({ status: "embedding", progressPct: 60 });
    expect((await tdb.repos.jobs.advance(job.id, "storing", 150))?.progressPct).toBe(100);
  });

  test("a complete job never changes again", async () => {
    const user = await createTestUser(tdb.repos);
    const { job } = await docWithJob(user.id);
    expect((await tdb.repos.jobs.advance(job.id, "complete", 100))?.status).toBe("complete");
    expect(await tdb.repos.jobs.advance(job.id, "complete", 100)).toBeUndefined();
    expect(await tdb.repos.jobs.advance(job.id, "storing", 85)).toBeUndefined();
    expect(await tdb.repos.jobs.fail(job.id, { code: "late", message: "too late" })).toBeUndefined();
    expect(await tdb.repos.jobs.startAttempt(job.id)).toBeUndefined();
    expect(await tdb.repos.jobs.get(user.id, job.id)).toMatchObject({ status: "complete", lastError: null, attempts: 0 });
  });

  test("fail records last_error and is terminal", async () => {
    const user = await createTestUser(tdb.repos);
    const { job } = await docWithJob(user.id);
    await tdb.repos.jobs.advance(job.id, "parsing", 5);
    const failed = await tdb.repos.jobs.fail(job.id, { code: "invalid_pdf", message: "corrupt" });
    expect(failed).toMatchObject({ status: "failed", progressPct: 5, lastError: { code: "invalid_pdf", message: "corrupt" } });
    expect(await tdb.repos.jobs.advance(job.id, "complete", 100)).toBeUndefined();
    expect(await tdb.repos.jobs.fail(job.id, { code: "other", message: "again" })).toBeUndefined();
    expect((await tdb.repos.jobs.get(user.id, job.id))?.lastError).toEqual({ code: "invalid_pdf", message: "corrupt" });
  });

  test("startAttempt counts attempts", async () => {
    const user = await createTestUser(tdb.repos);
    const { job } = await docWithJob(user.id);
    await tdb.repos.jobs.startAttempt(job.id);
    expect((await tdb.repos.jobs.startAttempt(job.id))?.attempts).toBe(2);
  });

  test("startAttempt records the node and trace of the latest attempt", async () => {
    const user = await createTestUser(tdb.repos);
    const { job } = await docWithJob(user.id);
    expect(job).toMatchObject({ nodeId: null, traceId: null });
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    expect(await tdb.repos.jobs.startAttempt(job.id, { nodeId: "node-a", traceId })).toMatchObject({ attempts: 1, nodeId: "node-a", traceId });
    expect(await tdb.repos.jobs.startAttempt(job.id, { nodeId: "node-b" })).toMatchObject({ attempts: 2, nodeId: "node-b", traceId: null });
    expect(await tdb.repos.jobs.get(user.id, job.id)).toMatchObject({ attempts: 2, nodeId: "node-b", traceId: null });
  });

  test("findById reads a job whoever owns it; unknown ids are undefined", async () => {
    const user = await createTestUser(tdb.repos);
    const { job } = await docWithJob(user.id);
    expect(await tdb.repos.jobs.findById(job.id)).toEqual((await tdb.repos.jobs.get(user.id, job.id))!);
    expect(await tdb.repos.jobs.findById(crypto.randomUUID())).toBeUndefined();
  });

  test("listOrphans lists only queued jobs not updated for longer than the age", async () => {
    const user = await createTestUser(tdb.repos);
    const old = await docWithJob(user.id);
    const fresh = await docWithJob(user.id);
    const oldStarted = await docWithJob(user.id);
    const oldFailed = await docWithJob(user.id);
    await tdb.repos.jobs.advance(oldStarted.job.id, "parsing", 5);
    await tdb.repos.jobs.fail(oldFailed.job.id, { code: "x", message: "y" });
    for (const id of [old.job.id, oldStarted.job.id, oldFailed.job.id]) {
      await tdb.handle.db.execute(sql`update jobs set updated_at = now() - interval '10 minutes' where id = ${id}::uuid`);
    }
    const mine = new Set([old.job.id, fresh.job.id, oldStarted.job.id, oldFailed.job.id]);
    const orphans = async (ms: number) => (await tdb.repos.jobs.listOrphans(ms)).filter((j) => mine.has(j.id)).map((j) => j.id);
    expect(await orphans(60_000)).toEqual([old.job.id]);
    expect(await orphans(11 * 60_000)).toEqual([]);
    expect(await orphans(0)).toEqual([old.job.id, fresh.job.id]);
    await expect(tdb.repos.jobs.listOrphans(-1)).rejects.toThrow(RangeError);
  });

  test("queuedStats counts jobs still queued and the age of the oldest (the ingestion backlog metrics)", async () => {
    const user = await createTestUser(tdb.repos);
    const before = await tdb.repos.jobs.queuedStats();
    const waiting = await docWithJob(user.id);
    const started = await docWithJob(user.id);
    await tdb.repos.jobs.advance(started.job.id, "parsing", 5);
    await tdb.handle.db.execute(sql`update jobs set created_at = now() - interval '1 hour' where id in (${waiting.job.id}::uuid, ${started.job.id}::uuid)`);
    const after = await tdb.repos.jobs.queuedStats();
    expect(after.queued).toBe(before.queued + 1);
    expect(after.oldestAgeSeconds).toBeGreaterThanOrEqual(3600);
    expect(after.oldestAgeSeconds).toBeLessThan(3600 + 600);
    await tdb.repos.jobs.fail(waiting.job.id, { code: "x", message: "y" });
    expect((await tdb.repos.jobs.queuedStats()).queued).toBe(before.queued);
  });

  test("get is scoped by user", async () => {
    const a = await createTestUser(tdb.repos);
    const b = await createTestUser(tdb.repos);
    const { job } = await docWithJob(a.id);
    expect((await tdb.repos.jobs.get(a.id, job.id))?.id).toBe(job.id);
    expect(await tdb.repos.jobs.get(b.id, job.id)).toBeUndefined();
  });

  test("listUnfinished lists non-terminal jobs of every user, oldest first", async () => {
    const a = await createTestUser(tdb.repos);
    const b = await createTestUser(tdb.repos);
    const queued = await docWithJob(a.id);
    await Bun.sleep(5);
    const embedding = await docWithJob(b.id);
    await tdb.repos.jobs.advance(embedding.job.id, "embedding", 40);
    await Bun.sleep(5);
    const complete = await docWithJob(a.id);
    await tdb.repos.jobs.advance(complete.job.id, "complete", 100);
    const failed = await docWithJob(b.id);
    await tdb.repos.jobs.fail(failed.job.id, { code: "x", message: "y" });
    const mine = new Set([queued.job.id, embedding.job.id, complete.job.id, failed.job.id]);
    const unfinished = (await tdb.repos.jobs.listUnfinished()).filter((j) => mine.has(j.id));
    expect(unfinished.map((j) => [j.id, j.status])).toEqual([
      [queued.job.id, "queued"],
      [embedding.job.id, "embedding"],
    ]);
  });
});
