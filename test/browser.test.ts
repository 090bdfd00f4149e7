/**
 * Browser-facing hardening (part 7): CORS for `CORS_ORIGINS` only (preflight answered, `*` never
 * with credentials), the WebSocket's Origin checked, security headers everywhere, no caching of
 * user data, HSTS with TRUST_PROXY_TLS.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { bearer, register, startTestServer, type TestServer } from "./support/server.ts";

const TIMEOUT = 60_000;
const APP = "https://app.example.com";

describe("CORS, headers and the WebSocket origin", () => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer({}, { env: { CORS_ORIGINS: `${APP},http://localhost:5173`, TRUST_PROXY_TLS: "true" } });
    token = (await register(server.url)).token;
  }, TIMEOUT);
  afterAll(() => server?.close());

  const preflight = (origin: string, method = "DELETE") =>
    fetch(`${server.url}/api/v2/account`, { method: "OPTIONS", headers: { origin, "access-control-request-method": method, "access-control-request-headers": "authorization" } });

  test("a preflight from an allowed origin: 204 with the origin, methods, headers, max-age; never credentials", async () => {
    const res = await preflight(APP);
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(APP);
    expect(res.headers.get("access-control-allow-methods")).toContain("DELETE");
    expect(res.headers.get("access-control-allow-headers")).toContain("authorization");
    expect(Number(res.headers.get("access-control-max-age"))).toBeGreaterThan(0);
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    expect(res.headers.get("vary")).toContain("Origin");
  });

  test("a preflight from another origin: 403 origin_not_allowed, no allow-origin header", async () => {
    const res = await preflight("https://evil.example");
    expect(res.status).toBe(403);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(((await res.json()) as { code: string }).code).toBe("origin_not_allowed");
  });

  test("actual requests: the allowed origin is echoed, another is not; user data is no-store; security headers and HSTS on every answer", async () => {
    const ok = await fetch(`${server.url}/api/v2/documents`, { headers: { ...bearer(token), origin: APP } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe(APP);
    const other = await fetch(`${server.url}/api/v2/documents`, { headers: { ...bearer(token), origin: "https://evil.example" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    for (const res of [ok, await fetch(`${server.url}/api/v2/documents`), await fetch(`${server.url}/health`), await fetch(`${server.url}/nope`)]) {
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("strict-transport-security")).toContain("max-age=");
    }
    expect(ok.headers.get("cache-control")).toBe("no-store");
    expect((await fetch(`${server.url}/api/v2/documents`)).headers.get("cache-control")).toBe("no-store"); // errors too
    const sse = await fetch(`${server.url}/chat`, { method: "POST", headers: { ...bearer(token), accept: "text/event-stream", "content-type": "application/json" }, body: JSON.stringify({ message: "deductible?" }) });
    expect(sse.headers.get("cache-control")).toContain("no-store");
    await sse.text();
  }, TIMEOUT);

  test("the WebSocket: an allowed Origin or none connects; another Origin is refused before the upgrade (403)", async () => {
    const open = (origin?: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`${server.url.replace("http", "ws")}/chat/ws`, { headers: { ...bearer(token), ...(origin ? { origin } : {}) } } as never);
        ws.onmessage = (e) => {
          const m = JSON.parse(String(e.data));
          if (m.type === "ready") {
            resolve("ready");
            ws.close(1000);
          }
        };
        ws.onerror = () => resolve("error");
        ws.onclose = (e) => resolve(`closed ${e.code}`);
      });
    expect(await open(APP)).toBe("ready");
    expect(await open()).toBe("ready");
    expect(await open("https://evil.example")).not.toBe("ready");
    const refused = await fetch(`${server.url}/chat/ws`, { headers: { origin: "https://evil.example", upgrade: "websocket", connection: "Upgrade", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==", "sec-websocket-version": "13" } });
    expect(refused.status).toBe(403);
  }, TIMEOUT);
});

describe("defaults: no CORS origin allowed, no HSTS", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  }, TIMEOUT);
  afterAll(() => server?.close());

  test("every preflight with an Origin is 403; no HSTS without TLS", async () => {
    const res = await fetch(`${server.url}/chat`, { method: "OPTIONS", headers: { origin: "http://localhost:3000", "access-control-request-method": "POST" } });
    expect(res.status).toBe(403);
    expect((await fetch(`${server.url}/health`)).headers.get("strict-transport-security")).toBeNull();
  });
});
