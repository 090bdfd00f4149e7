/**
 * Login and signup abuse (hardening part 3) in one process: attempts per account and per address
 * answer 429 with Retry-After, the right password is refused too while an account is limited,
 * the argon2 cap answers 503 auth_busy, and registration answers the same for a taken email.
 * The same limits across a cluster (NATS KV counters): test/cluster/revocation.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { fetchJson, register, startTestServer, TEST_PASSWORD, uniqueEmail, type TestServer } from "./support/server.ts";

const TIMEOUT = 120_000;
const post = (url: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/api/v2/auth/${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

describe("login and registration limits", () => {
  let server: TestServer;
  let url: string;
  beforeAll(async () => {
    server = await startTestServer({}, { env: { LOGIN_MAX_PER_ACCOUNT: "5", LOGIN_MAX_PER_ADDRESS: "12", REGISTER_MAX_PER_ADDRESS: "6", TRUST_PROXY: "true" } });
    url = server.url;
  }, TIMEOUT);
  afterAll(() => server?.close());

  test("5 wrong passwords for one account, then 429 rate_limited with Retry-After — the right password too", async () => {
    const user = await register(url, uniqueEmail(), TEST_PASSWORD);
    const from = { "x-forwarded-for": "198.51.100.1" };
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await post(url, "login", { email: user.email, password: `wrong ${i} password` }, from)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const limited = await post(url, "login", { email: user.email, password: TEST_PASSWORD }, { "x-forwarded-for": "198.51.100.2" });
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { code: string }).code).toBe("rate_limited");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Another account is not affected.
    const other = await register(url, uniqueEmail(), TEST_PASSWORD);
    expect((await post(url, "login", { email: other.email, password: TEST_PASSWORD }, from)).status).toBe(200);
  }, TIMEOUT);

  test("a successful login starts the account's count over", async () => {
    const user = await register(url, uniqueEmail(), TEST_PASSWORD);
    const from = { "x-forwarded-for": "198.51.100.3" };
    for (let i = 0; i < 3; i++) expect((await post(url, "login", { email: user.email, password: "wrong password!" }, from)).status).toBe(401);
    expect((await post(url, "login", { email: user.email, password: TEST_PASSWORD }, from)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await post(url, "login", { email: user.email, password: "wrong password!" }, from)).status).toBe(401);
  }, TIMEOUT);

  test("one address spraying many accounts: 12 attempts, then 429; another address is not limited", async () => {
    const from = { "x-forwarded-for": "203.0.113.7" };
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) statuses.push((await post(url, "login", { email: uniqueEmail("spray"), password: "guess guess guess" }, from)).status);
    expect(statuses.slice(0, 12).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(12)).toEqual([429, 429]);
    expect((await post(url, "login", { email: uniqueEmail("spray"), password: "guess guess guess" }, { "x-forwarded-for": "203.0.113.8" })).status).toBe(401);
  }, TIMEOUT);

  test("registration: 6 per address, then 429; a taken email answers exactly like a new one", async () => {
    const from = { "x-forwarded-for": "192.0.2.44" };
    const taken = uniqueEmail("taken");
    const first = await post(url, "register", { email: taken, password: TEST_PASSWORD }, from);
    const again = await post(url, "register", { email: taken, password: "something else entirely" }, from);
    const fresh = await post(url, "register", { email: uniqueEmail("fresh"), password: TEST_PASSWORD }, from);
    const bodies = await Promise.all([first, again, fresh].map((r) => r.text()));
    expect([first.status, again.status, fresh.status]).toEqual([202, 202, 202]);
    expect(new Set(bodies).size).toBe(1);
    for (let i = 0; i < 3; i++) expect((await post(url, "register", { email: uniqueEmail(), password: TEST_PASSWORD }, from)).status).toBe(202);
    const limited = await post(url, "register", { email: uniqueEmail(), password: TEST_PASSWORD }, from);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  }, TIMEOUT);
});

describe("argon2 work in flight is capped", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({}, { env: { ARGON2_MAX_INFLIGHT: "1" } });
  }, TIMEOUT);
  afterAll(() => server?.close());

  test("12 logins at once with a cap of 1: some answer 429 auth_busy with Retry-After, none 5xx otherwise, the rest 401", async () => {
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => post(server.url, "login", { email: uniqueEmail(`busy${i}`), password: "a long wrong passphrase" })),
    );
    const byStatus = new Map<number, number>();
    for (const r of responses) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
    expect([...byStatus.keys()].sort()).toEqual([401, 429]);
    const busy = responses.find((r) => r.status === 429)!;
    expect(((await busy.json()) as { code: string }).code).toBe("auth_busy");
    expect(busy.headers.get("retry-after")).toBe("1");
    expect((await fetchJson(`${server.url}/health`)).status).toBe(200);
  }, TIMEOUT);
});
