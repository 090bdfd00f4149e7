/**
 * A private PostgreSQL server for tests that must stop and start their database: `initdb` into a
 * temporary directory, `pg_ctl start` on a free port (as the `postgres` user when running as root,
 * since PostgreSQL refuses to run as root). Uses the machine's PostgreSQL binaries, so extensions
 * installed there (pgvector) are available.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { chown, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { freePort } from "./nats.ts";

/** Where Debian installs PostgreSQL's server binaries. */
export const POSTGRES_LIB_DIR = "/usr/lib/postgresql";

/** Whether a private server can be started, and why not. */
export interface OwnPostgresCheck {
  readonly available: boolean;
  readonly mustFail: boolean;
  readonly reason: string;
  /** Directory of `initdb` and `pg_ctl`. */
  readonly binDir?: string;
}

/** Finds the newest PostgreSQL server binaries (and the `postgres` user when running as root). */
export function checkOwnPostgres(env: Record<string, string | undefined> = process.env): OwnPostgresCheck {
  const versions = existsSync(POSTGRES_LIB_DIR) ? readdirSync(POSTGRES_LIB_DIR).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  const binDir = versions.map((v) => join(POSTGRES_LIB_DIR, v, "bin")).find((d) => existsSync(join(d, "initdb")) && existsSync(join(d, "pg_ctl")));
  let problem = binDir ? "" : `no PostgreSQL server binaries under ${POSTGRES_LIB_DIR}`;
  if (!problem && userInfo().uid === 0) {
    if (!Bun.which("runuser")) problem = "running as root without runuser to start PostgreSQL as the postgres user";
    else if (!readFileSync("/etc/passwd", "utf8").split("\n").some((l) => l.startsWith("postgres:"))) problem = "running as root and no postgres user";
  }
  const available = problem === "";
  const reason = available ? "" : `${problem}; ` + (env.CI === "true" ? "CI=true, so this is a failure" : "skipping the tests that stop and start PostgreSQL");
  return { available, mustFail: !available && env.CI === "true", reason, binDir };
}

/** A private PostgreSQL server. */
export interface OwnPostgres {
  /** URL of its `postgres` database (superuser `postgres`, trust auth). */
  readonly adminUrl: string;
  readonly port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its files. */
  dispose(): Promise<void>;
}

/**
 * Initialises and starts a server on a free port (≈ 1–2 s).
 * @throws Error with the tool's output when initdb or pg_ctl fails.
 */
export async function startOwnPostgres(binDir: string, options: { ssl?: { certPem: string; keyPem: string } } = {}): Promise<OwnPostgres> {
  const dir = await mkdtemp(join(tmpdir(), "navigator-pg-"));
  const data = join(dir, "data");
  const port = await freePort();
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const { uid, gid } = postgresUser();
    await chown(dir, uid, gid);
  }
  const run = async (args: string[]) => {
    const cmd = asRoot ? ["runuser", "-u", "postgres", "--", ...args] : args;
    const proc = Bun.spawn(cmd, { stdout: "pipe", stderr: "pipe" });
    const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    if (code !== 0) throw new Error(`${args.slice(0, 2).join(" ")} exited ${code}: ${err || out}`);
  };
  await run([join(binDir, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  let serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  if (options.ssl) {
    // TLS with the caller's certificate: the key must belong to the server's user, mode 0600.
    const cert = join(dir, "server.crt");
    const key = join(dir, "server.key");
    await writeFile(cert, options.ssl.certPem);
    await writeFile(key, options.ssl.keyPem, { mode: 0o600 });
    if (asRoot) {
      const { uid, gid } = postgresUser();
      await chown(cert, uid, gid);
      await chown(key, uid, gid);
    }
    serverOptions += ` -c ssl=on -c ssl_cert_file=${cert} -c ssl_key_file=${key}`;
  }
  const start = () => run([join(binDir, "pg_ctl"), "-D", data, "-o", serverOptions, "-l", join(dir, "server.log"), "-w", "start"]);
  const stop = () => run([join(binDir, "pg_ctl"), "-D", data, "-m", "fast", "-w", "stop"]);
  await start();
  let running = true;
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async start() {
      await start();
      running = true;
    },
    async stop() {
      await stop();
      running = false;
    },
    async dispose() {
      if (running) await stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.startsWith("postgres:"));
  if (!line) throw new Error("no postgres user in /etc/passwd");
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}
