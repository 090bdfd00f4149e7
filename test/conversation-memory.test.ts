/**
 * Conversation memory over real HTTP: a follow-up is rewritten from the previous turn and the
 * rewrite changes what is retrieved; the conversations API lists, shows and deletes a user's
 * conversations and answers 404 for anyone else's. Tests run in order and share state.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { bearer, chat, fetchJson, register, startTestServer, uploadFile, waitForJob, type JsonResponse, type TestServer } from "./support/server.ts";
import { makePdf } from "./support/pdf.ts";

const TIMEOUT = 60_000;
const FIRST = "What is the copay for a specialist visit in network?";
const FOLLOW_UP = "and out of network?";
const REWRITTEN = "What is the copay for a specialist visit out-of-network?";
const OON_SPECIALIST_FACT = "60 percent";

/** A's plan: in-network specialists (page 1), out-of-network specialists (page 2), other network rules (page 3), costs (page 4). */
const A_PLAN = [
  "Zorblax Silver plan: specialist care. In-network specialist visits cost a copay of 45 dollars per visit. " +
    "You need a referral from your primary care doctor before you see a specialist. " +
    "Specialist visits are limited to twenty visits per calendar year. Telehealth visits with a specialist cost the same copay.",
  "Zorblax Silver plan: specialists outside the network. Out-of-network specialist visits cost 60 percent coinsurance after the deductible. " +
    "The plan pays 40 percent of the allowed amount for an out-of-network specialist visit. " +
    "Balance billing may apply when you see an out-of-network specialist. Keep your receipts for every specialist claim.",
  "Zorblax Silver plan: the network. The network includes 300 hospitals and 4,000 network doctors. " +
    "Out-of-network laboratory tests are not covered by the network benefit. Network pharmacies fill prescriptions in 24 hours. " +
    "Out-of-network emergency care is paid at the network level. Ask member services for a network directory. The network map is online.",
  "Zorblax Silver plan: costs. The annual deductible is 1,250 dollars for an individual. " +
    "The out-of-pocket maximum is 6,500 dollars for an individual. Generic drugs cost 12 dollars for a thirty day supply.",
];
const B_PLAN = ["Quillfeather Dental plan. Two routine cleanings per year are covered at no cost. Fillings are covered at 80 percent after a deductible of 50 dollars."];

type Reply = JsonResponse<any>;

/** The best-ranked retrieved chunk of a reply (sources list cited passages first, so not always the first). */
const best = (r: Reply): { chunk_index: number; page: number; score: number; text: string } =>
  [...r.body.sources].sort((a: { score: number }, b: { score: number }) => b.score - a.score)[0];

