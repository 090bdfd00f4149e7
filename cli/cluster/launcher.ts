/**
 * Programmatic launcher of a local cluster: migrates the shared PostgreSQL once, then runs one
 * `navigator serve --roles <role>` process per node against one NATS, one database and one data
 * directory, with one JWT secret. Used by `navigator cluster` and by the multi-process tests.
 */
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { createDatabase, migrate } from "../../db/index.ts";
import { DEFAULT_SHUTDOWN_TIMEOUT_MS, ROLES, type Role } from "../../app/config.ts";
import { spawnNode, type ClusterNode, type SpawnedNode } from "./node.ts";
import { SHUTDOWN_GRACE_MS } from "./protocol.ts";
import { parseVectorConfig } from "../../app/vector-config.ts";

export { NodeStartError, type ClusterNode } from "./node.ts";

/** How long {@link startCluster} waits for every node's ready line, milliseconds. */
export const DEFAULT_CLUSTER_READY_TIMEOUT_MS = 60_000;
/**
 * How long `Cluster.stop` waits after SIGTERM before SIGKILL, milliseconds: a node's own bound
 * (DEFAULT_SHUTDOWN_TIMEOUT_MS + SHUTDOWN_GRACE_MS) plus 3 s for the process to exit.
 */
export const DEFAULT_CLUSTER_STOP_TIMEOUT_MS = DEFAULT_SHUTDOWN_TIMEOUT_MS + SHUTDOWN_GRACE_MS + 3_000;
/** How long a failed start waits for the other nodes to stop after SIGTERM before SIGKILL, milliseconds. */
export const FAILED_START_STOP_TIMEOUT_MS = 5_000;
/** Log levels at which the info-level ready line is still written (pino's level names). */
const READY_VISIBLE_LEVELS = ["trace", "debug", "info"];

/** Options of {@link startCluster}. */
export interface ClusterOptions {
  /** Processes with role api, agent and ingest (integers ≥ 0, at least one node in all). */
  readonly api: number;
  readonly agent: number;
  readonly ingest: number;
  /** `NATS_URL` of every node (comma-separated servers). */
  readonly natsUrl: string;
  /** `DATABASE_URL` of every node; the database must exist (it is migrated here). */
  readonly databaseUrl: string;
  /** `DATA_DIR` shared by every node (uploaded files); created if missing. */
  readonly dataDir: string;
  /** `JWT_SECRET` shared by every node; default: 48 random bytes, base64url, for this cluster. */
  readonly jwtSecret?: string;
  /** Port of api-0 (api-i gets basePort + i); 0 = a free port each. Default 0. */
  readonly basePort?: number;
  /** Extra environment of every node (under the launcher's own variables). */
  readonly env?: Record<string, string>;
  /** Wait for every ready line, milliseconds. Default {@link DEFAULT_CLUSTER_READY_TIMEOUT_MS}. */
  readonly readyTimeoutMs?: number;
  /** Receives each prefixed line of every node. Default: written to this process's stdout. */
  readonly onLog?: (line: string) => void;
  /** Aborting while nodes start stops them and rejects. */
  readonly signal?: AbortSignal;
}

/** A running local cluster. */
export interface Cluster {
  /** Every node: api nodes first, then agent, then ingest, each by index. */
  readonly nodes: readonly ClusterNode[];
  /** URLs of the api nodes, by index. */
  readonly apiUrls: readonly string[];
  byNodeId(id: string): ClusterNode | undefined;
  /**
   * SIGTERMs every node still running, waits up to `timeoutMs` (default
   * {@link DEFAULT_CLUSTER_STOP_TIMEOUT_MS}), SIGKILLs the rest, and resolves with the exit
   * codes in `nodes` order (137 for a SIGKILLed node). Idempotent: later calls share the result.
   */
  stop(options?: { timeoutMs?: number }): Promise<number[]>;
}

