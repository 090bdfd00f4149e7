/**
 * PostgreSQL goes down under a running server: `/health` says so, requests answer 503
 * `database_unavailable` with Retry-After within the configured timeouts (no hang), the user's
 * agent is not pushed into the dead-letter state, and everything works again by itself once the
 * database is back. The test stops and starts a PostgreSQL it started itself.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { checkOwnPostgres, startOwnPostgres, type OwnPostgres } from "./support/own-postgres.ts";
import { makePdf } from "./support/pdf.ts";
import { createTestPostgresDatabase } from "./support/postgres.ts";
import { bearer, chat, fetchJson, register, startTestServer, uploadFile, waitForJob, type TestServer } from "./support/server.ts";

const own = checkOwnPostgres();
const PLAN = makePdf(["The annual deductible is $1,500 per person. The out-of-pocket maximum is $6,000 per person per year."]);
const QUESTION = "What is the annual deductible?";

test("PostgreSQL server binaries to stop and start a private server (required when CI=true)", () => {
  if (own.mustFail) throw new Error(own.reason);
  if (!own.available) console.warn(`[database-outage] skipping: ${own.reason}`);
  expect(own.available || process.env.CI !== "true").toBe(true);
});

describe.skipIf(!own.available)("database outage", () => {
  let pg: OwnPostgres;
  let server: TestServer;
  let token: string;
  let email: string;

  beforeAll(async () => {
    pg = await startOwnPostgres(own.binDir!);
    const database = await createTestPostgresDatabase(pg.adminUrl);
    server = await startTestServer({ databaseUrl: database.url, databaseConnectTimeoutMs: 1_000, databaseStatementTimeoutMs: 2_000, chatTimeoutMs: 8_000 });
    const user = await register(server.url);
    token = user.token;
    email = user.email;
    const up = await uploadFile(server.url, token, PLAN, "plan.pdf");
    await waitForJob(server.url, token, up.body.job_id!);
  }, 90_000);
  afterAll(async () => {
    await server?.close();
    await pg?.dispose();
  });

  test(
    "down: 503 with a code and Retry-After, quickly; back: recovers by itself",
    async () => {
      expect((await chat(server.url, token, QUESTION)).status).toBe(200);
      await pg.stop();

      const t0 = performance.now();
      const health = await fetchJson(`${server.url}/health`);
      const healthMs = performance.now() - t0;
      expect(health.status).toBe(503);
      expect(health.body.status).toBe("down");

      const answers: { what: string; status: number; code: string; retryAfter: string | null; ms: number }[] = [];
      const probe = async (what: string, request: () => Promise<Response>) => {
        const start = performance.now();
        const res = await request();
        const body = (await res.json()) as { code: string };
        answers.push({ what, status: res.status, code: body.code, retryAfter: res.headers.get("retry-after"), ms: Math.round(performance.now() - start) });
      };
      for (let i = 0; i < 6; i++) {
        await probe("chat", () => fetch(`${server.url}/chat`, { method: "POST", headers: { ...bearer(token), "content-type": "application/json" }, body: JSON.stringify({ message: QUESTION }) }));
      }
      await probe("login", () => fetch(`${server.url}/api/v2/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: "correct horse battery staple" }) }));
      await probe("documents", () => fetch(`${server.url}/api/v2/documents`, { headers: bearer(token) }));
      console.log(`[database-outage] health answered 503 in ${Math.round(healthMs)} ms; while down: ${JSON.stringify(answers)}`);
      expect(healthMs).toBeLessThan(3_000);
      for (const a of answers) {
        expect({ status: a.status, code: a.code, retryAfter: a.retryAfter }).toEqual({ status: 503, code: "database_unavailable", retryAfter: "1" });
        expect(a.ms).toBeLessThan(3_000);
      }

      await pg.start();
      const back = performance.now();
      let healthy = false;
      while (!healthy && performance.now() - back < 15_000) {
        healthy = (await fetchJson(`${server.url}/health`)).status === 200;
        if (!healthy) await Bun.sleep(100);
      }
      expect(healthy).toBe(true);
      const reply = await chat(server.url, token, QUESTION);
      console.log(`[database-outage] healthy ${Math.round(performance.now() - back)} ms after the database came back`);
      expect(reply.status).toBe(200);
      expect(reply.body.found).toBe(true);
      const up = await uploadFile(server.url, token, makePdf(["A referral is required before you see a specialist."]), "referral.pdf");
      expect((await waitForJob(server.url, token, up.body.job_id!)).status).toBe("complete");
    },
    90_000,
  );
});
