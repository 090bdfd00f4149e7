/**
 * Test support for the HTTP end-to-end tests: a real Navigator on a random port in a fresh temp
 * DATA_DIR, plus small clients for the API and the shared corpus lookup.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import type { ChatReply } from "../../http/views/chat-reply.ts";
import { loadConfig, type NavigatorConfig } from "../../app/config.ts";
import { createNavigator, type Navigator } from "../../app/navigator.ts";
import type { Logger } from "../../runtime/index.ts";
import { scratchPostgres } from "./db.ts";

/** The HS256 secret every test server signs with (tests forge tokens with it). */
export const TEST_JWT_SECRET = "navigator-e2e-test-secret-0123456789abcdefghijklmnop";
/** A password that passes the server's rules. */
export const TEST_PASSWORD = "correct horse battery staple";

/** A running test server. */
export interface TestServer {
  readonly url: string;
  readonly nav: Navigator;
  /** Stops the server and removes its DATA_DIR. */
  close(): Promise<void>;
}

/**
 * Limits every test server runs with unless a test passes its own: tests register many users
 * from 127.0.0.1, so the per-address limits are out of the way (the limits tests set them).
 */
export const TEST_LIMIT_ENV: Readonly<Record<string, string>> = {
  REGISTER_MAX_PER_ADDRESS: "100000",
  LOGIN_MAX_PER_ADDRESS: "100000",
  MAX_UPLOADS_PER_HOUR: "100000",
};

/**
 * Starts a Navigator on port 0 in a new temp DATA_DIR with {@link TEST_JWT_SECRET}, on the run's
 * test database (PGlite under DATA_DIR, or a fresh PostgreSQL database dropped on close) unless
 * `overrides.databaseUrl` names one.
 */
