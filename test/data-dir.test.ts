/**
 * One process per data directory, private modes (hardening parts 5 and 6), with real processes:
 * `navigator serve` on an embedded DATA_DIR holds `navigator.lock`; `navigator ingest` and `ask`
 * on the same directory refuse with the PID and the HTTP alternative and change nothing; a second
 * `serve` refuses too; after the server is SIGKILLed the stale lock is taken over. Files under
 * DATA_DIR are 0600, directories 0700.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NODE_READY_MESSAGE } from "../cli/cluster/protocol.ts";
import { DATA_DIR_LOCK_FILE, readLock } from "../app/data-dir.ts";
import { makePdf } from "./support/pdf.ts";

const ROOT = join(import.meta.dir, "..");
const TIMEOUT = 120_000;
let dataDir: string;
let pdfPath: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "navigator-lock-"));
  pdfPath = join(await mkdtemp(join(tmpdir(), "navigator-lock-pdf-")), "plan.pdf");
  await writeFile(pdfPath, makePdf(["The deductible of this plan is $900 per person per year. The out-of-pocket limit is $4,100."]));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  await rm(join(pdfPath, ".."), { recursive: true, force: true });
});

const env = () => ({ ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", NATS_URL: "", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info" });

/** Runs a one-shot CLI command to its end. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const proc = Bun.spawn(["bun", "cli/main.ts", ...args], { cwd: ROOT, env: env(), stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, out, err };
}

/** Starts `navigator serve` and waits for its ready line. */
async function serve(): Promise<{ proc: Bun.Subprocess; url: string }> {
  const proc = Bun.spawn(["bun", "cli/main.ts", "serve"], { cwd: ROOT, env: env(), stdout: "pipe", stderr: "pipe" });
  const reader = (proc.stderr as ReadableStream<Uint8Array>).getReader();
  let text = "";
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const { done, value } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
    const ready = text.split("\n").find((l) => l.includes(NODE_READY_MESSAGE));
    if (ready) {
      void (async () => { while (!(await reader.read()).done); })(); // keep draining
      return { proc, url: JSON.parse(ready).url as string };
    }
  }
  proc.kill(9);
  throw new Error(`serve did not become ready: ${text}`);
}

describe("one process per DATA_DIR (embedded database)", () => {
  test("serve holds the lock; ingest, ask and a second serve refuse naming its PID and the HTTP API; after SIGKILL the stale lock is taken over", async () => {
    const server = await serve();
    try {
      const lock = readLock(join(dataDir, DATA_DIR_LOCK_FILE));
      expect(lock?.pid).toBe(server.proc.pid);
      expect(lock?.url).toBe(server.url);
      for (const args of [["ingest", pdfPath, "--user", "ana@example.com", "--create"], ["ask", "what is the deductible?", "--user", "ana@example.com"]]) {
        const res = await cli(args);
        expect(res.code).not.toBe(0);
        expect(res.err).toContain(`process ${server.proc.pid}`);
        expect(res.err).toContain("HTTP API");
        expect(res.err).toContain(server.url);
      }
      const second = await cli(["serve"]);
      expect(second.code).not.toBe(0);
      expect(second.err).toContain(`process ${server.proc.pid}`);
      // The running server is unharmed.
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    } finally {
      server.proc.kill(9);
      await server.proc.exited;
    }
    // Stale: its process is gone. ingest takes the lock over, ingests, and releases it.
    const ingest = await cli(["ingest", pdfPath, "--user", "ana@example.com", "--create"]);
    expect({ code: ingest.code, err: ingest.code === 0 ? "" : ingest.err }).toEqual({ code: 0, err: "" });
    expect(readLock(join(dataDir, DATA_DIR_LOCK_FILE))).toBeUndefined();
    const ask = await cli(["ask", "what is the deductible?", "--user", "ana@example.com"]);
    expect(ask.code).toBe(0);
    expect(ask.out).toContain("$900");
  }, TIMEOUT);

  test("every file under DATA_DIR is 0600 and every directory 0700", async () => {
    const entries = (await readdir(dataDir, { recursive: true })).map(String);
    expect(entries.some((e) => e.startsWith("blobs/"))).toBe(true);
    expect(entries.some((e) => e.startsWith("pglite/"))).toBe(true);
    const loose: string[] = [];
    for (const entry of ["", ...entries]) {
      const s = await stat(join(dataDir, entry));
      const mode = s.mode & 0o777;
      if (s.isDirectory() ? mode !== 0o700 : (mode & 0o077) !== 0) loose.push(`${entry || "."} ${mode.toString(8)}`);
    }
    expect(loose).toEqual([]);
  });
});
