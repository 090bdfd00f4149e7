/**
 * NATS for tests: each test file starts its own nats-server (JetStream on, a temporary store
 * directory, a free port) when the binary exists, so runs never see each other's streams,
 * buckets or subjects and a test may stop and restart it. Without the binary, `NATS_URL` is used
 * (then isolate by unique stream/bucket names). With neither, suites skip with a message, and
 * fail under CI=true.
 */
import { afterAll, beforeAll } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, type NatsConnection } from "@nats-io/transport-node";

/** Time allowed for a nats-server to accept connections after spawning, milliseconds. */
export const NATS_START_TIMEOUT_MS = 10_000;

/** Whether NATS can be used by tests, and why not. */
export interface NatsCheck {
  readonly available: boolean;
  /** True under CI=true when unavailable: the guard test must fail. */
  readonly mustFail: boolean;
  readonly reason: string;
  /** Path of nats-server, when found. */
  readonly binary?: string;
}

/** Looks for `nats-server` on PATH (and /usr/sbin), or `NATS_URL`. */
export function checkNats(env: Record<string, string | undefined> = process.env): NatsCheck {
  const binary = Bun.which("nats-server") ?? Bun.which("nats-server", { PATH: "/usr/sbin:/usr/local/sbin:/usr/local/bin" }) ?? undefined;
  const available = binary !== undefined || Boolean(env.NATS_URL);
  const reason = available
    ? ""
    : "no nats-server binary on PATH and no NATS_URL; " +
      (env.CI === "true" ? "CI=true, so this is a failure" : "skipping the NATS-backed tests (install nats-server or set NATS_URL)");
  return { available, mustFail: !available && env.CI === "true", reason, binary };
}

/** A nats-server this test started. */
export interface TestNatsServer {
  readonly url: string;
  readonly port: number;
  /** JetStream store directory (kept across `restart`). */
  readonly storeDir: string;
  /** Stops the server (SIGTERM, waits for exit). */
  stop(): Promise<void>;
  /** Starts it again on the same port and store directory. */
  start(): Promise<void>;
  /** Stops it and removes the store directory. */
  dispose(): Promise<void>;
}

/** Finds a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = server.port;
  server.stop(true);
  return port;
}

/**
 * Spawns `nats-server -js` on a free port with a fresh store directory; `options.args` are
 * added to its command line (e.g. TLS), `options.connect` to the readiness probe's connection.
 * @throws Error when the binary is missing or the server does not accept connections in time.
 */
export async function startNatsServer(
  binary = checkNats().binary,
  options: { args?: readonly string[]; connect?: Record<string, unknown>; scheme?: string } = {},
): Promise<TestNatsServer> {
  if (!binary) throw new Error("nats-server binary not found");
  const port = await freePort();
  const storeDir = await mkdtemp(join(tmpdir(), "navigator-nats-"));
  let proc: ReturnType<typeof Bun.spawn> | undefined;
  const url = `${options.scheme ?? "nats"}://127.0.0.1:${port}`;
  const start = async () => {
    proc = Bun.spawn([binary, "-a", "127.0.0.1", "-p", String(port), "-js", "-sd", storeDir, ...(options.args ?? [])], { stdout: "ignore", stderr: "ignore" });
    const deadline = Date.now() + NATS_START_TIMEOUT_MS;
    for (;;) {
      try {
        const nc = await connect({ servers: url, reconnect: false, timeout: 500, ...options.connect });
        await nc.close();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`nats-server on ${url} did not start: ${String(error)}`);
        await Bun.sleep(50);
      }
    }
  };
  const stop = async () => {
    if (!proc) return;
    proc.kill("SIGTERM");
    await proc.exited;
    proc = undefined;
  };
  await start();
  return {
    url,
    port,
    storeDir,
    start,
    stop,
    async dispose() {
      await stop();
      await rm(storeDir, { recursive: true, force: true });
    },
  };
}

/** What `useNats` gives a test file. */
export interface NatsFixture {
  /** URL of this file's server. */
  readonly url: string;
  /** The server, when this file started its own (undefined when using `NATS_URL`). */
  readonly server: TestNatsServer | undefined;
  /** Opens a connection that the fixture closes after the file's tests. */
  connect(options?: { name?: string }): Promise<NatsConnection>;
  /** A name unique to this run, for streams, buckets and subject prefixes (e.g. "t3f9a2c1"). */
  readonly unique: string;
}

/**
 * Gives the calling test file its own nats-server (started in `beforeAll`, removed in `afterAll`)
 * or, without the binary, `NATS_URL`. Read its fields inside tests and hooks only. Gate the suite
 * with `describe.skipIf(!checkNats().available)` and add a guard test (see `natsGuardTest`).
 */
export function useNats(): NatsFixture {
  const check = checkNats();
  let server: TestNatsServer | undefined;
  let url: string | undefined;
  const connections: NatsConnection[] = [];
  const unique = `t${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`;
  beforeAll(async () => {
    if (!check.available) return;
    if (check.binary) {
      server = await startNatsServer(check.binary);
      url = server.url;
    } else {
      url = process.env.NATS_URL;
    }
  }, NATS_START_TIMEOUT_MS + 5_000);
  afterAll(async () => {
    await Promise.allSettled(connections.map((nc) => nc.close()));
    await server?.dispose();
  });
  const needUrl = () => {
    if (!url) throw new Error("NATS is not started yet: read the fixture inside tests and hooks");
    return url;
  };
  return {
    get url() {
      return needUrl();
    },
    get server() {
      return server;
    },
    unique,
    async connect(options = {}) {
      const nc = await connect({ servers: needUrl(), name: options.name, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
      connections.push(nc);
      return nc;
    },
  };
}
