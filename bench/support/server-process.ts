/**
 * A Navigator server in a child process (`navigator serve`), for benches that load it from this
 * process: starts it on a free port with a fresh DATA_DIR (embedded) or a scratch PostgreSQL
 * database, samples its RSS from /proc, and stops it and cleans up.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import postgres from "postgres";

/** Where the server keeps its data. */
export type BenchDatabase = "postgres" | "embedded";

/** A running server process. */
export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** Resident set size of the server process now, MiB (0 once it exited). */
  rssMiB(): Promise<number>;
  /** CPU time the server process has used so far (user + system, all its threads), seconds (from /proc). */
  cpuSeconds(): Promise<number>;
  /** Starts sampling RSS every `everyMs`; the returned function stops and returns the peak, MiB. */
  samplePeak(everyMs?: number): () => number;
  stop(): Promise<void>;
}

const ROOT = resolve(import.meta.dir, "../..");

/** Starts `navigator serve` on `db` with `env` added; resolves once `/health` answers 200. */
export async function startServerProcess(db: BenchDatabase, env: Record<string, string> = {}): Promise<ServerProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), "navigator-bench-server-"));
  const adminUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  let dbName: string | undefined;
  let databaseUrl: string | undefined;
  if (db === "postgres") {
    dbName = `navigator_bench_${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${dbName}`);
    await admin.end();
    databaseUrl = adminUrl.replace(/\/[^/]*$/, `/${dbName}`);
  }
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const proc = Bun.spawn(["bun", "cli/main.ts", "serve", ...(db === "postgres" ? ["--migrate"] : [])], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      JWT_SECRET: "navigator-bench-secret-0123456789abcdefghijklmnopqrstuvwxyz",
      LOG_LEVEL: "warn",
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: "" }),
      ...env,
    },
    stdout: "ignore",
    stderr: "inherit",
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`the server exited with ${proc.exitCode} during start-up`);
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error("the server did not answer /health within 120 s");
    await Bun.sleep(200);
  }
  const rssMiB = async () => {
    const status = await readFile(`/proc/${proc.pid}/status`, "utf8").catch(() => "");
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  };
  return {
    url,
    pid: proc.pid,
    rssMiB,
    async cpuSeconds() {
      // /proc/<pid>/stat fields 14 and 15 (utime, stime) in clock ticks (USER_HZ, 100 on Linux); the name (field 2) may hold spaces.
      const stat = await readFile(`/proc/${proc.pid}/stat`, "utf8").catch(() => "");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;
    },
    samplePeak(everyMs = 250) {
      let peak = 0;
      const timer = setInterval(() => void rssMiB().then((r) => (peak = Math.max(peak, r))), everyMs);
      return () => {
        clearInterval(timer);
        return peak;
      };
    },
    async stop() {
      proc.kill("SIGTERM");
      await Promise.race([proc.exited, Bun.sleep(15_000)]);
      if (proc.exitCode === null) proc.kill("SIGKILL");
      await rm(dataDir, { recursive: true, force: true });
      if (dbName) {
        const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
        await admin.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => {});
        await admin.end();
      }
    },
  };
}

/** Registers a user (201 with a token, or 202 then `POST /api/v2/auth/login`); returns its bearer token. */
export async function registerUser(url: string, email: string): Promise<string> {
  const password = "a long bench passphrase";
  const post = (path: string) =>
    fetch(`${url}/api/v2/auth/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) });
  let res = await post("register");
  if (res.status === 202) res = await post("login");
  if (res.status !== 200 && res.status !== 201) throw new Error(`register ${email}: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Uploads `bytes` as `filename`; returns the job id. */
export async function upload(url: string, token: string, bytes: Uint8Array, filename: string): Promise<string> {
  const form = new FormData();
  form.append("file", new Blob([bytes], { type: "application/pdf" }), filename);
  const res = await fetch(`${url}/api/v2/upload`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form });
  if (res.status !== 202) throw new Error(`upload ${filename}: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { job_id: string }).job_id;
}

/** Polls a job until it is `complete` or `failed`; returns its final body. */
export async function waitJob(url: string, token: string, jobId: string, timeoutMs = 600_000): Promise<{ status: string; last_error: { code: string } | null; updated_at: string; created_at: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${url}/api/v2/jobs/${jobId}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { status: string; last_error: { code: string } | null; updated_at: string; created_at: string };
    if (body.status === "complete" || body.status === "failed") return body;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${body.status} after ${timeoutMs} ms`);
    await Bun.sleep(250);
  }
}
