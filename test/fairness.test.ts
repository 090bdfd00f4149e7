/**
 * Per-user fairness: one member with 100 chats in flight does not starve another. That member's
 * turns beyond its mailbox are refused at once with 429 `mailbox_full` and `Retry-After` (never
 * queued without bound, never a 5xx), and another member's chat, sent while the burst is in
 * flight, is answered. Runs on the run's test database (PGlite answers from a worker thread now,
 * so requests overlap there too). Nothing here is timed: latency under load is
 * bench/chat-load.bench.ts's business.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { numberedSentences } from "./support/ingestion.ts";
import { makePdf } from "./support/pdf.ts";
import { bearer, register, startTestServer, uploadFile, waitForJob, type TestServer } from "./support/server.ts";

const PLAN = makePdf([
  "The annual deductible is $1,500 per person. The out-of-pocket maximum is $6,000 per person per year. " +
    "A referral is required before you see a specialist. Primary care visits cost a $25 copay.",
  ...Array.from({ length: 60 }, (_, p) => numberedSentences(12, p * 12).join(" ")),
]);
const MAILBOX = 8;

const chat = (url: string, token: string, message: string) =>
  fetch(`${url}/chat`, { method: "POST", headers: { ...bearer(token), "content-type": "application/json" }, body: JSON.stringify({ message }) }).then(async (res) => ({
    status: res.status,
    retryAfter: res.headers.get("retry-after"),
    body: (await res.json()) as { code?: string; response?: string },
  }));

describe("per-user fairness", () => {
  let server: TestServer;
  let hog: string;
  let other: string;
  beforeAll(async () => {
    server = await startTestServer({ agentMailboxCapacity: MAILBOX });
    const users = [await register(server.url), await register(server.url)];
    for (const user of users) {
      const up = await uploadFile(server.url, user.token, PLAN, "plan.pdf");
      await waitForJob(server.url, user.token, up.body.job_id!);
    }
    [hog, other] = users.map((u) => u.token) as [string, string];
  }, 120_000);
  afterAll(() => server?.close());

  test("100 chats from one member: the excess is refused with 429 + Retry-After; another member is answered meanwhile", async () => {
    const burst = Promise.all(Array.from({ length: 100 }, (_, i) => chat(server.url, hog, `What is my deductible? (${i})`)));
    const mine = await chat(server.url, other, "What is the deductible?");
    const results = await burst;
    expect(mine.status).toBe(200);
    expect(mine.body.response).toContain("1,500");
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status !== 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(ok.length).toBeLessThan(100);
    for (const r of refused) expect(r).toMatchObject({ status: 429, retryAfter: "1", body: { code: "mailbox_full" } });
    // Nothing is left queued for the hog.
    expect(server.nav.system.stats().inflightByKind.agent ?? 0).toBe(0);
  }, 120_000);
});
