/**
 * Part 1 of the hardening issue: every request is bounded before work. Unauthenticated bodies are
 * never read; bodies over a route's limit are refused from Content-Length or while streaming;
 * JSON is depth-checked; NUL and other control characters are 422; tokens whose subject is
 * malformed or names no user are 401 (and an upload with one leaves no file behind).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { SignJWT } from "jose";
import { bearer, fetchJson, register, startTestServer, TEST_JWT_SECRET, uniqueEmail, type TestServer } from "./support/server.ts";
import { makePdf } from "./support/pdf.ts";

const TIMEOUT = 60_000;
let server: TestServer;
let url: string;
let user: { token: string; userId: string };

beforeAll(async () => {
  server = await startTestServer();
  url = server.url;
  user = await register(url);
}, TIMEOUT);
afterAll(() => server?.close());

const forge = (claims: Record<string, unknown>) =>
  new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setIssuedAt().setExpirationTime("1h").sign(new TextEncoder().encode(TEST_JWT_SECRET));

/** A body of `bytes` bytes of `[` (deeply nested JSON), streamed in 1 MiB chunks without Content-Length. */
function nestedStream(bytes: number): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(1024 * 1024).fill(0x5b);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const n = Math.min(chunk.byteLength, bytes - sent);
      controller.enqueue(chunk.subarray(0, n));
      sent += n;
    },
  });
}

async function blobFiles(): Promise<string[]> {
  const root = join(server.nav.config.dataDir, "blobs");
  return (await readdir(root, { recursive: true }).catch(() => [] as string[])).map(String);
}

describe("bodies are bounded before work", () => {
  test("a 45 MB unauthenticated POST /chat is 401 without being read (Content-Length and chunked); /health keeps answering", async () => {
    const body = new Uint8Array(45 * 1024 * 1024).fill(0x5b);
    const declared = await fetchJson(`${url}/chat`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect({ status: declared.status, code: declared.body?.code }).toEqual({ status: 401, code: "missing_token" });
    const chunked = await fetchJson(`${url}/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: nestedStream(45 * 1024 * 1024), duplex: "half" } as RequestInit);
    expect({ status: chunked.status, code: chunked.body?.code }).toEqual({ status: 401, code: "missing_token" });
    const upload = await fetchJson(`${url}/api/v2/upload`, { method: "POST", headers: { "content-type": "multipart/form-data; boundary=x" }, body });
    expect({ status: upload.status, code: upload.body?.code }).toEqual({ status: 401, code: "missing_token" });
    expect((await fetchJson(`${url}/health`)).status).toBe(200);
  }, TIMEOUT);

  test("an authenticated JSON body over MAX_JSON_BODY_BYTES is 413, declared or streamed", async () => {
    const limit = server.nav.config.security.maxJsonBodyBytes;
    const declared = await fetchJson(`${url}/chat`, { method: "POST", headers: { ...bearer(user.token), "content-type": "application/json" }, body: new Uint8Array(limit + 1).fill(0x5b) });
    expect({ status: declared.status, code: declared.body?.code }).toEqual({ status: 413, code: "payload_too_large" });
    const streamed = await fetchJson(`${url}/chat`, {
      method: "POST",
      headers: { ...bearer(user.token), "content-type": "application/json" },
      body: nestedStream(5 * 1024 * 1024),
      duplex: "half",
    } as RequestInit);
    expect({ status: streamed.status, code: streamed.body?.code }).toEqual({ status: 413, code: "payload_too_large" });
    // A lie: Content-Length says 10 bytes, the body is larger. The server reads at most what was declared.
    const lie = await fetch(`${url}/api/v2/auth/login`, { method: "POST", headers: { "content-type": "application/json", "content-length": "abc" }, body: "{}" }).catch(() => undefined);
    if (lie) expect(lie.status).toBeLessThan(500);
  }, TIMEOUT);

  test("JSON nested 10,000 deep is 422 json_too_deep, on authenticated and public routes", async () => {
    const deep = "[".repeat(10_000) + "]".repeat(10_000);
    const chat = await fetchJson(`${url}/chat`, { method: "POST", headers: { ...bearer(user.token), "content-type": "application/json" }, body: deep });
    expect({ status: chat.status, code: chat.body?.code }).toEqual({ status: 422, code: "json_too_deep" });
    const login = await fetchJson(`${url}/api/v2/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: `{"email":${"[".repeat(5000)}` });
    expect({ status: login.status, code: login.body?.code }).toEqual({ status: 422, code: "json_too_deep" });
  }, TIMEOUT);
});

