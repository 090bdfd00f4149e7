/**
 * A corpus of hostile requests for the fuzz test (test/fuzz.test.ts): the cases of the security
 * sweep (NUL bytes, 10,000-deep JSON, tokens for missing users and malformed subjects) plus wrong
 * types, huge numbers, unicode garbage, duplicate fields, multipart without a file / with two
 * files / with a text field as the file, bad tokens, path and query garbage, wrong content types,
 * and (as raw TCP) Content-Length lies.
 */

/** One request to send. */
export interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: RequestInit["body"];
  /** What the case is, for failure messages. */
  readonly label?: string;
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const jsonHeaders = (token?: string) => ({ "content-type": "application/json", ...(token ? auth(token) : {}) });

/** Every route of the API, as method and path (ids filled in). */
export function routes(documentId: string): [string, string][] {
  return [
    ["POST", "/api/v2/auth/register"],
    ["POST", "/api/v2/auth/login"],
    ["POST", "/api/v2/auth/password"],
    ["POST", "/api/v2/auth/logout"],
    ["GET", "/api/v2/account"],
    ["GET", "/api/v2/account/export"],
    ["DELETE", "/api/v2/account"],
    ["POST", "/api/v2/upload"],
    ["GET", `/api/v2/jobs/${documentId}`],
    ["GET", `/api/v2/jobs/${documentId}/events`],
    ["GET", "/api/v2/documents"],
    ["GET", `/api/v2/documents/${documentId}`],
    ["DELETE", `/api/v2/documents/${crypto.randomUUID()}`],
    ["POST", "/chat"],
    ["GET", "/api/v2/conversations"],
    ["GET", `/api/v2/conversations/${crypto.randomUUID()}`],
    ["DELETE", `/api/v2/conversations/${crypto.randomUUID()}`],
  ];
}

