/**
 * End-to-end over real HTTP: one Navigator on a random port, real PDFs from ../shared/corpus,
 * two users. Tests run in order and share state (users, documents, conversations).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { SignJWT } from "jose";
import {
  bearer,
  chat,
  corpusBytes,
  corpusPath,
  fetchJson,
  register,
  requireCorpus,
  startTestServer,
  TEST_JWT_SECRET,
  TEST_PASSWORD,
  uniqueEmail,
  uploadFile,
  waitForJob,
  type JsonResponse,
  type TestServer,
} from "./support/server.ts";

const EOC = "scan_classic_hmo_2025_EOC.pdf";
const KAISER = "SBC_Kaiser.pdf";
const AETNA = "SBC_Aetna.pdf";
const OOP_QUESTION = "What is the maximum out-of-pocket amount I would pay in a year for in-network services?";
const KAISER_QUESTION = "What is the deductible on the Kaiser Permanente 30/1000 Deductible HMO plan?";
const AETNA_QUESTION = "What is the out-of-pocket limit on the Aetna CA Platinum Basic HMO Copay Plan?";
const TIMEOUT = 120_000;
const JOB_TIMEOUT = 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const corpus = requireCorpus([EOC, KAISER, AETNA]);

test("shared corpus is available (fails under CI=true when missing, skips the suite otherwise)", async () => {
  if (!corpus.available) {
    if (corpus.mustFail) throw new Error(corpus.reason);
    console.warn(`[http-e2e] ${corpus.reason}`);
    return;
  }
  for (const name of [EOC, KAISER, AETNA]) {
    const head = new TextDecoder().decode((await Bun.file(corpusPath(name)).slice(0, 5).arrayBuffer()));
    expect(head).toBe("%PDF-");
  }
});

/** Asserts an error response: exact status, JSON body with the exact code. */
function expectError(res: JsonResponse, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(res.contentType ?? "").toContain("application/json");
  expect(typeof res.body.message).toBe("string");
}

const jsonPost = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetchJson(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });

