/**
 * Account lifecycle (hardening part 4) and quotas (part 9) over HTTP on the run's database:
 * `GET /api/v2/account` (usage and limits), export, password change and logout revoking tokens,
 * `DELETE /api/v2/account` leaving nothing in any table or in the blob store, and the upload
 * quotas answering 429/413 with codes.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { count, eq } from "drizzle-orm";
import { schema } from "../db/index.ts";
import { makePdf } from "./support/pdf.ts";
import { bearer, chat, fetchJson, register, startTestServer, TEST_PASSWORD, uploadFile, waitForJob, type TestServer } from "./support/server.ts";

const TIMEOUT = 120_000;
const PLAN_TEXT = [
  "Summary of Benefits and Coverage. The overall deductible is $750 per person for in-network providers. " +
    "The out-of-pocket limit for this plan is $5,200 per person. A specialist visit costs a $45 copay after the deductible. " +
    "Prior authorization is required for imaging such as MRI and CT scans. Emergency room care costs $300 per visit.",
];

let server: TestServer;
let url: string;
beforeAll(async () => {
  server = await startTestServer({}, { env: { MAX_DOCUMENTS_PER_USER: "2", MAX_STORED_BYTES_PER_USER: "20000", MAX_UPLOADS_PER_HOUR: "4" } });
  url = server.url;
}, TIMEOUT);
afterAll(() => server?.close());

const json = (method: string, path: string, token: string, body?: unknown) =>
  fetchJson(`${url}${path}`, { method, headers: { ...bearer(token), "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });

/** Rows of every per-user table belonging to `userId`. */
async function rowsOf(userId: string): Promise<Record<string, number>> {
  const db = server.nav.database.db;
  const n = async (table: any, column: any) => Number((await db.select({ n: count() }).from(table).where(eq(column, userId)))[0]!.n);
  return {
    users: await n(schema.users, schema.users.id),
    documents: await n(schema.documents, schema.documents.userId),
    jobs: await n(schema.jobs, schema.jobs.userId),
    chunks: await n(schema.chunks, schema.chunks.userId),
    conversations: await n(schema.conversations, schema.conversations.userId),
    messages: await n(schema.messages, schema.messages.userId),
    revoked_tokens: await n(schema.revokedTokens, schema.revokedTokens.userId),
  };
}

async function blobFilesOf(userId: string): Promise<string[]> {
  return (await readdir(join(server.nav.config.dataDir, "blobs"), { recursive: true }).catch(() => [] as string[])).map(String).filter((f) => f.startsWith(userId));
}