describe("conversation memory over HTTP", () => {
  let server: TestServer;
  let url: string;
  let A: { token: string; userId: string };
  let B: { token: string; userId: string };
  let aConversation = "";
  let bConversation = "";
  let first: Reply;
  let followUp: Reply;

  beforeAll(async () => {
    server = await startTestServer();
    url = server.url;
    A = await register(url);
    B = await register(url);
    for (const [user, pages, name] of [[A, A_PLAN, "zorblax.pdf"], [B, B_PLAN, "quillfeather.pdf"]] as const) {
      const up = await uploadFile(url, user.token, makePdf(pages), name);
      expect(up.status).toBe(202);
      expect((await waitForJob(url, user.token, up.body.job_id!, TIMEOUT)).status).toBe("complete");
    }
  }, TIMEOUT);

  afterAll(async () => {
    await server?.close();
  }, TIMEOUT);

  test("a follow-up is rewritten from the previous turn, and the rewrite changes what is retrieved", async () => {
    first = await chat(url, A.token, FIRST);
    expect(first.status).toBe(200);
    expect(first.body.found).toBe(true);
    expect(first.body.response).toContain("45 dollars");
    expect(first.body.metadata.rewritten_question).toBeUndefined();
    aConversation = first.body.conversation_id;

    followUp = await chat(url, A.token, FOLLOW_UP, aConversation);
    expect(followUp.status).toBe(200);
    expect(followUp.body.conversation_id).toBe(aConversation);
    expect(followUp.body.metadata.rewritten_question).toBe(REWRITTEN);
    expect(followUp.body.found).toBe(true);
    expect(followUp.body.response).toContain(OON_SPECIALIST_FACT);
    // The best-ranked chunk is the one about out-of-network specialists.
    const oonChunk = followUp.body.sources.find((s: { text: string }) => s.text.includes(`${OON_SPECIALIST_FACT} coinsurance`))?.chunk_index;
    expect(oonChunk).toBeNumber();
    expect(best(followUp).chunk_index).toBe(oonChunk);
    expect(followUp.body.language).toBe("en");

    // The same words without the conversation retrieve something else.
    const bare = await chat(url, A.token, FOLLOW_UP);
    expect(bare.status).toBe(200);
    expect(bare.body.conversation_id).not.toBe(aConversation);
    expect(bare.body.metadata.rewritten_question).toBeUndefined();
    expect(bare.body.response).not.toContain(OON_SPECIALIST_FACT);
    if (bare.body.found) {
      expect(best(bare).chunk_index).not.toBe(oonChunk);
    }
  }, TIMEOUT);

  test("the reply carries language, next steps, suggestions and per-step timings", async () => {
    const body = first.body;
    expect(body.language).toBe("en");
    expect(body.metadata.language_reason).toMatch(/^en: /);
    // The in-network answer quotes the referral rule or not; the step appears exactly when it does.
    expect(body.next_steps.some((s: string) => s.includes("referral"))).toBe(/referral/i.test(body.response));
    expect(body.suggested_questions[0]).toBe("What is the copay for a specialist visit out-of-network?");
    expect(Object.keys(body.metadata.steps)).toEqual(["input_ms", "rewrite_ms", "retrieval_ms", "screen_ms", "synthesis_ms", "output_ms"]);
    for (const ms of Object.values(body.metadata.steps) as number[]) expect(ms).toBeGreaterThanOrEqual(0);
    expect(body.metadata.processing_ms).toBeGreaterThanOrEqual(body.metadata.steps.retrieval_ms);
  }, TIMEOUT);

  test("GET /api/v2/conversations/:id: the messages in order, with sources and metadata", async () => {
    const res = await fetchJson(`${url}/api/v2/conversations/${aConversation}`, { headers: bearer(A.token) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ conversation_id: aConversation, title: FIRST, message_count: 4 });
    const msgs = res.body.messages as any[];
    expect(msgs.map((m) => [m.role, m.content])).toEqual([
      ["user", FIRST],
      ["assistant", first.body.response],
      ["user", FOLLOW_UP],
      ["assistant", followUp.body.response],
    ]);
    expect(msgs.map((m) => m.found)).toEqual([null, true, null, true]);
    expect(msgs[3].sources).toEqual(followUp.body.sources);
    expect(msgs[0].sources).toEqual([]);
    expect(msgs[3].metadata).toMatchObject({
      rewritten_question: REWRITTEN,
      language: "en",
      next_steps: followUp.body.next_steps,
      suggested_questions: followUp.body.suggested_questions,
      steps: followUp.body.metadata.steps,
    });
    for (const m of msgs) expect(Number.isNaN(Date.parse(m.created_at))).toBe(false);
    expect(Date.parse(res.body.updated_at)).toBeGreaterThanOrEqual(Date.parse(res.body.created_at));
  }, TIMEOUT);

  test("GET /api/v2/conversations: the caller's, newest first, paged with limit/before", async () => {
    bConversation = (await chat(url, B.token, "How many routine cleanings per year are covered?")).body.conversation_id;
    const third = (await chat(url, A.token, "What is the annual deductible?")).body.conversation_id;
    const all = await fetchJson(`${url}/api/v2/conversations`, { headers: bearer(A.token) });
    expect(all.status).toBe(200);
    const ids = all.body.conversations.map((c: any) => c.conversation_id);
    expect(ids[0]).toBe(third);
    expect(ids).toContain(aConversation);
    expect(ids).not.toContain(bConversation);
    expect(all.body.next_before).toBeNull();
    expect(all.body.conversations.find((c: any) => c.conversation_id === aConversation)).toMatchObject({ title: FIRST, message_count: 4 });

    const page1 = await fetchJson(`${url}/api/v2/conversations?limit=2`, { headers: bearer(A.token) });
    expect(page1.body.conversations.map((c: any) => c.conversation_id)).toEqual(ids.slice(0, 2));
    expect(page1.body.next_before).toBe(ids[1]);
    const page2 = await fetchJson(`${url}/api/v2/conversations?limit=2&before=${page1.body.next_before}`, { headers: bearer(A.token) });
    expect(page2.body.conversations.map((c: any) => c.conversation_id)).toEqual(ids.slice(2, 4));

    for (const query of ["limit=0", "limit=101", "limit=abc", "before=not-a-uuid"]) {
      const bad = await fetchJson(`${url}/api/v2/conversations?${query}`, { headers: bearer(A.token) });
      expect({ query, status: bad.status, code: bad.body.code }).toEqual({ query, status: 422, code: "validation_failed" });
    }
    expect((await fetchJson(`${url}/api/v2/conversations`)).status).toBe(401);
  }, TIMEOUT);

  test("another user's conversation is 404 for get, delete and chat, and stays intact", async () => {
    for (const init of [{ headers: bearer(B.token) }, { method: "DELETE", headers: bearer(B.token) }]) {
      const res = await fetchJson(`${url}/api/v2/conversations/${aConversation}`, init);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: "not_found" });
    }
    expect((await chat(url, B.token, FOLLOW_UP, aConversation)).status).toBe(404);
    expect((await fetchJson(`${url}/api/v2/conversations/not-a-uuid`, { headers: bearer(A.token) })).status).toBe(404);
    const still = await fetchJson(`${url}/api/v2/conversations/${aConversation}`, { headers: bearer(A.token) });
    expect(still.status).toBe(200);
    expect(still.body.messages).toHaveLength(4);
  }, TIMEOUT);

  test("DELETE /api/v2/conversations/:id: 204, gone with its messages; the other user's untouched", async () => {
    const del = await fetch(`${url}/api/v2/conversations/${aConversation}`, { method: "DELETE", headers: bearer(A.token) });
    expect(del.status).toBe(204);
    expect(await del.text()).toBe("");
    expect((await fetchJson(`${url}/api/v2/conversations/${aConversation}`, { headers: bearer(A.token) })).status).toBe(404);
    expect((await fetchJson(`${url}/api/v2/conversations/${aConversation}`, { method: "DELETE", headers: bearer(A.token) })).status).toBe(404);
    expect((await chat(url, A.token, FOLLOW_UP, aConversation)).status).toBe(404);
    const list = await fetchJson(`${url}/api/v2/conversations`, { headers: bearer(A.token) });
    expect(list.body.conversations.map((c: any) => c.conversation_id)).not.toContain(aConversation);
    const theirs = await fetchJson(`${url}/api/v2/conversations/${bConversation}`, { headers: bearer(B.token) });
    expect(theirs.status).toBe(200);
    expect(theirs.body.messages).toHaveLength(2);
  }, TIMEOUT);

  test("OpenAPI lists the conversation routes", async () => {
    const res = await fetchJson(`${url}/docs/json`);
    expect(Object.keys(res.body.paths ?? {})).toEqual(expect.arrayContaining(["/api/v2/conversations", "/api/v2/conversations/{id}"]));
  }, TIMEOUT);
});