/**
 * Starts a local cluster and resolves once every node logged "navigator node ready". Node
 * `<role>-<i>` runs `[process.execPath, <cli/main.ts>, "serve", "--roles", role]` with env
 * `{...process.env, ...env, NATS_URL, DATABASE_URL, DATA_DIR, JWT_SECRET,
 * NODE_ID: "<role>-<i>-<4 hex>", PORT (api only), HOST: "127.0.0.1", LOG_LEVEL, LOG_FORMAT: "json"}`
 * (`METRICS_PORT` passes through: give 0 so each node picks a free port; LOG_LEVEL from
 * `env`, else this process's, else info); its lines are prefixed `[<role>-<i> <nodeId>]`.
 * @throws RangeError naming an invalid option (or a LOG_LEVEL that hides the ready line).
 * @throws the driver's error when the database cannot be opened or migrated (nothing is spawned).
 * @throws NodeStartError (with the node's last log lines) when a node exits, reports another
 *   node id, or is not ready within `readyTimeoutMs`; every node is stopped first.
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const o = checkOptions(options);
  const dataDir = resolve(o.dataDir);
  await mkdir(dataDir, { recursive: true });
  const database = await createDatabase({ url: o.databaseUrl, poolSize: 2 });
  try {
    // The nodes get this environment: build the vector index they will be configured for.
    const vector = parseVectorConfig({ ...process.env, ...o.env, DATABASE_URL: o.databaseUrl });
    await migrate(database, vector.index, {}, vector.textIndex);
  } finally {
    await database.close();
  }

  const jwtSecret = o.jwtSecret ?? Buffer.from(crypto.getRandomValues(new Uint8Array(48))).toString("base64url");
  const logLevel = o.env?.LOG_LEVEL || process.env.LOG_LEVEL || "info";
  const onLog = o.onLog ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const counts: Record<Role, number> = { api: o.api, agent: o.agent, ingest: o.ingest };
  const spawned: SpawnedNode[] = [];
  for (const role of ROLES) {
    for (let index = 0; index < counts[role]; index++) {
      const nodeId = `${role}-${index}-${Buffer.from(crypto.getRandomValues(new Uint8Array(2))).toString("hex")}`;
      const env: Record<string, string | undefined> = {
        ...process.env,
        ...o.env,
        NATS_URL: o.natsUrl,
        DATABASE_URL: o.databaseUrl,
        DATA_DIR: dataDir,
        JWT_SECRET: jwtSecret,
        NODE_ID: nodeId,
        HOST: "127.0.0.1",
        LOG_LEVEL: logLevel,
        // The launcher reads the ready line from JSON output.
        LOG_FORMAT: "json",
      };
      if (role === "api") env.PORT = String(o.basePort === 0 ? 0 : o.basePort + index);
      spawned.push(spawnNode({ role, index, nodeId, env, onLog, readyTimeoutMs: o.readyTimeoutMs, signal: o.signal }));
    }
  }
  const nodes = spawned.map((s) => s.node);
  try {
    await Promise.all(spawned.map((s) => s.ready));
  } catch (error) {
    await stopNodes(nodes, FAILED_START_STOP_TIMEOUT_MS);
    throw error;
  }

  let stopping: Promise<number[]> | undefined;
  return {
    nodes,
    apiUrls: nodes.filter((n) => n.role === "api").map((n) => n.url ?? ""),
    byNodeId: (id) => nodes.find((n) => n.nodeId === id),
    stop(stopOptions = {}) {
      stopping ??= stopNodes(nodes, checkTimeout("stop", "timeoutMs", stopOptions.timeoutMs ?? DEFAULT_CLUSTER_STOP_TIMEOUT_MS));
      return stopping;
    },
  };
}

/** SIGTERM, wait up to `timeoutMs`, SIGKILL; resolves with every exit code. */
async function stopNodes(nodes: readonly ClusterNode[], timeoutMs: number): Promise<number[]> {
  for (const node of nodes) node.kill("SIGTERM");
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<void>((resolveDeadline) => {
    timer = setTimeout(resolveDeadline, timeoutMs);
  });
  const all = Promise.all(nodes.map((n) => n.exited));
  await Promise.race([all, deadline]);
  clearTimeout(timer);
  for (const node of nodes) node.kill("SIGKILL");
  return all;
}

function checkOptions(options: ClusterOptions): ClusterOptions & { basePort: number; readyTimeoutMs: number } {
  const where = "startCluster";
  for (const role of ROLES) checkInteger(where, role, options[role], 0, 1_000);
  if (options.api + options.agent + options.ingest === 0) throw new RangeError(`${where}: "api", "agent" and "ingest" are all 0: no node to start`);
  const basePort = checkInteger(where, "basePort", options.basePort ?? 0, 0, 65_535);
  if (basePort > 0 && options.api > 0) checkInteger(where, "basePort", basePort + options.api - 1, 1, 65_535);
  for (const key of ["natsUrl", "databaseUrl", "dataDir"] as const) {
    if (typeof options[key] !== "string" || options[key] === "") throw new RangeError(`${where}: "${key}" must be a non-empty string`);
  }
  if (options.jwtSecret !== undefined && options.jwtSecret === "") throw new RangeError(`${where}: "jwtSecret" must not be empty`);
  const level = options.env?.LOG_LEVEL || process.env.LOG_LEVEL || "info";
  if (!READY_VISIBLE_LEVELS.includes(level)) {
    throw new RangeError(`${where}: LOG_LEVEL must be ${READY_VISIBLE_LEVELS.join(", ")} so nodes log "navigator node ready", got ${JSON.stringify(level)}`);
  }
  const readyTimeoutMs = checkTimeout(where, "readyTimeoutMs", options.readyTimeoutMs ?? DEFAULT_CLUSTER_READY_TIMEOUT_MS);
  return { ...options, basePort, readyTimeoutMs };
}

function checkTimeout(where: string, name: string, value: number): number {
  return checkInteger(where, name, value, 1, 2_147_483_647);
}

function checkInteger(where: string, name: string, value: number, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${where}: "${name}" must be an integer in [${min}, ${max}], got ${String(value)}`);
  }
  return value;
}