describe("characters that cannot be stored are 422, and nothing is stored", () => {
  const post = (path: string, body: unknown, token?: string) =>
    fetchJson(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...(token ? bearer(token) : {}) }, body: JSON.stringify(body) });

  test.each([
    ["chat message", "/chat", { message: "what is my deductible\u0000?" }, true],
    ["chat message (escape)", "/chat", { message: "bell \u0007" }, true],
    ["chat message (lone surrogate)", "/chat", { message: "a \ud800 b" }, true],
    ["register email", "/api/v2/auth/register", { email: "nul\u0000@example.com", password: "a long passphrase" }, false],
    ["register name", "/api/v2/auth/register", { email: uniqueEmail("nul"), password: "a long passphrase", name: "Ana\u0000" }, false],
    ["login password", "/api/v2/auth/login", { email: uniqueEmail("nul"), password: "pass\u0000word!" }, false],
  ] as const)("%s → 422 invalid_characters", async (_name, path, body, authed) => {
    const res = await post(path, body, authed ? user.token : undefined);
    expect({ status: res.status, code: res.body?.code }).toEqual({ status: 422, code: "invalid_characters" });
  });

  test("no conversation was stored by the refused chats, and tab/newline pass", async () => {
    const list = await fetchJson(`${url}/api/v2/conversations`, { headers: bearer(user.token) });
    expect(list.body.conversations).toEqual([]);
    const ok = await post("/chat", { message: "what is\tmy\ndeductible?" }, user.token);
    expect(ok.status).toBe(200);
  }, TIMEOUT);
});

describe("tokens that name no usable user are 401", () => {
  test("a valid signature for a user that does not exist: 401 on chat, documents and upload; the upload leaves no file", async () => {
    const token = await forge({ sub: crypto.randomUUID() });
    const before = await blobFiles();
    for (const res of [
      await fetchJson(`${url}/chat`, { method: "POST", headers: { ...bearer(token), "content-type": "application/json" }, body: JSON.stringify({ message: "hi" }) }),
      await fetchJson(`${url}/api/v2/documents`, { headers: bearer(token) }),
      await fetchJson(`${url}/api/v2/upload`, { method: "POST", headers: bearer(token), body: (() => { const f = new FormData(); f.append("file", new File([makePdf(["x"])], "a.pdf")); return f; })() }),
    ]) {
      expect({ status: res.status, code: res.body?.code }).toEqual({ status: 401, code: "invalid_token" });
    }
    expect(await blobFiles()).toEqual(before);
  }, TIMEOUT);

  test.each([["not a uuid"], [""], [42], [null], ["../../etc/passwd"], ["00000000-0000-0000-0000-00000000000g"]])("subject %p → 401 invalid_token everywhere", async (sub) => {
    const token = await forge(sub === null ? {} : { sub });
    for (const [method, path] of [["GET", "/api/v2/documents"], ["GET", "/api/v2/conversations"], ["POST", "/chat"], ["GET", "/api/v2/account"], ["DELETE", "/api/v2/account"]] as const) {
      const res = await fetchJson(`${url}${path}`, { method, headers: { ...bearer(token), "content-type": "application/json" }, body: method === "POST" ? JSON.stringify({ message: "hi" }) : undefined });
      expect({ path, status: res.status, code: res.body?.code }).toEqual({ path, status: 401, code: "invalid_token" });
    }
  });
});
