/**
 * Backpressure at the HTTP edge: a user's full mailbox answers 429 `mailbox_full`, a saturated
 * agent tier answers 503 `overloaded`, both with `Retry-After`, and nothing queues without bound.
 * Runs on PostgreSQL: PGlite answers without yielding to the event loop, so in-process requests
 * never overlap there and no burst could fill a mailbox.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { numberedSentences } from "./support/ingestion.ts";
import { makePdf } from "./support/pdf.ts";
import { checkPostgres, createTestPostgresDatabase, type TestPostgresDatabase } from "./support/postgres.ts";
import { bearer, register, startTestServer, uploadFile, waitForJob, type TestServer } from "./support/server.ts";

const pg = await checkPostgres();

test("PostgreSQL for the backpressure tests (required when CI=true)", () => {
  if (pg.mustFail) throw new Error(pg.reason);
  if (!pg.available) console.warn(`[backpressure] skipping: ${pg.reason}`);
  expect(pg.available || process.env.CI !== "true").toBe(true);
});

// ~150 pages so that one answer takes the agent several milliseconds: a burst then really queues.
const PLAN = makePdf([
  "The annual deductible is $1,500 per person. The out-of-pocket maximum is $6,000 per person per year. " +
    "A referral is required before you see a specialist. Primary care visits cost a $25 copay.",
  ...Array.from({ length: 150 }, (_, p) => numberedSentences(12, p * 12).join(" ")),
]);

async function burst(url: string, tokens: string[], perUser: number) {
  return Promise.all(
    tokens.flatMap((token) =>
      Array.from({ length: perUser }, (_, i) =>
        fetch(`${url}/chat`, {
          method: "POST",
          headers: { ...bearer(token), "content-type": "application/json" },
          body: JSON.stringify({ message: `What is my deductible? (${i})` }),
        }).then(async (res) => ({ status: res.status, retryAfter: res.headers.get("retry-after"), body: (await res.json()) as { code?: string } })),
      ),
    ),
  );
}

describe.skipIf(!pg.available)("backpressure", () => {
  let server: TestServer;
  let database: TestPostgresDatabase;
  const tokens: string[] = [];
  beforeAll(async () => {
    database = await createTestPostgresDatabase(pg.adminUrl);
    server = await startTestServer({ databaseUrl: database.url, agentMailboxCapacity: 2, agentMaxInflight: 6 });
    for (let i = 0; i < 4; i++) {
      const user = await register(server.url);
      const up = await uploadFile(server.url, user.token, PLAN, "plan.pdf");
      await waitForJob(server.url, user.token, up.body.job_id!);
      tokens.push(user.token);
    }
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });

  test("one user's burst beyond its mailbox: the excess gets 429 mailbox_full with Retry-After; the rest answer", async () => {
    const results = await burst(server.url, tokens.slice(0, 1), 30);
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status !== 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(ok.length).toBeLessThanOrEqual(6); // 1 running + 2 queued per wave, at most the in-flight bound
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect(r).toMatchObject({ status: 429, retryAfter: "1", body: { code: "mailbox_full" } });
  });

  test("many users at once beyond the node's in-flight bound: 503 overloaded with Retry-After", async () => {
    const results = await burst(server.url, tokens, 8);
    const codes = new Set(results.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.body.code}`));
    expect(codes.has("503 overloaded")).toBe(true);
    for (const r of results.filter((x) => x.status === 503)) expect(r.retryAfter).toBe("1");
    expect(results.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(4);
    // Nothing is left queued: the node's in-flight count returns to zero.
    expect(server.nav.system.stats().inflightByKind.agent).toBe(0);
  });
});
