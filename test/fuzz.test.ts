/**
 * Fuzz in CI (hardening part 2): property-based requests (fast-check) and a corpus of hostile
 * requests against every route, on the run's database. Every answer is a 2xx or a 4xx with a
 * JSON `code` — never a 5xx — the server keeps serving (`/health` 200 after each batch), and its
 * RSS stays bounded. Prints the requests sent by status.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fc from "fast-check";
import { SignJWT } from "jose";
import { makePdf } from "./support/pdf.ts";
import { bearer, register, startTestServer, TEST_JWT_SECRET, type TestServer } from "./support/server.ts";
import { hostileRequests, rawRequests, type FuzzRequest } from "./support/hostile.ts";

const TIMEOUT = 600_000;
/** fast-check runs per property (each is one request). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 120);
/** RSS growth allowed over the whole run, bytes. */
const MAX_RSS_GROWTH_BYTES = 256 * 1024 * 1024;

let server: TestServer;
let token: string;
let documentId: string;
const byStatus = new Map<number | string, number>();
const violations: string[] = [];

beforeAll(async () => {
  server = await startTestServer({}, { env: { LOGIN_MAX_PER_ADDRESS: "100000", REGISTER_MAX_PER_ADDRESS: "100000", MAX_UPLOADS_PER_HOUR: "100000" } });
  token = (await register(server.url)).token;
  const form = new FormData();
  form.append("file", new File([makePdf(["Fuzz plan. The deductible is $500 per person per calendar year for in-network care."])], "fuzz.pdf"));
  documentId = ((await (await fetch(`${server.url}/api/v2/upload`, { method: "POST", headers: bearer(token), body: form })).json()) as { document_id: string }).document_id;
}, 120_000);
afterAll(() => server?.close());