/** The hostile corpus. `token` is a valid token (never sent to destructive routes with a valid body). */
export async function hostileRequests(t: { token: string; documentId: string; ghostToken: string; badSubjectToken: string }): Promise<FuzzRequest[]> {
  const out: FuzzRequest[] = [];
  const add = (label: string, r: Omit<FuzzRequest, "label">) => out.push({ ...r, label });
  const deep = "[".repeat(10_000) + "]".repeat(10_000);
  const destructive = (method: string, path: string) => method === "DELETE" && path === "/api/v2/account" || path === "/api/v2/auth/logout" || path === "/api/v2/auth/password";
  const badTokens: [string, string][] = [
    ["no scheme", t.token],
    ["empty bearer", "Bearer "],
    ["three dots", "Bearer a.b.c"],
    ["alg none", `Bearer ${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify({ sub: crypto.randomUUID() })).toString("base64url")}.`],
    ["10 kB token", `Bearer ${"x".repeat(10_000)}`],
    ["ghost user", `Bearer ${t.ghostToken}`],
    ["malformed subject", `Bearer ${t.badSubjectToken}`],
    ["latin-1 token", "Bearer \u00e9\u00ff.\u00a0.\u00fe"],
  ];
  const bodies: [string, string][] = [
    ["NUL in message", JSON.stringify({ message: "deductible\u0000?" })],
    ["NUL in email", JSON.stringify({ email: "a\u0000@b.co", password: "a long passphrase" })],
    ["NUL in name", JSON.stringify({ email: "nul-name@example.com", password: "a long passphrase", name: "\u0000" })],
    ["10,000-deep array", deep],
    ["10,000-deep object", '{"a":'.repeat(10_000) + "1" + "}".repeat(10_000)],
    ["message number", JSON.stringify({ message: 123 })],
    ["message array", JSON.stringify({ message: ["a"] })],
    ["message object", JSON.stringify({ message: { $ne: null } })],
    ["message null", JSON.stringify({ message: null })],
    ["conversation_id number", JSON.stringify({ message: "hi", conversation_id: 5 })],
    ["conversation_id garbage", JSON.stringify({ message: "hi", conversation_id: "'; drop table users; --" })],
    ["huge number", '{"message": 1e309, "email": 9007199254740993, "password": -0}'],
    ["lone surrogate escape", '{"message":"\\ud800 x","email":"\\udfff@x.io","password":"\\ud83d"}'],
    ["RTL and emoji", JSON.stringify({ message: "\u202e\u2066💥\uffff\ufffe what is my deductible", email: "ünï@exämple.com", password: "💥💥💥💥💥💥💥💥" })],
    ["duplicate fields", '{"message":"a","message":"b","email":"x@y.z","email":"q@r.s","password":"p","password":"passphrase long"}'],
    ["proto pollution", '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},"message":"hi"}'],
    ["trailing garbage", '{"message":"hi"} trailing'],
    ["BOM", "\ufeff" + JSON.stringify({ message: "hi" })],
    ["empty body", ""],
    ["bare string", '"hello"'],
    ["bare number", "42"],
    ["very long string", JSON.stringify({ message: "é".repeat(30_000), email: "x".repeat(5_000), password: "y".repeat(5_000) })],
    ["extra fields", JSON.stringify({ message: "hi", email: "a@b.co", password: "a long passphrase", role: "admin", user_id: crypto.randomUUID(), all: "yes" })],
    ["password change shapes", JSON.stringify({ current_password: 1, new_password: null })],
  ];
  for (const [method, path] of routes(t.documentId)) {
    for (const [label, header] of badTokens) add(`${label} token`, { method, path, headers: { "content-type": "application/json", authorization: header }, body: method === "POST" ? bodies[0]![1] : undefined });
    if (method !== "POST") continue;
    for (const [label, body] of bodies) {
      // Destructive routes get hostile bodies with a forged token for a user that does not exist.
      add(label, { method, path, headers: jsonHeaders(destructive(method, path) ? t.ghostToken : t.token), body });
    }
    for (const type of ["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data", "application/octet-stream", "application/json; charset=utf-16"]) {
      add(`content-type ${type}`, { method, path, headers: { "content-type": type, ...auth(destructive(method, path) ? t.ghostToken : t.token) }, body: '{"message":"hi"}' });
    }
  }
  const multipart = (label: string, form: FormData) => add(label, { method: "POST", path: "/api/v2/upload", headers: auth(t.token), body: form });
  const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF");
  let form = new FormData();
  form.append("document", "no file here");
  multipart("multipart without file", form);
  form = new FormData();
  form.append("file", new File([pdf], "a.pdf"));
  form.append("file", new File([pdf], "b.pdf"));
  multipart("multipart with two files", form);
  form = new FormData();
  form.append("file", "%PDF-1.4 text field as the file %%EOF");
  multipart("text field as file", form);
  form = new FormData();
  form.append("file", new File([pdf], "\u0000../../etc/passwd\u202e.pdf"));
  multipart("NUL and traversal in filename", form);
  form = new FormData();
  form.append("file", new File([new Uint8Array(0)], "empty.pdf"));
  multipart("empty file", form);
  add("truncated multipart", { method: "POST", path: "/api/v2/upload", headers: { ...auth(t.token), "content-type": "multipart/form-data; boundary=XYZ" }, body: '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4' });
  add("multipart wrong boundary", { method: "POST", path: "/api/v2/upload", headers: { ...auth(t.token), "content-type": "multipart/form-data; boundary=AAA" }, body: "--BBB\r\n\r\n--BBB--" });
  add("multipart no boundary", { method: "POST", path: "/api/v2/upload", headers: { ...auth(t.token), "content-type": "multipart/form-data" }, body: "--x\r\n" });
  for (const path of [
    "/api/v2/documents/%00",
    "/api/v2/documents/..%2F..%2Fetc%2Fpasswd",
    `/api/v2/jobs/${"a".repeat(5000)}`,
    "/api/v2/conversations?limit=-1",
    "/api/v2/conversations?limit=1e9",
    "/api/v2/conversations?limit=1&limit=2",
    "/api/v2/conversations?before=%00",
    "/api/v2/conversations?before=%ZZ",
    "/api/v2/jobs/%E0%A4%A/events",
    "/chat?x=%00",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/api/v2/" + "x/".repeat(2000),
  ]) add("path garbage", { method: "GET", path, headers: auth(t.token) });
  for (const method of ["PUT", "PATCH"]) add(`method ${method}`, { method, path: "/chat", headers: jsonHeaders(t.token), body: '{"message":"hi"}' });
  for (const method of ["TRACE", "FOO", "HEAD"]) add(`method ${method}`, { method, path: "/chat", headers: auth(t.token) });
  add("SSE with bad body", { method: "POST", path: "/chat", headers: { ...jsonHeaders(t.token), accept: "text/event-stream" }, body: '{"message":"\\u0000"}' });
  return out;
}

/** Requests sent over a raw socket (fetch cannot lie): each resolves to the status line's code, or "closed". */
export function rawRequests(): ((url: string) => Promise<number | string>)[] {
  const send = (text: string, waitMs = 3_000) => async (url: string): Promise<number | string> => {
    const { hostname, port } = new URL(url);
    return new Promise((resolve) => {
      let received = "";
      const timer = setTimeout(() => done("no answer"), waitMs);
      let settled = false;
      function done(result: number | string) {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      }
      Bun.connect({
        hostname,
        port: Number(port),
        socket: {
          open(socket) {
            socket.write(text);
          },
          data(socket, data) {
            received += new TextDecoder().decode(data);
            const m = /^HTTP\/1\.[01] (\d{3})/.exec(received);
            if (m) {
              done(Number(m[1]));
              socket.end();
            }
          },
          close() {
            done("closed");
          },
          error() {
            done("closed");
          },
        },
      }).catch(() => done("closed"));
    });
  };
  const body = '{"email":"a@b.co","password":"a long passphrase"}';
  return [
    send(`POST /api/v2/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n${body}`, 2_000), // longer than sent
    send(`POST /api/v2/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n${body}`), // shorter than sent
    send(`POST /api/v2/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n${body}`),
    send(`POST /api/v2/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999999999999999999\r\n\r\n${body}`),
    send(`POST /api/v2/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\nContent-Length: 20\r\n\r\n${body}`),
    send(`POST /api/v2/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nContent-Length: 10\r\n\r\nzz\r\n${body}\r\n0\r\n\r\n`),
    send(`GET /health HTTP/1.1\r\nHost: x\r\n${"X-Big: " + "a".repeat(20_000)}\r\n\r\n`),
    send("GARBAGE\r\n\r\n"),
  ];
}