export async function startTestServer(
  overrides: Partial<NavigatorConfig> = {},
  options: { env?: Record<string, string>; logger?: Logger } = {},
): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "navigator-e2e-"));
  const scratch = overrides.databaseUrl ? undefined : await scratchPostgres();
  const cleanUp = async () => {
    await rm(dataDir, { recursive: true, force: true });
    await scratch?.drop();
  };
  try {
    const config = loadConfig(
      { ...TEST_LIMIT_ENV, ...options.env },
      { port: 0, host: "127.0.0.1", dataDir, jwtSecret: TEST_JWT_SECRET, logLevel: "silent", databaseUrl: scratch?.url, ...overrides },
    );
    const logger = options.logger ?? (pino({ level: "silent" }) as unknown as Logger);
    const nav = await createNavigator(config, { logger });
    const { url } = await nav.listen();
    let closed = false;
    return {
      url,
      nav,
      async close() {
        if (closed) return;
        closed = true;
        try {
          await nav.close();
        } finally {
          await cleanUp();
        }
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/** Parsed response: status plus JSON body (or `null` when there is none / it is not JSON). */
export interface JsonResponse<T = any> {
  readonly status: number;
  readonly body: T;
  readonly contentType: string | null;
}

/** Fetches and parses JSON, never throwing on a non-2xx status. */
export async function fetchJson<T = any>(url: string, init: RequestInit = {}): Promise<JsonResponse<T>> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: any = null;
  if (text.length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: res.status, body: body as T, contentType: res.headers.get("content-type") };
}

/** `Authorization` header for `token`. */
export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

let emailCounter = 0;
/** A fresh, unique email address. */
export const uniqueEmail = (prefix = "user") => `${prefix}-${Date.now()}-${++emailCounter}@example.com`;

/** Registers a user (asserting 202), logs in (asserting 200) and returns its token and id. */
export async function register(url: string, email: string = uniqueEmail(), password = TEST_PASSWORD): Promise<{ token: string; userId: string; email: string }> {
  const post = (path: string) =>
    fetchJson(`${url}/api/v2/auth/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) });
  const reg = await post("register");
  if (reg.status !== 202) throw new Error(`register ${email}: HTTP ${reg.status} ${JSON.stringify(reg.body)}`);
  const res = await post("login");
  if (res.status !== 200) throw new Error(`login ${email}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return { token: res.body.access_token, userId: res.body.user.id, email };
}

/** Upload response body (202) or error body. */
export interface UploadBody {
  readonly job_id?: string;
  readonly document_id?: string;
  readonly status?: string;
  readonly code?: string;
  readonly message?: string;
}

/** `POST /api/v2/upload` with `bytes` as multipart field `file`. Pass `token: null` for no header. */
export async function uploadFile(url: string, token: string | null, bytes: Uint8Array, filename: string, contentType = "application/pdf"): Promise<JsonResponse<UploadBody>> {
  const form = new FormData();
  form.append("file", new File([bytes as Uint8Array<ArrayBuffer>], filename, { type: contentType }));
  return fetchJson<UploadBody>(`${url}/api/v2/upload`, { method: "POST", headers: token ? bearer(token) : {}, body: form });
}

/** A job as `GET /api/v2/jobs/:id` returns it. */
export interface JobBody {
  readonly job_id: string;
  readonly document_id: string;
  readonly status: string;
  readonly progress: { pct: number };
  readonly attempts: number;
  readonly last_error: { code: string; message: string } | null;
}

/** Polls the job until `complete` or `failed`; throws on timeout or a non-200 answer. */
export async function waitForJob(url: string, token: string, jobId: string, timeoutMs = 60_000): Promise<JobBody> {
  const deadline = Date.now() + timeoutMs;
  let last: JobBody | undefined;
  while (Date.now() < deadline) {
    const res = await fetchJson<JobBody>(`${url}/api/v2/jobs/${jobId}`, { headers: bearer(token) });
    if (res.status !== 200) throw new Error(`job ${jobId}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    last = res.body;
    if (last.status === "complete" || last.status === "failed") return last;
    await Bun.sleep(100);
  }
  throw new Error(`job ${jobId} not finished after ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
}

/** `POST /chat`. */
export async function chat(url: string, token: string, message: string, conversationId?: string): Promise<JsonResponse<ChatReply & { code?: string }>> {
  return fetchJson(`${url}/chat`, {
    method: "POST",
    headers: { ...bearer(token), "content-type": "application/json" },
    body: JSON.stringify(conversationId ? { message, conversation_id: conversationId } : { message }),
  });
}

/** The shared corpus of real plan documents (outside the repo: /work/shared/corpus). */
export const CORPUS_DIR = path.resolve(import.meta.dir, "../../../shared/corpus");

/** Absolute path of a corpus file. */
export const corpusPath = (name: string) => path.join(CORPUS_DIR, name);

/** Reads a corpus file's bytes. */
export async function corpusBytes(name: string): Promise<Uint8Array> {
  return new Uint8Array(await Bun.file(corpusPath(name)).arrayBuffer());
}

/** Whether the corpus files are there, and what to say when they are not. */
export interface CorpusCheck {
  readonly available: boolean;
  /** True under CI (`CI=true`): a missing corpus must fail the run, not skip it. */
  readonly mustFail: boolean;
  readonly reason: string;
}

/**
 * Checks that `names` exist in the corpus. Use `available` with `describe.skipIf(!available)`, and
 * add a test gated on `!available` that fails under CI (and prints `reason` otherwise).
 */
export function requireCorpus(names: readonly string[], env: Record<string, string | undefined> = process.env): CorpusCheck {
  const missing = names.filter((n) => !existsSync(corpusPath(n)));
  const available = missing.length === 0;
  const reason = available
    ? ""
    : `corpus missing at ${CORPUS_DIR} (${missing.join(", ")}); ` +
      (env.CI === "true" ? "CI=true, so this is a failure" : "skipping the corpus-backed end-to-end tests (set up ../shared/corpus to run them)");
  return { available, mustFail: !available && env.CI === "true", reason };
}
