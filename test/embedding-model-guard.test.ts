/**
 * Vectors of two embedding models never mix in one index: a server whose configured embedder
 * differs from the model of stored chunks refuses to start (`embedding_model_mismatch`), and
 * `navigator reembed` (the real CLI, as a subprocess) re-embeds them, after which it starts.
 * Runs on the run's database (PGlite under a DATA_DIR kept across restarts, or PostgreSQL with
 * NAVIGATOR_TEST_DATABASE=postgres).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { loadConfig, type NavigatorConfig } from "../app/config.ts";
import { createNavigator } from "../app/navigator.ts";
import { EmbeddingModelMismatchError } from "../rag/providers/index.ts";
import type { Logger } from "../runtime/index.ts";
import { scratchPostgres } from "./support/db.ts";
import { numberedSentences } from "./support/ingestion.ts";
import { startFakeOpenAI } from "./support/openai-server.ts";
import type { TestPostgresDatabase } from "./support/postgres.ts";
import { makePdf } from "./support/pdf.ts";
import { chat, register, startTestServer, TEST_JWT_SECRET, uploadFile, waitForJob } from "./support/server.ts";

const TIMEOUT_MS = 120_000;
const MAIN = path.resolve(import.meta.dir, "../cli/main.ts");
const logger = pino({ level: "silent" }) as unknown as Logger;

describe("embedding model guard and navigator reembed", () => {
  const openai = startFakeOpenAI();
  const openaiEnv = { EMBEDDING_PROVIDER: "openai", OPENAI_API_KEY: "sk-fake", OPENAI_BASE_URL: openai.url, OPENAI_MAX_RETRIES: "0" };
  let dataDir = "";
  let scratch: TestPostgresDatabase | undefined;
  let storedChunks = 0;
  let user: { token: string; userId: string; email: string };

  /** The same database every time: PGlite under `dataDir`, or the scratch PostgreSQL database. */
  const overrides = (): Partial<NavigatorConfig> => ({ dataDir, databaseUrl: scratch?.url });
  const dbEnv = () => ({ DATA_DIR: dataDir, ...(scratch ? { DATABASE_URL: scratch.url } : {}) });

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "navigator-guard-"));
    scratch = await scratchPostgres();
  });
  afterAll(async () => {
    await openai.close();
    await scratch?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const reembed = async (env: Record<string, string>) => {
    const proc = Bun.spawn(["bun", MAIN, "reembed", "--batch", "7"], {
      env: { ...process.env, ...dbEnv(), ...env, LOG_LEVEL: "silent", NAVIGATOR_TEST_DATABASE: "" },
      stdout: "pipe",
      stderr: "pipe",
    });
    const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    return { stdout, stderr, code };
  };

  test("a document ingested with the offline hashed embedder", async () => {
    const server = await startTestServer(overrides());
    try {
      user = await register(server.url);
      const up = await uploadFile(server.url, user.token, makePdf([numberedSentences(30).join(" "), "The annual deductible is $1,500 per person. " + numberedSentences(20, 30).join(" ")]), "plan.pdf");
      expect((await waitForJob(server.url, user.token, up.body.job_id!)).status).toBe("complete");
      const others = await server.nav.repos.embeddingModels.otherModels("text-embedding-3-small");
      expect(others.map((o) => o.model)).toEqual(["navigator-hashed-v1"]);
      storedChunks = others[0]!.chunks;
      expect(storedChunks).toBeGreaterThan(7); // several reembed batches of 7
    } finally {
      await server.close();
    }
  }, TIMEOUT_MS);

  test("configuring OpenAI embeddings then refuses to start with embedding_model_mismatch naming both models and the command", async () => {
    const config = loadConfig(openaiEnv, { port: 0, host: "127.0.0.1", jwtSecret: TEST_JWT_SECRET, ...overrides() });
    const error = await createNavigator(config, { logger }).then(
      async (nav) => {
        await nav.close();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EmbeddingModelMismatchError);
    const mismatch = error as EmbeddingModelMismatchError;
    expect(mismatch.code).toBe("embedding_model_mismatch");
    expect(mismatch.stored).toEqual([{ model: "navigator-hashed-v1", chunks: storedChunks }]);
    expect(mismatch.message).toContain("navigator-hashed-v1");
    expect(mismatch.message).toContain("text-embedding-3-small");
    expect(mismatch.message).toContain("navigator reembed");
    expect(openai.requests).toHaveLength(0);
  }, TIMEOUT_MS);

  test("navigator reembed re-embeds every chunk in batches, with progress on stderr; a second run does nothing", async () => {
    const first = await reembed(openaiEnv);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`re-embedded ${storedChunks} chunk(s) of 1 document(s) with text-embedding-3-small (was navigator-hashed-v1: ${storedChunks})`);
    // One progress line per batch of 7 (stderr is not a terminal here), the last at 100%.
    const progress = first.stderr.trim().split("\n");
    expect(progress).toHaveLength(Math.ceil(storedChunks / 7));
    expect(progress.at(-1)).toMatch(/\] 100% embedding .* \(user [0-9a-f-]{36}\)$/);
    expect(openai.embeddingBatches.reduce((a, b) => a + b, 0)).toBe(storedChunks);
    expect(Math.max(...openai.embeddingBatches)).toBeLessThanOrEqual(7);

    openai.reset();
    const second = await reembed(openaiEnv);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("re-embedded 0 chunk(s) of 0 document(s) with text-embedding-3-small (was nothing to do)");
    expect(openai.requests).toHaveLength(0);
  }, TIMEOUT_MS);

  test("after reembed the OpenAI-configured server starts and finds the document", async () => {
    const server = await startTestServer({ ...overrides(), providers: loadConfig(openaiEnv).providers });
    try {
      expect(server.nav.embedder.model).toBe("text-embedding-3-small");
      expect(await server.nav.repos.embeddingModels.otherModels("text-embedding-3-small")).toEqual([]);
      const { token } = await register(server.url); // another user: sees nothing
      expect((await chat(server.url, token, "What is the annual deductible?")).body.found).toBe(false);
      const login = await fetch(`${server.url}/api/v2/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: user.email, password: "correct horse battery staple" }),
      }).then((r) => r.json() as Promise<{ access_token: string }>);
      const answer = await chat(server.url, login.access_token, "What is the annual deductible?");
      expect(answer.body.found).toBe(true);
      expect(answer.body.sources.map((s) => s.filename)).toContain("plan.pdf");
    } finally {
      await server.close();
    }
  }, TIMEOUT_MS);

  test("going back to the hashed embedder is refused the same way", async () => {
    const config = loadConfig({}, { port: 0, host: "127.0.0.1", jwtSecret: TEST_JWT_SECRET, ...overrides() });
    const error = await createNavigator(config, { logger }).then(async (nav) => void (await nav.close()), (e: unknown) => e);
    expect(error).toMatchObject({ code: "embedding_model_mismatch", configured: "navigator-hashed-v1", stored: [{ model: "text-embedding-3-small", chunks: storedChunks }] });
  }, TIMEOUT_MS);

  test("reembed with a bad argument prints the usage and exits 2", async () => {
    const proc = Bun.spawn(["bun", MAIN, "reembed", "--batch", "0"], { env: { ...process.env, ...dbEnv() }, stdout: "pipe", stderr: "pipe" });
    expect(await proc.exited).toBe(2);
    expect(await new Response(proc.stderr).text()).toContain("usage: navigator reembed");
  });
});
