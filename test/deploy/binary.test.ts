/**
 * The compiled binary (`bun run build`) behaves as `bun run navigator`: `--version`, `migrate`,
 * then `serve`, and one member's upload and chat against it — on the embedded PGlite (whose WASM,
 * file-system image, pgvector bundle and the migrations come from inside the binary), or on a
 * fresh PostgreSQL database in the PostgreSQL pass. Binary size and start time are printed.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readLines } from "../../cli/cluster/log-lines.ts";
import pkg from "../../package.json" with { type: "json" };
import { buildTestBinary, checkBinaryBuild, BINARY_BUILD_TIMEOUT_MS } from "../support/binary.ts";
import { testDatabaseKind } from "../support/db.ts";
import { freePort } from "../support/nats.ts";
import { makePdf } from "../support/pdf.ts";
import { checkPostgres, createTestPostgresDatabase, type TestPostgresDatabase } from "../support/postgres.ts";
import { chat, fetchJson, register, TEST_JWT_SECRET, uploadFile, waitForJob } from "../support/server.ts";

const build = checkBinaryBuild();
const onPostgres = testDatabaseKind() === "postgres";
const pg = onPostgres ? await checkPostgres() : undefined;
const available = build.available && (pg?.available ?? true);

describe.skipIf(!available)(`the compiled navigator binary (${onPostgres ? "PostgreSQL" : "embedded PGlite"})`, () => {
  let binary: Awaited<ReturnType<typeof buildTestBinary>> | undefined;
  let database: TestPostgresDatabase | undefined;
  let dataDir = "";
  let env: Record<string, string> = {};
  let server: { proc: ReturnType<typeof Bun.spawn>; exited: Promise<number>; lines: string[] } | undefined;

  beforeAll(async () => {
    binary = await buildTestBinary();
    dataDir = await mkdtemp(join(tmpdir(), "navigator-binary-data-"));
    if (pg) database = await createTestPostgresDatabase(pg.adminUrl, { migrate: false });
    // Only what the binary needs: no Bun, no node_modules, no repository on its path.
    env = { PATH: "/usr/bin:/bin", DATA_DIR: dataDir, HOST: "127.0.0.1", JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: "info", ...(database ? { DATABASE_URL: database.url } : {}) };
    console.log(`[binary] ${binary.path}: ${(binary.bytes / 1024 / 1024).toFixed(1)} MiB, built in ${(binary.buildMs / 1000).toFixed(1)} s; release tarball ${(binary.tarball.bytes / 1024 / 1024).toFixed(1)} MiB`);
  }, BINARY_BUILD_TIMEOUT_MS);

  afterAll(async () => {
    server?.proc.kill("SIGKILL");
    await server?.exited;
    await database?.drop();
    await binary?.dispose();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  test("--version prints package.json's version and the commit", () => {
    const out = Bun.spawnSync([(binary as { path: string }).path, "--version"], { env, cwd: tmpdir() }).stdout.toString().trim();
    expect(out).toMatch(new RegExp(`^navigator ${pkg.version.replaceAll(".", "\\.")}(\\+[0-9a-f]+)?$`));
    if (binary?.commit) expect(out).toBe(`navigator ${pkg.version}+${binary.commit}`);
  });

  test("migrate applies the embedded migrations", () => {
    const proc = Bun.spawnSync([(binary as { path: string }).path, "migrate"], { env, cwd: tmpdir(), stdout: "pipe", stderr: "pipe" });
    expect({ code: proc.exitCode, err: proc.stderr.toString() }).toEqual({ code: 0, err: "" });
    expect(proc.stdout.toString()).toMatch(new RegExp(`^${onPostgres ? "postgres" : "pglite"}: [1-9]\\d* migration\\(s\\) applied`));
  }, 120_000);

  test("serve starts, /health shows the binary's version, and a member uploads a PDF and chats", async () => {
    const port = await freePort();
    const lines: string[] = [];
    const started = performance.now();
    const proc = Bun.spawn([(binary as { path: string }).path, "serve"], { env: { ...env, PORT: String(port) }, cwd: tmpdir(), stdout: "pipe", stderr: "pipe" });
    const exited = Promise.all([proc.exited, readLines(proc.stdout, (l) => lines.push(l)), readLines(proc.stderr, (l) => lines.push(l))]).then(([c]) => c);
    server = { proc, exited, lines };
    const url = `http://127.0.0.1:${port}`;
    for (;;) {
      if ((await fetch(`${url}/health/live`).catch(() => undefined))?.ok) break;
      if (proc.exitCode !== null) throw new Error(`serve exited with ${proc.exitCode}:\n${lines.join("\n")}`);
      await Bun.sleep(20);
    }
    console.log(`[binary] serve answered /health/live ${(performance.now() - started).toFixed(0)} ms after spawn`);
    const health = await fetchJson(`${url}/health`);
    expect(health.body).toMatchObject({ status: "ok", database: onPostgres ? "postgres" : "pglite" });
    expect(health.body?.version).toBe(Bun.spawnSync([(binary as { path: string }).path, "--version"]).stdout.toString().trim().replace("navigator ", ""));
    expect((await fetchJson(`${url}/health/ready`)).status).toBe(200);

    const { token } = await register(url);
    const upload = await uploadFile(url, token, makePdf(["Summary of Benefits and Coverage. The specialist visit copay is $45 after the deductible; the deductible is $2,000 per person."]), "binary-sbc.pdf");
    expect(upload.status).toBe(202);
    expect((await waitForJob(url, token, upload.body?.job_id as string, 120_000)).status).toBe("complete");
    const reply = await chat(url, token, "How much is the specialist copay?");
    expect(reply.status).toBe(200);
    expect(reply.body?.found).toBe(true);
    expect(reply.body?.response).toContain("$45");
    expect(reply.body?.sources[0]?.filename).toBe("binary-sbc.pdf");

    proc.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 180_000);
});

test.if(!available)("compiled-binary prerequisites", () => {
  const reason = [build.reason, pg?.reason].filter(Boolean).join("; ");
  console.warn(`[deploy/binary] ${reason}`);
  if (build.mustFail || pg?.mustFail) throw new Error(reason);
});
