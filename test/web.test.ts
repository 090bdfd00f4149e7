/**
 * The web page, its assets, the owner-only document file route and the offline API docs, over
 * real HTTP against a real Navigator (no browser: see browser-chromium.test.ts for that).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { makePdf } from "./support/pdf.ts";
import { bearer, fetchJson, register, startTestServer, uploadFile, waitForJob, type TestServer } from "./support/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 60_000);
afterAll(async () => {
  await server?.close();
}, 60_000);

describe("GET /api/v2/documents/:id/file", () => {
  test("the owner gets the PDF inline; another user, no token or a bad id get 401/404", async () => {
    const owner = await register(server.url);
    const other = await register(server.url);
    const bytes = makePdf(["Summary of Benefits and Coverage: Plan Ñandú. The overall deductible is $1,234 per person."]);
    const up = await uploadFile(server.url, owner.token, bytes, "Plan Ñandú (2026).pdf");
    expect(up.status).toBe(202);
    const documentId = up.body.document_id!;
    expect((await waitForJob(server.url, owner.token, up.body.job_id!)).status).toBe("complete");
    const fileUrl = `${server.url}/api/v2/documents/${documentId}/file`;

    const res = await fetch(fileUrl, { headers: bearer(owner.token) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const disposition = res.headers.get("content-disposition") ?? "";
    expect(disposition.startsWith("inline;")).toBe(true);
    expect(disposition).toContain(`filename="Plan _and_ (2026).pdf"`); // ASCII fallback
    expect(disposition).toContain(`filename*=UTF-8''Plan%20%C3%91and%C3%BA%20%282026%29.pdf`); // RFC 8187
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);

    const foreign = await fetchJson(fileUrl, { headers: bearer(other.token) });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({ code: "not_found", message: expect.any(String) });
    expect(JSON.stringify(foreign.body)).not.toContain("Ñandú");
    expect((await fetchJson(fileUrl)).status).toBe(401);
    expect((await fetchJson(`${server.url}/api/v2/documents/not-a-uuid/file`, { headers: bearer(owner.token) })).status).toBe(404);

    // Deleted: gone for the owner too.
    expect((await fetch(`${server.url}/api/v2/documents/${documentId}`, { method: "DELETE", headers: bearer(owner.token) })).status).toBe(204);
    expect((await fetchJson(fileUrl, { headers: bearer(owner.token) })).status).toBe(404);
  });
});

describe("the page at /", () => {
  test("serves the page and its hashed assets from this server, gzipped, with no inline script or style and no other origin", async () => {
    const res = await fetch(`${server.url}/`, { headers: { "accept-encoding": "gzip" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain('<label for="email">');
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.some((a) => /^\/assets\/.+\.js$/.test(a))).toBe(true);
    expect(assets.some((a) => /^\/assets\/.+\.css$/.test(a))).toBe(true);
    expect(assets.filter((a) => /^(https?:)?\/\//.test(a))).toEqual([]);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // every script is a file
    expect(html).not.toMatch(/<style|\sstyle=/);
    for (const asset of assets.filter((a) => a.startsWith("/assets/"))) {
      const a = await fetch(`${server.url}${asset}`, { headers: { "accept-encoding": "gzip" } });
      expect(a.status).toBe(200);
      expect(a.headers.get("cache-control")).toContain("immutable");
      expect((await a.text()).length).toBeGreaterThan(100);
    }
    const pdfjs = /name="pdfjs-module" content="([^"]+)"/.exec(html)?.[1];
    expect(pdfjs).toMatch(/^\/assets\/pdfjs-\d+\.\d+\.\d+\/pdf\.min\.mjs$/);
    expect((await fetch(`${server.url}${pdfjs}`)).status).toBe(200);
    expect((await fetchJson(`${server.url}/assets/nothing-here.js`)).body).toMatchObject({ code: "route_not_found" });
  });
});

describe("offline /docs", () => {
  test("the docs page loads Scalar from this server; the document declares bearer and error responses", async () => {
    const page = await (await fetch(`${server.url}/docs`)).text();
    const scripts = [...page.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts).toEqual(["/docs/assets/scalar-standalone.js"]);
    expect(page).not.toMatch(/cdn\.jsdelivr|unpkg\.com/);
    const bundle = await fetch(`${server.url}/docs/assets/scalar-standalone.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toContain("javascript");

    const spec = (await fetchJson(`${server.url}/docs/json`)).body;
    expect(spec.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
    expect(spec.components.schemas.Error.required).toEqual(["code", "message"]);
    const file = spec.paths["/api/v2/documents/{id}/file"].get;
    expect(file.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(file.responses)).toEqual(expect.arrayContaining(["200", "401", "404", "503"]));
    expect(spec.paths["/api/v2/auth/login"].post.security).toBeUndefined();
    expect(spec.paths["/api/v2/auth/login"].post.responses["401"].description).toContain("invalid_credentials");
    for (const [path, item] of Object.entries<Record<string, { security?: unknown }>>(spec.paths)) {
      if (!path.startsWith("/api/v2/") || path === "/api/v2/auth/register" || path === "/api/v2/auth/login") continue;
      for (const op of Object.values(item)) expect(op.security).toEqual([{ bearer: [] }]);
    }
    expect(spec.paths["/chat"].post.responses["429"].description).toContain("mailbox_full");
    expect(spec.paths["/api/v2/account"].delete.security).toEqual([{ bearer: [] }]);
    expect(spec.paths["/api/v2/account"].delete.responses["204"]).toBeDefined();
    expect(spec.info.description).toContain("/chat/ws");
    expect(spec.info.description).toContain("text/event-stream");
  });
});