describe.skipIf(!corpus.available)("Navigator over HTTP", () => {
  let server: TestServer;
  let url: string;
  let A: { token: string; userId: string; email: string };
  let B: { token: string; userId: string; email: string };
  const bytes: Record<string, Uint8Array> = {};
  const docs = { aEoc: "", aKaiser: "", bAetna: "", bEoc: "" };
  const jobs = { aEoc: "", aKaiser: "", bAetna: "" };
  let aConversation = "";

  beforeAll(async () => {
    server = await startTestServer();
    url = server.url;
    for (const name of [EOC, KAISER, AETNA]) bytes[name] = await corpusBytes(name);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  }, 60_000);

  const listDocs = async (token: string) => {
    const res = await fetchJson(`${url}/api/v2/documents`, { headers: bearer(token) });
    expect(res.status).toBe(200);
    return res.body.documents as { document_id: string; filename: string; pages: number | null; chunk_count: number; status: string }[];
  };

  test("auth: register (same 202 whether or not the email exists), login, wrong password, invalid email and weak password", async () => {
    const emailA = uniqueEmail("a");
    const reg = await jsonPost(`${url}/api/v2/auth/register`, { email: emailA, password: TEST_PASSWORD });
    expect(reg.status).toBe(202);
    expect(reg.body).toEqual({ status: "accepted", message: expect.any(String) });
    const first = await jsonPost(`${url}/api/v2/auth/login`, { email: emailA, password: TEST_PASSWORD });
    expect(first.status).toBe(200);
    expect(first.body.token_type).toBe("bearer");
    expect(first.body.access_token.split(".")).toHaveLength(3);
    expect(first.body.user.email).toBe(emailA);
    expect(first.body.user.id).toMatch(UUID);
    A = { token: first.body.access_token, userId: first.body.user.id, email: emailA };
    B = await register(url, uniqueEmail("b"));
    expect(B.userId).not.toBe(A.userId);

    // Registering a taken email answers exactly as a new one, and changes nothing (the old password still works).
    const again = await jsonPost(`${url}/api/v2/auth/register`, { email: emailA, password: "another long passphrase" });
    expect({ status: again.status, body: again.body }).toEqual({ status: reg.status, body: reg.body });
    expect((await jsonPost(`${url}/api/v2/auth/register`, { email: emailA.toUpperCase(), password: TEST_PASSWORD })).body).toEqual(reg.body);
    expectError(await jsonPost(`${url}/api/v2/auth/login`, { email: emailA, password: "another long passphrase" }), 401, "invalid_credentials");

    const login = await jsonPost(`${url}/api/v2/auth/login`, { email: emailA, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body.token_type).toBe("bearer");
    expect(login.body.user.id).toBe(A.userId);
    expect((await fetchJson(`${url}/api/v2/documents`, { headers: bearer(login.body.access_token) })).status).toBe(200);

    expectError(await jsonPost(`${url}/api/v2/auth/login`, { email: emailA, password: `${TEST_PASSWORD}!` }), 401, "invalid_credentials");
    expectError(await jsonPost(`${url}/api/v2/auth/login`, { email: uniqueEmail("nobody"), password: TEST_PASSWORD }), 401, "invalid_credentials");
    expectError(await jsonPost(`${url}/api/v2/auth/register`, { email: "not-an-email", password: TEST_PASSWORD }), 422, "invalid_email");
    expectError(await jsonPost(`${url}/api/v2/auth/register`, { email: uniqueEmail("weak"), password: "short" }), 422, "weak_password");
  }, TIMEOUT);

  test("upload: A's EOC and Kaiser SBC, B's Aetna SBC are accepted (202) and ingest to complete", async () => {
    const [aEoc, aKaiser, bAetna] = await Promise.all([
      uploadFile(url, A.token, bytes[EOC]!, EOC),
      uploadFile(url, A.token, bytes[KAISER]!, KAISER),
      uploadFile(url, B.token, bytes[AETNA]!, AETNA),
    ]);
    for (const res of [aEoc, aKaiser, bAetna]) {
      expect(res.status).toBe(202);
      expect(res.body.job_id).toMatch(UUID);
      expect(res.body.document_id).toMatch(UUID);
      expect(typeof res.body.status).toBe("string");
    }
    docs.aEoc = aEoc.body.document_id!;
    docs.aKaiser = aKaiser.body.document_id!;
    docs.bAetna = bAetna.body.document_id!;
    jobs.aEoc = aEoc.body.job_id!;
    jobs.aKaiser = aKaiser.body.job_id!;
    jobs.bAetna = bAetna.body.job_id!;
    expect(new Set(Object.values(docs).filter(Boolean)).size).toBe(3);

    const finished = await Promise.all([
      waitForJob(url, A.token, jobs.aEoc, JOB_TIMEOUT),
      waitForJob(url, A.token, jobs.aKaiser, JOB_TIMEOUT),
      waitForJob(url, B.token, jobs.bAetna, JOB_TIMEOUT),
    ]);
    expect(finished.map((j) => j.document_id)).toEqual([docs.aEoc, docs.aKaiser, docs.bAetna]);
    for (const job of finished) {
      expect(job.status).toBe("complete");
      expect(job.progress.pct).toBe(100);
      expect(job.attempts).toBeGreaterThanOrEqual(1);
      expect(job.last_error).toBeNull();
    }
  }, TIMEOUT);

  test("documents: A lists its two documents (EOC 232 pages), complete with chunks; B lists only its own", async () => {
    const aDocs = await listDocs(A.token);
    expect(aDocs.map((d) => d.document_id).sort()).toEqual([docs.aEoc, docs.aKaiser].sort());
    const eoc = aDocs.find((d) => d.document_id === docs.aEoc)!;
    expect(eoc.filename).toBe(EOC);
    expect(eoc.pages).toBe(232);
    for (const d of aDocs) {
      expect(d.status).toBe("complete");
      expect(d.chunk_count).toBeGreaterThan(0);
      expect(d.pages).toBeGreaterThan(0);
    }
    const bDocs = await listDocs(B.token);
    expect(bDocs.map((d) => d.document_id)).toEqual([docs.bAetna]);

    const one = await fetchJson(`${url}/api/v2/documents/${docs.aKaiser}`, { headers: bearer(A.token) });
    expect(one.status).toBe(200);
    expect(one.body.filename).toBe(KAISER);
  }, TIMEOUT);

  test("upload: the same user uploading the same bytes again → 409 duplicate naming the document", async () => {
    const again = await uploadFile(url, A.token, bytes[KAISER]!, "renamed.pdf");
    expectError(again, 409, "duplicate");
    expect((again.body as { document_id?: string }).document_id).toBe(docs.aKaiser);
  }, TIMEOUT);

  test("chat: A's out-of-pocket maximum is $1,500, cited from the EOC page 57", async () => {
    const res = await chat(url, A.token, OOP_QUESTION);
    expect(res.status).toBe(200);
    expect(res.body.found).toBe(true);
    expect(res.body.response).toContain("$1,500");
    expect(res.body.sources.some((s) => s.document_id === docs.aEoc && s.filename === EOC && s.page === 57)).toBe(true);
    expect(res.body.metadata.processing_ms).toBeGreaterThanOrEqual(0);
    expect(res.body.metadata.retrieval_ms).toBeGreaterThanOrEqual(0);
    expect(res.body.metadata.provider.length).toBeGreaterThan(0);
    expect(res.body.conversation_id).toMatch(UUID);
    aConversation = res.body.conversation_id;

    const followUp = await chat(url, A.token, OOP_QUESTION, aConversation);
    expect(followUp.status).toBe(200);
    expect(followUp.body.conversation_id).toBe(aConversation);
  }, TIMEOUT);

  test("chat: A's Kaiser deductible is $1,000, cited from SBC_Kaiser.pdf page 1", async () => {
    const res = await chat(url, A.token, KAISER_QUESTION);
    expect(res.status).toBe(200);
    expect(res.body.found).toBe(true);
    expect(res.body.response).toContain("$1,000");
    expect(res.body.sources.some((s) => s.document_id === docs.aKaiser && s.filename === KAISER && s.page === 1)).toBe(true);
  }, TIMEOUT);

  test("chat: B's Aetna out-of-pocket limit is $4,000, and B never sees A's documents", async () => {
    const aetna = await chat(url, B.token, AETNA_QUESTION);
    expect(aetna.status).toBe(200);
    expect(aetna.body.found).toBe(true);
    expect(aetna.body.response).toContain("$4,000");
    expect(aetna.body.sources.some((s) => s.document_id === docs.bAetna && s.filename === AETNA)).toBe(true);

    for (const question of [OOP_QUESTION, KAISER_QUESTION]) {
      const res = await chat(url, B.token, question);
      expect(res.status).toBe(200);
      const leaked = res.body.sources.filter((s) => s.document_id === docs.aEoc || s.document_id === docs.aKaiser || s.filename === EOC || s.filename === KAISER);
      expect(leaked).toEqual([]);
      expect(res.body.sources.every((s) => s.document_id === docs.bAetna)).toBe(true);
    }
  }, TIMEOUT);

  test("isolation: B gets 404 (not 403/500) for A's document, job, delete and conversation", async () => {
    // Positive controls: the same requests succeed for A.
    expect((await fetchJson(`${url}/api/v2/documents/${docs.aEoc}`, { headers: bearer(A.token) })).status).toBe(200);
    expect((await fetchJson(`${url}/api/v2/jobs/${jobs.aEoc}`, { headers: bearer(A.token) })).status).toBe(200);

    expectError(await fetchJson(`${url}/api/v2/documents/${docs.aEoc}`, { headers: bearer(B.token) }), 404, "not_found");
    expectError(await fetchJson(`${url}/api/v2/jobs/${jobs.aEoc}`, { headers: bearer(B.token) }), 404, "not_found");
    expectError(await fetchJson(`${url}/api/v2/documents/${docs.aEoc}`, { method: "DELETE", headers: bearer(B.token) }), 404, "not_found");
    expectError(await chat(url, B.token, OOP_QUESTION, aConversation), 404, "not_found");

    // B's failed delete removed nothing of A's; B's list holds none of A's documents.
    const aDoc = await fetchJson(`${url}/api/v2/documents/${docs.aEoc}`, { headers: bearer(A.token) });
    expect(aDoc.status).toBe(200);
    expect(aDoc.body.chunk_count).toBeGreaterThan(0);
    const bIds = (await listDocs(B.token)).map((d) => d.document_id);
    expect(bIds).not.toContain(docs.aEoc);
    expect(bIds).not.toContain(docs.aKaiser);
  }, TIMEOUT);

  test("ids that are not UUIDs → 404", async () => {
    for (const path of ["/api/v2/documents/not-a-uuid", "/api/v2/jobs/123", `/api/v2/documents/${docs.aEoc}x`]) {
      expectError(await fetchJson(`${url}${path}`, { headers: bearer(A.token) }), 404, "not_found");
    }
    expectError(await fetchJson(`${url}/api/v2/documents/not-a-uuid`, { method: "DELETE", headers: bearer(A.token) }), 404, "not_found");
    expectError(await chat(url, A.token, OOP_QUESTION, "not-a-uuid"), 404, "not_found");
  }, TIMEOUT);

  test("upload: B may upload A's EOC bytes (own document id), answers from its own copy, then deletes it", async () => {
    const up = await uploadFile(url, B.token, bytes[EOC]!, EOC);
    expect(up.status).toBe(202);
    docs.bEoc = up.body.document_id!;
    expect(docs.bEoc).toMatch(UUID);
    expect(docs.bEoc).not.toBe(docs.aEoc);
    expect((await waitForJob(url, B.token, up.body.job_id!, JOB_TIMEOUT)).status).toBe("complete");

    const res = await chat(url, B.token, OOP_QUESTION);
    expect(res.status).toBe(200);
    expect(res.body.response).toContain("$1,500");
    expect(res.body.sources.some((s) => s.document_id === docs.bEoc && s.page === 57)).toBe(true);
    expect(res.body.sources.filter((s) => s.document_id === docs.aEoc || s.document_id === docs.aKaiser)).toEqual([]);

    expect((await fetchJson(`${url}/api/v2/documents/${docs.bEoc}`, { method: "DELETE", headers: bearer(B.token) })).status).toBe(204);
    // A's copy of the same bytes is untouched.
    const aDoc = await fetchJson(`${url}/api/v2/documents/${docs.aEoc}`, { headers: bearer(A.token) });
    expect(aDoc.status).toBe(200);
    expect(aDoc.body.chunk_count).toBeGreaterThan(0);
  }, TIMEOUT);

  test("delete: A deletes the Kaiser SBC → 204; it is gone and never cited again", async () => {
    // Control: before the delete, the question is answered from the Kaiser SBC.
    const before = await chat(url, A.token, KAISER_QUESTION);
    expect(before.body.sources.some((s) => s.document_id === docs.aKaiser)).toBe(true);

    const del = await fetch(`${url}/api/v2/documents/${docs.aKaiser}`, { method: "DELETE", headers: bearer(A.token) });
    expect(del.status).toBe(204);
    expect(await del.text()).toBe("");
    expectError(await fetchJson(`${url}/api/v2/documents/${docs.aKaiser}`, { headers: bearer(A.token) }), 404, "not_found");
    expectError(await fetchJson(`${url}/api/v2/documents/${docs.aKaiser}`, { method: "DELETE", headers: bearer(A.token) }), 404, "not_found");
    expect((await listDocs(A.token)).map((d) => d.document_id)).toEqual([docs.aEoc]);

    const res = await chat(url, A.token, KAISER_QUESTION);
    expect(res.status).toBe(200);
    expect(res.body.sources.filter((s) => s.document_id === docs.aKaiser || s.filename === KAISER)).toEqual([]);
  }, TIMEOUT);

  test("bad uploads: not a PDF 415, empty 422, truncated 422, too large 413, missing file 422, no token 401", async () => {
    const text = new TextEncoder().encode("This is a plain text file pretending to be a PDF.\n".repeat(20));
    expectError(await uploadFile(url, A.token, text, "notes.pdf"), 415, "unsupported_media_type");
    expectError(await uploadFile(url, A.token, new Uint8Array(0), "empty.pdf"), 422, "empty_file");
    const sbc = bytes[KAISER]!;
    expectError(await uploadFile(url, A.token, sbc.slice(0, Math.floor(sbc.byteLength * 0.4)), "cut.pdf"), 422, "invalid_pdf");

    const big = new Uint8Array(26 * 1024 * 1024).fill(0x20);
    big.set(new TextEncoder().encode("%PDF-1.7\n"), 0);
    big.set(new TextEncoder().encode("%%EOF"), big.byteLength - 5);
    expectError(await uploadFile(url, A.token, big, "huge.pdf"), 413, "payload_too_large");

    const noFile = new FormData();
    noFile.append("document", "not a file");
    const missing = await fetchJson(`${url}/api/v2/upload`, { method: "POST", headers: bearer(A.token), body: noFile });
    expect(missing.status).toBe(422);
    expect(typeof missing.body.code).toBe("string");

    expectError(await uploadFile(url, null, sbc, KAISER), 401, "missing_token");
    expect((await listDocs(A.token)).map((d) => d.document_id)).toEqual([docs.aEoc]);
  }, TIMEOUT);

  test("bad tokens: expired → 401 token_expired, tampered → 401 invalid_token", async () => {
    const key = new TextEncoder().encode(TEST_JWT_SECRET);
    const now = Math.floor(Date.now() / 1000);
    const sign = (iat: number, exp: number) =>
      new SignJWT({ sub: A.userId }).setProtectedHeader({ alg: "HS256" }).setIssuedAt(iat).setExpirationTime(exp).sign(key);
    const docsWith = (token: string) => fetchJson(`${url}/api/v2/documents`, { headers: bearer(token) });

    // Control: a forged token that is still valid is accepted, so only `exp` makes the difference.
    expect((await docsWith(await sign(now - 60, now + 3600))).status).toBe(200);
    expectError(await docsWith(await sign(now - 7200, now - 3600)), 401, "token_expired");

    const [header, payload, signature] = A.token.split(".") as [string, string, string];
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1);
    expectError(await docsWith(`${header}.${payload}.${flip(signature, Math.floor(signature.length / 2))}`), 401, "invalid_token");
    const otherPayload = Buffer.from(JSON.stringify({ sub: B.userId, exp: now + 3600 })).toString("base64url");
    expectError(await docsWith(`${header}.${otherPayload}.${signature}`), 401, "invalid_token");
    expectError(await docsWith("not-a-jwt"), 401, "invalid_token");
    expectError(await fetchJson(`${url}/api/v2/documents`), 401, "missing_token");
  }, TIMEOUT);

  test("bad JSON and oversized messages: malformed JSON 400, 100 kB body 413, 5,000-character message 413, empty message 422", async () => {
    expectError(await jsonPost(`${url}/chat`, "{\"message\": \"unterminated", bearer(A.token)), 400, "malformed_json");
    expectError(await jsonPost(`${url}/api/v2/auth/login`, "{email: nope"), 400, "malformed_json");
    expectError(await chat(url, A.token, "x".repeat(100_000)), 413, "payload_too_large");
    expectError(await chat(url, A.token, "x".repeat(5_000)), 413, "message_too_long");
    expectError(await chat(url, A.token, "   "), 422, "validation_failed");
    expectError(await jsonPost(`${url}/chat`, { text: "no message field" }, bearer(A.token)), 422, "validation_failed");
  }, TIMEOUT);

  test("after all the bad input the server still serves: health 200, chat answers, A's EOC intact", async () => {
    const health = await fetchJson(`${url}/health`);
    expect(health.status).toBe(200);
    expect(health.body.status).toBe("ok");

    const res = await chat(url, A.token, OOP_QUESTION);
    expect(res.status).toBe(200);
    expect(res.body.response).toContain("$1,500");
    const aDocs = await listDocs(A.token);
    expect(aDocs.map((d) => [d.document_id, d.status, d.pages])).toEqual([[docs.aEoc, "complete", 232]]);
    expect((await listDocs(B.token)).map((d) => d.document_id)).toEqual([docs.bAetna]);
  }, TIMEOUT);

  test("OpenAPI document at /docs/json lists /chat", async () => {
    const res = await fetchJson(`${url}/docs/json`);
    expect(res.status).toBe(200);
    expect(res.contentType ?? "").toContain("application/json");
    expect(Object.keys(res.body.paths ?? {})).toContain("/chat");
  }, TIMEOUT);
});
