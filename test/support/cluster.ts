/**
 * Multi-process cluster tests: a private nats-server (JetStream), a fresh PostgreSQL database and
 * a fresh DATA_DIR per test file, and `navigator serve --roles …` processes started by the
 * cluster launcher. Everything is removed after the file's tests.
 */
import { afterAll, beforeAll } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { startCluster, type Cluster } from "../../cli/cluster/launcher.ts";
import { checkNats, useNats, type NatsFixture } from "./nats.ts";
import { checkPostgres, createTestPostgresDatabase, type TestPostgresDatabase } from "./postgres.ts";
import { bearer, fetchJson, requireCorpus, TEST_LIMIT_ENV, type JobBody } from "./server.ts";

export { percentile } from "../../runtime/stats.ts";

/** Time a cluster of six processes gets to start on a busy two-core machine, milliseconds. */
export const CLUSTER_START_TIMEOUT_MS = 90_000;

/** What a cluster test file may use (fields readable inside tests and hooks only). */
export interface ClusterEnvironment {
  readonly nats: NatsFixture;
  /** URL of this file's PostgreSQL database. */
  readonly databaseUrl: string;
  readonly dataDir: string;
  /** Starts a cluster (stopped automatically after the file). */
  launch(counts: { api: number; agent: number; ingest: number }, env?: Record<string, string>): Promise<Cluster>;
  /** Runs SQL on this file's database. */
  sql<T extends object = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Every log line of every node so far (prefixed), for diagnostics. */
  logs(): string[];
}

/** Whether the multi-process suite can run, and why not. */
export async function checkClusterPrerequisites(corpus: readonly string[]) {
  const nats = checkNats();
  const pg = await checkPostgres();
  const files = requireCorpus(corpus);
  const reasons = [nats.reason, pg.reason, files.reason].filter(Boolean);
  return {
    available: nats.available && pg.available && files.available,
    mustFail: nats.mustFail || pg.mustFail || files.mustFail,
    reason: reasons.join("; "),
    adminUrl: pg.adminUrl,
  };
}

/** Sets up the environment for the calling test file (see the module comment). */
export function useClusterEnvironment(adminUrl: string, enabled: boolean): ClusterEnvironment {
  const nats = useNats();
  let database: TestPostgresDatabase | undefined;
  let dataDir: string | undefined;
  let client: ReturnType<typeof postgres> | undefined;
  const clusters: Cluster[] = [];
  const lines: string[] = [];
  beforeAll(async () => {
    if (!enabled) return;
    database = await createTestPostgresDatabase(adminUrl);
    dataDir = await mkdtemp(join(tmpdir(), "navigator-cluster-"));
    client = postgres(database.url, { max: 2, onnotice: () => {} });
  }, 60_000);
  afterAll(async () => {
    await Promise.allSettled(clusters.map((c) => c.stop({ timeoutMs: 15_000 })));
    await client?.end({ timeout: 2 });
    await database?.drop().catch(() => undefined);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 60_000);
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not ready: use the environment inside tests and hooks`);
    return value;
  };
  return {
    nats,
    get databaseUrl() {
      return need(database, "database").url;
    },
    get dataDir() {
      return need(dataDir, "data dir");
    },
    async launch(counts, env = {}) {
      const cluster = await startCluster({
        ...counts,
        natsUrl: nats.url,
        databaseUrl: need(database, "database").url,
        dataDir: need(dataDir, "data dir"),
        basePort: 0,
        env: { LOG_LEVEL: "info", ...TEST_LIMIT_ENV, ...env },
        readyTimeoutMs: CLUSTER_START_TIMEOUT_MS,
        onLog: (line) => {
          lines.push(line);
          if (lines.length > 20_000) lines.splice(0, 5_000);
        },
      });
      clusters.push(cluster);
      return cluster;
    },
    async sql<T extends object>(text: string, params: unknown[] = []) {
      return (await need(client, "database client").unsafe(text, params as never[])) as unknown as T[];
    },
    logs: () => [...lines],
  };
}

/** A job as a cluster node reports it: with the node of its latest attempt and its trace id. */
export type ClusterJob = JobBody & { readonly node_id: string | null; readonly trace_id?: string | null };

/**
 * Polls the job every 10 ms until a node has started working on it (it names a node and has left
 * `queued`), so a test can stop that node mid-job.
 * @throws Error when no node picked it up within `timeoutMs`.
 */
export async function waitForJobStart(url: string, token: string, jobId: string, timeoutMs = 60_000): Promise<ClusterJob> {
  let job: ClusterJob | undefined;
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await Bun.sleep(10)) {
    job = (await fetchJson<ClusterJob>(`${url}/api/v2/jobs/${jobId}`, { headers: bearer(token) })).body;
    if (job.node_id && job.status !== "queued") return job;
  }
  throw new Error(`job ${jobId} was not started by any node within ${timeoutMs} ms (last: ${JSON.stringify(job)})`);
}
