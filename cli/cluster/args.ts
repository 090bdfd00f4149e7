/**
 * Arguments of `navigator cluster` (pure): how many processes per role, the first API port, and
 * the shared services, each defaulting to the local development setup.
 */
import { NavigatorError } from "../../runtime/index.ts";
import { parseArgs } from "node:util";
import { parseNatsServers } from "../../app/config.ts";

/** NATS used by `navigator cluster` when `NATS_URL` is not set: a local server with JetStream. */
export const DEFAULT_CLUSTER_NATS_URL = "nats://127.0.0.1:4222";
/** PostgreSQL used by `navigator cluster` when `DATABASE_URL` is not set (created when missing). */
export const DEFAULT_CLUSTER_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/navigator";
/** Shared data directory of a local cluster when `DATA_DIR` is not set. */
export const DEFAULT_CLUSTER_DATA_DIR = "./data-cluster";
/** First API port of a local cluster (api-0 gets it, api-1 the next, …); 0 picks free ports. */
export const DEFAULT_CLUSTER_BASE_PORT = 8080;
/** Processes per role when a count is not given. */
export const DEFAULT_CLUSTER_NODES_PER_ROLE = 1;
/** Most processes per role a local cluster starts (a guard against typos such as `--api 100`). */
export const MAX_CLUSTER_NODES_PER_ROLE = 32;

/** Usage of `navigator cluster`. */
export const CLUSTER_USAGE = `usage: navigator cluster [--api N] [--agent N] [--ingest N] [--port BASE]
  N processes per role (default ${DEFAULT_CLUSTER_NODES_PER_ROLE}, at most ${MAX_CLUSTER_NODES_PER_ROLE}); API ports BASE, BASE+1, … (default ${DEFAULT_CLUSTER_BASE_PORT}; 0 = free ports)
  NATS_URL (default ${DEFAULT_CLUSTER_NATS_URL}), DATABASE_URL (default ${DEFAULT_CLUSTER_DATABASE_URL}),
  DATA_DIR (default ${DEFAULT_CLUSTER_DATA_DIR}), JWT_SECRET (default: generated for this run)`;

/** What `navigator cluster` was asked to run. */
export interface ClusterArgs {
  readonly api: number;
  readonly agent: number;
  readonly ingest: number;
  /** First API port; 0 = free ports. */
  readonly basePort: number;
  readonly natsUrl: string;
  readonly databaseUrl: string;
  readonly dataDir: string;
  /** `JWT_SECRET` when set; otherwise the launcher generates one for the run. */
  readonly jwtSecret?: string;
}

/** Bad `navigator cluster` arguments; the message says which. */
export class ClusterUsageError extends NavigatorError {
  readonly code = "usage";
  constructor(message: string) {
    super(message);
  }
}

/**
 * Parses `argv` (after `cluster`) with defaults from `env` (`NATS_URL`, `DATABASE_URL`,
 * `DATA_DIR`, `JWT_SECRET`) and then the `DEFAULT_CLUSTER_*` constants.
 * @throws ClusterUsageError on an unknown option, a positional argument, a count that is not an
 *   integer from 0 to MAX_CLUSTER_NODES_PER_ROLE, no node at all, or a port range outside 0–65535.
 * @throws ConfigError when `NATS_URL` is not a list of NATS servers.
 */
export function parseClusterArgs(argv: readonly string[], env: Record<string, string | undefined> = process.env): ClusterArgs {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      allowPositionals: false,
      options: { api: { type: "string" }, agent: { type: "string" }, ingest: { type: "string" }, port: { type: "string" } },
    }).values;
  } catch (error) {
    throw new ClusterUsageError((error as Error).message);
  }
  const integer = (flag: string, def: number, max: number): number => {
    const raw = values[flag];
    if (raw === undefined) return def;
    const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(n) || n > max) throw new ClusterUsageError(`--${flag} must be an integer from 0 to ${max}, got ${JSON.stringify(raw)}`);
    return n;
  };
  const api = integer("api", DEFAULT_CLUSTER_NODES_PER_ROLE, MAX_CLUSTER_NODES_PER_ROLE);
  const agent = integer("agent", DEFAULT_CLUSTER_NODES_PER_ROLE, MAX_CLUSTER_NODES_PER_ROLE);
  const ingest = integer("ingest", DEFAULT_CLUSTER_NODES_PER_ROLE, MAX_CLUSTER_NODES_PER_ROLE);
  if (api + agent + ingest === 0) throw new ClusterUsageError("a cluster needs at least one node: --api, --agent and --ingest are all 0");
  const basePort = integer("port", DEFAULT_CLUSTER_BASE_PORT, 65_535);
  if (basePort > 0 && api > 0 && basePort + api - 1 > 65_535) {
    throw new ClusterUsageError(`--port ${basePort} leaves no room for ${api} API ports (the last would be ${basePort + api - 1})`);
  }
  const natsUrl = env.NATS_URL || DEFAULT_CLUSTER_NATS_URL;
  parseNatsServers(natsUrl);
  return {
    api,
    agent,
    ingest,
    basePort,
    natsUrl,
    databaseUrl: env.DATABASE_URL || DEFAULT_CLUSTER_DATABASE_URL,
    dataDir: env.DATA_DIR || DEFAULT_CLUSTER_DATA_DIR,
    ...(env.JWT_SECRET ? { jwtSecret: env.JWT_SECRET } : {}),
  };
}
