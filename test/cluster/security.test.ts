/**
 * Hardening across a cluster (2 api + 1 agent + 1 ingest processes over a real nats-server and
 * PostgreSQL): a token revoked on one api node (logout, password change, account deletion) is
 * refused by the other within the token-check cache time; login limits are counted in the NATS KV
 * bucket, so failures spread over both api nodes add up to one limit; the upload quota likewise.
 */
import { describe, expect, test } from "bun:test";
import type { Cluster } from "../../cli/cluster/launcher.ts";
import { checkClusterPrerequisites, useClusterEnvironment } from "../support/cluster.ts";
import { makePdf } from "../support/pdf.ts";
import { bearer, fetchJson, register, TEST_PASSWORD, uploadFile } from "../support/server.ts";

const prerequisites = await checkClusterPrerequisites([]);
/** How long a revocation may take to reach the other node: AUTH_CACHE_TTL_MS below, with room for a loaded machine. */
const REVOCATION_DEADLINE_MS = 10_000;

test("cluster prerequisites: nats-server, PostgreSQL with pgvector (required when CI=true)", () => {
  if (prerequisites.mustFail) throw new Error(prerequisites.reason);
  if (!prerequisites.available) console.warn(`[cluster security] skipping: ${prerequisites.reason}`);
});

describe.skipIf(!prerequisites.available)("cluster: revocation and limits hold across api nodes", () => {
  const env = useClusterEnvironment(prerequisites.adminUrl, prerequisites.available);
  let cluster: Cluster;
  const api = (i: number) => cluster.apiUrls[i]!;
  const post = (url: string, path: string, body: unknown, token?: string) =>
    fetchJson(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...(token ? bearer(token) : {}) }, body: JSON.stringify(body) });
  /** Polls `url` with `token` until it answers 401, returning how long that took (ms), or -1. */
  const until401 = async (url: string, token: string) => {
    const start = performance.now();
    while (performance.now() - start < REVOCATION_DEADLINE_MS) {
      if ((await fetchJson(`${url}/api/v2/documents`, { headers: bearer(token) })).status === 401) return performance.now() - start;
      await Bun.sleep(100);
    }
    return -1;
  };

  test("starts", async () => {
    cluster = await env.launch({ api: 2, agent: 1, ingest: 1 }, { AUTH_CACHE_TTL_MS: "1000", LOGIN_MAX_PER_ACCOUNT: "6", MAX_UPLOADS_PER_HOUR: "3" });
    expect(cluster.apiUrls).toHaveLength(2);
  }, 120_000);

  test("logout on api 0 is refused on api 1; password change on api 1 revokes older tokens on api 0; account deletion likewise", async () => {
    const user = await register(api(0));
    expect((await fetchJson(`${api(1)}/api/v2/documents`, { headers: bearer(user.token) })).status).toBe(200); // api 1 caches it as valid
    expect((await post(api(0), "/api/v2/auth/logout", {}, user.token)).status).toBe(204);
    const logoutMs = await until401(api(1), user.token);
    expect(logoutMs).toBeGreaterThanOrEqual(0);

    const second = await register(api(1), user.email);
    expect((await fetchJson(`${api(0)}/api/v2/documents`, { headers: bearer(second.token) })).status).toBe(200);
    const changed = await post(api(1), "/api/v2/auth/password", { current_password: TEST_PASSWORD, new_password: "a different passphrase" }, second.token);
    expect(changed.status).toBe(200);
    expect(await until401(api(0), second.token)).toBeGreaterThanOrEqual(0);
    expect((await fetchJson(`${api(0)}/api/v2/documents`, { headers: bearer(changed.body.access_token) })).status).toBe(200);

    expect((await fetchJson(`${api(0)}/api/v2/account`, { method: "DELETE", headers: bearer(changed.body.access_token) })).status).toBe(204);
    expect(await until401(api(1), changed.body.access_token)).toBeGreaterThanOrEqual(0);
    console.log(`cluster revocation: logout reached the other api node after ${logoutMs.toFixed(0)} ms (AUTH_CACHE_TTL_MS=1000)`);
  }, 60_000);

  test("login failures alternating between the api nodes share one count: the 7th attempt is 429 on either node", async () => {
    const user = await register(api(0));
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await post(api(i % 2), "/api/v2/auth/login", { email: user.email, password: `wrong ${i} passphrase` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    for (const i of [0, 1]) {
      const res = await fetch(`${api(i)}/api/v2/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: user.email, password: TEST_PASSWORD }) });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    }
  }, 60_000);

  test("the hourly upload quota is counted across api nodes", async () => {
    const user = await register(api(0));
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await uploadFile(api(i % 2), user.token, makePdf([`Quota plan ${i}. The deductible is $${500 + i} per person per calendar year.`]), `q${i}.pdf`)).status);
    }
    expect(statuses).toEqual([202, 202, 202, 429]);
  }, 60_000);
});