describe("account lifecycle", () => {
  test("GET /api/v2/account shows the profile, usage and limits; export returns documents and conversations", async () => {
    const user = await register(url);
    const up = await uploadFile(url, user.token, makePdf(PLAN_TEXT), "plan.pdf");
    expect(up.status).toBe(202);
    expect((await waitForJob(url, user.token, up.body.job_id!)).status).toBe("complete");
    const turn = await chat(url, user.token, "What is the out-of-pocket limit?");
    expect(turn.status).toBe(200);

    const account = await json("GET", "/api/v2/account", user.token);
    expect(account.status).toBe(200);
    expect(account.body.user).toMatchObject({ id: user.userId, email: user.email });
    expect(account.body.usage).toEqual({ documents: 1, stored_bytes: makePdf(PLAN_TEXT).byteLength, uploads_this_hour: 1 });
    expect(account.body.limits).toEqual({ documents: 2, stored_bytes: 20000, uploads_per_hour: 4 });

    const exported = await json("GET", "/api/v2/account/export", user.token);
    expect(exported.status).toBe(200);
    expect(exported.body.user.id).toBe(user.userId);
    expect(exported.body.documents.map((d: { document_id: string }) => d.document_id)).toEqual([up.body.document_id]);
    expect(exported.body.conversations).toHaveLength(1);
    expect(exported.body.conversations[0].messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant"]);
    expect(exported.body.conversations[0].messages[0].content).toBe("What is the out-of-pocket limit?");
    expect(JSON.stringify(exported.body)).not.toContain("password");
  }, TIMEOUT);

  test("DELETE /api/v2/account: 204; no row in any table, no stored file; the token is 401; the email can register again", async () => {
    const user = await register(url);
    const other = await register(url);
    const up = await uploadFile(url, user.token, makePdf(PLAN_TEXT), "plan.pdf");
    expect((await waitForJob(url, user.token, up.body.job_id!)).status).toBe("complete");
    await uploadFile(url, other.token, makePdf(PLAN_TEXT), "plan.pdf");
    expect((await chat(url, user.token, "What is the deductible?")).status).toBe(200);
    await json("POST", "/api/v2/auth/logout", (await register(url, user.email)).token); // a revoked token row exists too
    const before = await rowsOf(user.userId);
    expect(before).toMatchObject({ users: 1, documents: 1, jobs: 1, conversations: 1, messages: 2, revoked_tokens: 1 });
    expect(before.chunks).toBeGreaterThan(0);
    expect(await blobFilesOf(user.userId)).not.toEqual([]);

    const del = await json("DELETE", "/api/v2/account", user.token);
    expect(del.status).toBe(204);
    expect(await rowsOf(user.userId)).toEqual({ users: 0, documents: 0, jobs: 0, chunks: 0, conversations: 0, messages: 0, revoked_tokens: 0 });
    expect(await blobFilesOf(user.userId)).toEqual([]);
    const after = await json("GET", "/api/v2/documents", user.token);
    expect({ status: after.status, code: after.body.code }).toEqual({ status: 401, code: "invalid_token" });
    expect((await json("GET", "/api/v2/documents", other.token)).body.documents).toHaveLength(1);
    const again = await register(url, user.email);
    expect(again.userId).not.toBe(user.userId);
  }, TIMEOUT);

  test("POST /api/v2/auth/password: wrong current password 401; then older tokens 401, the new one and the new password work", async () => {
    const user = await register(url);
    const second = (await fetchJson(`${url}/api/v2/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: user.email, password: TEST_PASSWORD }) })).body.access_token;
    const wrong = await json("POST", "/api/v2/auth/password", user.token, { current_password: "not my password", new_password: "a brand new passphrase" });
    expect({ status: wrong.status, code: wrong.body.code }).toEqual({ status: 401, code: "invalid_credentials" });
    const weak = await json("POST", "/api/v2/auth/password", user.token, { current_password: TEST_PASSWORD, new_password: "short" });
    expect({ status: weak.status, code: weak.body.code }).toEqual({ status: 422, code: "weak_password" });
    const changed = await json("POST", "/api/v2/auth/password", user.token, { current_password: TEST_PASSWORD, new_password: "a brand new passphrase" });
    expect(changed.status).toBe(200);
    for (const old of [user.token, second]) expect((await json("GET", "/api/v2/documents", old)).status).toBe(401);
    expect((await json("GET", "/api/v2/documents", changed.body.access_token)).status).toBe(200);
    const login = (password: string) =>
      fetchJson(`${url}/api/v2/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: user.email, password }) });
    expect((await login(TEST_PASSWORD)).status).toBe(401);
    expect((await login("a brand new passphrase")).status).toBe(200);
  }, TIMEOUT);

  test("POST /api/v2/auth/logout revokes this token only; {all:true} revokes every token", async () => {
    const user = await register(url);
    const other = (await register(url, user.email)).token;
    const third = (await register(url, user.email)).token;
    expect((await json("POST", "/api/v2/auth/logout", user.token)).status).toBe(204);
    const revoked = await json("GET", "/api/v2/documents", user.token);
    expect({ status: revoked.status, code: revoked.body.code }).toEqual({ status: 401, code: "invalid_token" });
    expect((await json("GET", "/api/v2/documents", other)).status).toBe(200);
    expect((await json("POST", "/api/v2/auth/logout", other, { all: true })).status).toBe(204);
    expect((await json("GET", "/api/v2/documents", third)).status).toBe(401);
    // A socket opened before the revocation is closed at its next chat turn.
    const fourth = (await register(url, user.email)).token;
    const open = new WebSocket(`${url.replace("http", "ws")}/chat/ws`, { headers: bearer(fourth) } as never);
    await new Promise<void>((resolve) => (open.onmessage = (e) => JSON.parse(String(e.data)).type === "ready" && resolve()));
    expect((await json("POST", "/api/v2/auth/logout", fourth)).status).toBe(204);
    const closed = new Promise<number>((resolve) => (open.onclose = (e) => resolve(e.code)));
    open.send(JSON.stringify({ type: "chat", message: "what is my deductible?" }));
    expect(await closed).toBe(4401);
    // The WebSocket refuses a revoked token too.
    const ws = new WebSocket(`${url.replace("http", "ws")}/chat/ws`, { headers: bearer(third) } as never);
    const code = await new Promise<number>((resolve) => (ws.onclose = (e) => resolve(e.code)));
    expect(code).toBe(4401);
  }, TIMEOUT);
});

describe("quotas", () => {
  test("documents per user → 413 document_quota_exceeded; uploads per hour → 429 upload_rate_limited with Retry-After", async () => {
    const user = await register(url);
    for (let i = 0; i < 2; i++) expect((await uploadFile(url, user.token, makePdf([`${PLAN_TEXT[0]} Plan ${i}.`]), `p${i}.pdf`)).status).toBe(202);
    const third = await uploadFile(url, user.token, makePdf([`${PLAN_TEXT[0]} Plan 3.`]), "p3.pdf");
    expect({ status: third.status, code: third.body.code }).toEqual({ status: 413, code: "document_quota_exceeded" });
    await uploadFile(url, user.token, makePdf(["x"]), "p4.pdf"); // the 4th upload this hour (refused: over the document quota)
    const fifth = await fetch(`${url}/api/v2/upload`, { method: "POST", headers: bearer(user.token), body: (() => { const f = new FormData(); f.append("file", new File([makePdf(["y"])], "p5.pdf")); return f; })() });
    expect(fifth.status).toBe(429);
    expect(((await fifth.json()) as { code: string }).code).toBe("upload_rate_limited");
    expect(Number(fifth.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await json("GET", "/api/v2/account", user.token)).body.usage).toMatchObject({ documents: 2, uploads_this_hour: 5 });
  }, TIMEOUT);

  test("stored bytes per user → 413 storage_quota_exceeded, nothing stored", async () => {
    const user = await register(url);
    // Random text does not compress: 10 pages of 4,000 hex digits.
    const big = makePdf(Array.from({ length: 10 }, () => Buffer.from(crypto.getRandomValues(new Uint8Array(2000))).toString("hex")));
    expect(big.byteLength).toBeGreaterThan(20_000);
    const res = await uploadFile(url, user.token, big, "big.pdf");
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 413, code: "storage_quota_exceeded" });
    expect((await json("GET", "/api/v2/documents", user.token)).body.documents).toEqual([]);
    expect(await blobFilesOf(user.userId)).toEqual([]);
  }, TIMEOUT);
});
