/**
 * `/health/live` and `/health/ready` of a real Navigator (the run's database), and a served
 * process whose readiness turns 503 at SIGTERM, before it has drained, while liveness still answers.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI_MAIN_PATH } from "../cli/cluster/node.ts";
import { readLines } from "../cli/cluster/log-lines.ts";
import { freePort } from "./support/nats.ts";
import { startFakeOpenAI } from "./support/openai-server.ts";
import { makePdf } from "./support/pdf.ts";
import { bearer, fetchJson, register, startTestServer, TEST_JWT_SECRET, uploadFile } from "./support/server.ts";

describe("health endpoints", () => {
  test("live answers without dependencies; ready lists each part; /health keeps its shape", async () => {
    const server = await startTestServer();
    try {
      const live = await fetchJson(`${server.url}/health/live`);
      expect(live.status).toBe(200);
      expect(live.body).toMatchObject({ status: "ok", node_id: server.nav.system.nodeId });
      const ready = await fetchJson(`${server.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ status: "ready", checks: { database: "ok", migrations: "ok", nats: "embedded", blob_store: "ok", shutdown: "ok" } });
      const health = await fetchJson(`${server.url}/health`);
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: "ok", mode: "embedded", nats: "embedded", version: expect.any(String) });
    } finally {
      await server.close();
    }
  }, 60_000);

  test("ready answers 503 naming shutdown as soon as close() begins, before it resolves", async () => {
    const server = await startTestServer();
    const closing = server.nav.close();
    expect(server.nav.stopping).toBe(true);
    const response = await server.nav.app.handle(new Request("http://local/health/ready"));
    expect(response.status).toBe(503);
    const body = (await response.json()) as { code: string; failing: string[]; message: string };
    expect(body.code).toBe("not_ready");
    expect(body.failing).toContain("shutdown");
    expect(body.message).toContain("shutdown (stopping)");
    await closing;
    await server.close();
  }, 60_000);
});

describe("readiness at SIGTERM (a served process)", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  test("after SIGTERM, HEALTH_PORT answers ready 503 (shutdown) and live 200 while in-flight ingestion drains; then the process exits 0", async () => {
    // The ingestion job is held in the embedder's retry: the OpenAI-compatible server answers its
    // first request 429 with Retry-After 4 s, so the drain waits on a timer (the event loop stays free).
    const openai = startFakeOpenAI();
    openai.failNext("embeddings", { status: 429, retryAfter: "4" });
    const dataDir = await mkdtemp(join(tmpdir(), "navigator-health-"));
    dirs.push(dataDir);
    const [port, healthPort] = [await freePort(), await freePort()];
    const lines: string[] = [];
    const proc = Bun.spawn([process.execPath, CLI_MAIN_PATH, "serve"], {
      env: { ...process.env, DATABASE_URL: "", NATS_URL: "", DATA_DIR: dataDir, PORT: String(port), HEALTH_PORT: String(healthPort), HOST: "127.0.0.1", JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: "info", SHUTDOWN_TIMEOUT_MS: "20000",
        EMBEDDING_PROVIDER: "openai", OPENAI_BASE_URL: openai.url, OPENAI_API_KEY: "test" },
      stdout: "pipe",
      stderr: "pipe",
    });
    let ready!: () => void;
    const readyLine = new Promise<void>((resolve) => (ready = resolve));
    const onLine = (line: string) => {
      lines.push(line);
      if (line.includes('"navigator node ready"')) ready();
    };
    const exited = Promise.all([proc.exited, readLines(proc.stdout, onLine), readLines(proc.stderr, onLine)]).then(([code]) => code);
    try {
      await Promise.race([readyLine, exited.then((code) => Promise.reject(new Error(`serve exited with ${code}:\n${lines.join("\n")}`)))]);
      const api = `http://127.0.0.1:${port}`;
      const health = `http://127.0.0.1:${healthPort}`;
      expect((await fetchJson(`${health}/health/ready`)).status).toBe(200);

      const { token } = await register(api);
      const upload = await uploadFile(api, token, makePdf(["The annual deductible is $1,500 for in-network care. Coinsurance is 20% after the deductible."]), "plan.pdf");
      expect(upload.status).toBe(202);
      for (const deadline = Date.now() + 30_000; Date.now() < deadline && openai.requests.length === 0; await Bun.sleep(5));
      expect(openai.requests.length).toBeGreaterThan(0);
      proc.kill("SIGTERM");
      // Ready and live asked together: during the drain ready is 503 (shutdown) while live is 200.
      let seen: { ready: number; live: number; failing?: string[] } | undefined;
      for (const deadline = Date.now() + 20_000; Date.now() < deadline && proc.exitCode === null; await Bun.sleep(5)) {
        const [ready, live] = await Promise.all([fetchJson(`${health}/health/ready`).catch(() => undefined), fetchJson(`${health}/health/live`).catch(() => undefined)]);
        if (ready?.status === 503) {
          seen = { ready: ready.status, live: live?.status ?? 0, failing: ready.body?.failing };
          break;
        }
      }
      expect(seen?.ready).toBe(503);
      expect(seen?.failing).toContain("shutdown");
      expect(seen?.live).toBe(200);
      expect(await exited).toBe(0);
      expect(lines.some((l) => l.includes('"navigator node stopped"'))).toBe(true);
      const job = await fetchJson(`${api}/api/v2/jobs/${upload.body?.job_id}`, { headers: bearer(token) }).catch(() => undefined);
      expect(job).toBeUndefined(); // the API is gone with the process
    } finally {
      proc.kill("SIGKILL");
      await exited;
      await openai.close();
    }
  }, 120_000);
});