/** Sends one request and checks the invariant; never throws on a bad answer (records it). */
async function send(r: FuzzRequest): Promise<number> {
  let status: number | string;
  let detail = "";
  try {
    const res = await fetch(`${server.url}${r.path}`, { method: r.method, headers: r.headers, body: r.body, redirect: "manual", ...(r.body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit);
    status = res.status;
    const text = await res.text();
    // HEAD and TRACE answers carry no body by definition (RFC 9110 §9.3.2, §9.3.8).
    if (status >= 400 && r.method !== "HEAD" && r.method !== "TRACE") {
      let code: unknown;
      try {
        code = (JSON.parse(text) as { code?: unknown }).code;
      } catch {
        code = undefined;
      }
      if (typeof code !== "string") detail = `no code: ${text.slice(0, 120)}`;
    }
  } catch (error) {
    status = "network error";
    detail = String(error).slice(0, 120);
  }
  byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  if (typeof status === "number" && status >= 500) detail ||= "5xx";
  if (detail) violations.push(`${r.method} ${r.path.slice(0, 80)} → ${status}: ${detail} (${r.label ?? "property"})`);
  return typeof status === "number" ? status : 0;
}

async function stillServing(): Promise<void> {
  const res = await fetch(`${server.url}/health`);
  expect(res.status).toBe(200);
}

const json = (path: string, body: unknown, method = "POST", auth = true): FuzzRequest => ({
  method,
  path,
  headers: { "content-type": "application/json", ...(auth ? bearer(token) : {}) },
  body: typeof body === "string" ? body : JSON.stringify(body),
});

describe("fuzz: every answer is 2xx or a 4xx with a code, never 5xx", () => {
  /** RSS after the corpus (the server and its database warmed up), bytes. */
  let rssBefore = 0;

  test("the hostile corpus, every route", async () => {
    const forged = async (claims: Record<string, unknown>) =>
      new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setExpirationTime("1h").sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const corpus = await hostileRequests({ token, documentId, ghostToken: await forged({ sub: crypto.randomUUID() }), badSubjectToken: await forged({ sub: "not-a-uuid" }) });
    for (const r of corpus) await send(r);
    for (const raw of rawRequests()) {
      const status = await raw(server.url);
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
      if (typeof status === "number" && status >= 500) violations.push(`raw request → ${status}`);
    }
    await stillServing();
    Bun.gc(true);
    rssBefore = process.memoryUsage().rss;
  }, TIMEOUT);

  test("property: arbitrary JSON bodies to /chat, login, register, password, logout", async () => {
    const bodies = fc.oneof(fc.jsonValue(), fc.object(), fc.record({ message: fc.string({ unit: "binary", maxLength: 300 }), conversation_id: fc.option(fc.string()) }));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("/chat", "/api/v2/auth/login", "/api/v2/auth/register", "/api/v2/auth/password"), bodies, async (path, body) => {
        const status = await send(json(path, body, "POST", path !== "/api/v2/auth/register" && path !== "/api/v2/auth/login"));
        return status > 0 && status < 500;
      }),
      { numRuns: RUNS * 2 },
    );
    await stillServing();
  }, TIMEOUT);

  test("property: arbitrary text as a JSON body, and arbitrary messages in valid shapes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 2000 }), async (text) => (await send(json("/chat", text))) < 500),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", minLength: 1, maxLength: 500 }), fc.string({ unit: "binary", maxLength: 80 }), async (email, password) =>
        (await send(json("/api/v2/auth/login", { email, password }, "POST", false))) < 500),
      { numRuns: RUNS },
    );
    await stillServing();
  }, TIMEOUT);

  test("property: arbitrary ids, query strings and methods on every route", async () => {
    const routes = ["/api/v2/documents/", "/api/v2/jobs/", "/api/v2/conversations/", "/api/v2/jobs/{}/events", "/api/v2/documents?x=", "/api/v2/conversations?limit=", "/api/v2/conversations?before=", "/api/v2/account", "/api/v2/account/export"];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.string({ unit: "binary", maxLength: 200 }), fc.constantFrom("GET", "DELETE", "PUT", "PATCH"), async (route, raw, method) => {
        const value = encodeURIComponent(raw);
        const path = route.includes("{}") ? route.replace("{}", value) : route + value;
        const safeMethod = route.startsWith("/api/v2/account") && method === "DELETE" ? "PATCH" : method; // keep the account
        return (await send({ method: safeMethod, path, headers: bearer(token) })) < 500;
      }),
      { numRuns: RUNS },
    );
    await stillServing();
  }, TIMEOUT);

  test("property: arbitrary multipart uploads", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ name: fc.constantFrom("file", "document", "file\u0000", ""), file: fc.boolean(), filename: fc.string({ unit: "binary", maxLength: 60 }), bytes: fc.uint8Array({ maxLength: 2048 }), pdf: fc.boolean() }), { maxLength: 3 }),
        async (parts) => {
          const form = new FormData();
          for (const p of parts) {
            const bytes = p.pdf ? new Uint8Array([...new TextEncoder().encode("%PDF-1.4\n"), ...p.bytes, ...new TextEncoder().encode("\n%%EOF")]) : p.bytes;
            if (p.file) form.append(p.name, new File([bytes], p.filename));
            else form.append(p.name, new TextDecoder().decode(p.bytes));
          }
          return (await send({ method: "POST", path: "/api/v2/upload", headers: bearer(token), body: form, label: "multipart" })) < 500;
        },
      ),
      { numRuns: RUNS },
    );
    await stillServing();
  }, TIMEOUT);

  test("summary: 0 5xx, every 4xx has a code, RSS bounded", async () => {
    await stillServing();
    Bun.gc(true);
    const growth = process.memoryUsage().rss - rssBefore;
    const total = [...byStatus.values()].reduce((a, b) => a + b, 0);
    console.log(`fuzz: ${total} requests; by status ${JSON.stringify(Object.fromEntries([...byStatus].sort((a, b) => String(a[0]).localeCompare(String(b[0])))))}; RSS growth ${(growth / 1048576).toFixed(1)} MiB`);
    expect(violations).toEqual([]);
    expect(total).toBeGreaterThan(RUNS * 5);
    expect(growth).toBeLessThan(MAX_RSS_GROWTH_BYTES);
  }, TIMEOUT);
});
