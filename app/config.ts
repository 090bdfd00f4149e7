/**
 * Configuration from environment variables, read and checked once at start-up. Every variable,
 * its default and its unit is listed in README.md ("Configuration").
 */
import { NavigatorError } from "../runtime/index.ts";
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_POOL_SIZE, DEFAULT_STATEMENT_TIMEOUT_MS } from "../db/index.ts";
import { DEFAULT_INGEST_CONCURRENCY } from "../actors/ingestion/index.ts";
import { DEFAULT_MAX_UPLOAD_BYTES } from "../actors/ingestion/index.ts";
import { checkS3BlobStoreOptions, InvalidS3OptionError, type S3BlobStoreOptions } from "../db/index.ts";
import { DEFAULT_RETRIEVAL_MODE, DEFAULT_TOP_K, RETRIEVAL_MODES, type RetrievalMode } from "../rag/retriever/index.ts";
import { parseProviderConfig, type ProviderConfig } from "./provider-config.ts";
import { parseVectorConfig, type VectorConfig } from "./vector-config.ts";
import { DEFAULT_STREAM_HEARTBEAT_MS, DEFAULT_WS_AUTH_TIMEOUT_MS } from "../http/streaming/options.ts";

/** Default HTTP port. */
export const DEFAULT_PORT = 8080;
/** Default access-token lifetime: 24 hours, in seconds. */
export const DEFAULT_JWT_TTL_SECONDS = 24 * 60 * 60;
/** Longest chat message accepted, in characters (a page of text; longer is almost surely a paste error). */
export const DEFAULT_MAX_MESSAGE_CHARS = 4_000;
/** How long an HTTP request waits for an agent's answer, milliseconds. */
export const DEFAULT_CHAT_TIMEOUT_MS = 30_000;
/** Idle time after which a user's agent is passivated, milliseconds. */
export const DEFAULT_AGENT_IDLE_TIMEOUT_MS = 5 * 60_000;
/** Chat turns that may wait behind the one being answered, per user. */
export const DEFAULT_AGENT_MAILBOX_CAPACITY = 32;

/** The only chunking strategy implemented (see ARCHITECTURE.md, "sentence_5"). */
export const CHUNKING_STRATEGIES = ["sentence_5"] as const;

/**
 * What a node of a cluster does (`ROLES`, `navigator serve --roles`): `api` serves HTTP, `agent`
 * hosts the per-user agent actors, `ingest` works the ingestion queue. A single process runs all three.
 */
export const ROLES = ["api", "agent", "ingest"] as const;
/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/** A NATS-safe token (subject token, KV bucket and stream name part): letters, digits, `_`, `-`; 1 to 64 characters. */
export const NATS_TOKEN_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** Default `NATS_PREFIX`: subjects `navigator.>`, KV bucket `navigator_actors`, stream `NAVIGATOR_INGEST`. */
export const DEFAULT_NATS_PREFIX = "navigator";
/** Default lifetime of an actor lease in the KV bucket: 10 seconds, in milliseconds (range 1_000–120_000). */
export const DEFAULT_LEASE_TTL_MS = 10_000;
/** Default time JetStream waits for an ingestion job's ack before redelivering: 10 seconds, in milliseconds (≥ 1_000). */
export const DEFAULT_INGEST_ACK_WAIT_MS = 10_000;
/** Default deliveries of one ingestion job before it is given up (JetStream `max_deliver`), 1–100. */
export const DEFAULT_INGEST_MAX_DELIVERIES = 5;
/** Default delay before a failed ingestion job is redelivered (nak delay): 1 second, in milliseconds. */
export const DEFAULT_INGEST_RETRY_BACKOFF_MS = 1_000;
/** Default bound of a graceful stop (SIGTERM): 10 seconds, in milliseconds (the actor system's own default). */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
/** Default asks in flight on one agent node before new chats get 503 `overloaded`. */
export const DEFAULT_AGENT_MAX_INFLIGHT = 256;
/** Largest delay a timer accepts (2^31 - 1 ms, about 24.8 days): upper bound of the `*_MS` variables without one. */
const MAX_TIMER_MS = 2_147_483_647;

/** Everything the server needs to start. */
export interface NavigatorConfig {
  readonly port: number;
  readonly host: string;
  /** Root of embedded data: PGlite files, uploaded bytes, the generated JWT secret. */
  readonly dataDir: string;
  /** PostgreSQL URL; absent means embedded PGlite under `dataDir/pglite`. */
  readonly databaseUrl?: string;
  /** Secret for HS256 tokens; absent means generated once and kept in `dataDir/jwt-secret`. */
  readonly jwtSecret?: string;
  readonly jwtTtlSeconds: number;
  readonly maxUploadBytes: number;
  readonly maxMessageChars: number;
  /** Cosine threshold; absent means the embedder's calibrated default. */
  readonly similarityThreshold?: number;
  readonly topK: number;
  /** Which retrieval sides run (`RETRIEVAL_MODE`); see rag/retriever/modes.ts. */
  readonly retrievalMode: RetrievalMode;
  readonly chunkingStrategy: (typeof CHUNKING_STRATEGIES)[number];
  readonly ingestConcurrency: number;
  readonly chatTimeoutMs: number;
  readonly agentIdleTimeoutMs: number;
  readonly agentMailboxCapacity: number;
  readonly logLevel: string;
  /**
   * NATS servers (`NATS_URL`): comma-separated, validated by {@link parseNatsServers}, entries
   * trimmed (e.g. `nats://a:4222,nats://b:4222`). Absent means the embedded, in-process transport,
   * placement and jobs-table queue.
   */
  readonly natsUrl?: string;
  /** Roles of this node, de-duplicated, in the order of {@link ROLES}; all three unless `natsUrl` is set. */
  readonly roles: readonly Role[];
  /** Id of this node (process) in the cluster; a {@link NATS_TOKEN_PATTERN} token. Default `node-` + 8 random hex digits. */
  readonly nodeId: string;
  /** Prefix of every NATS name of this deployment; see {@link natsNames}. */
  readonly natsPrefix: string;
  /** Lifetime of an actor lease, milliseconds; the owner refreshes it well before it expires. */
  readonly leaseTtlMs: number;
  /** JetStream ack wait of an ingestion job, milliseconds (workers send `working()` every third of it). */
  readonly ingestAckWaitMs: number;
  /** Deliveries of one ingestion job before it is given up and marked failed. */
  readonly ingestMaxDeliveries: number;
  /** Delay before a failed ingestion job is redelivered, milliseconds. */
  readonly ingestRetryBackoffMs: number;
  /** Bound of a graceful stop (stop taking work, finish or nak in-flight jobs, release leases, drain), milliseconds. */
  readonly shutdownTimeoutMs: number;
  /** Asks in flight on one agent node before new chats get 503 `overloaded`. */
  readonly agentMaxInflight: number;
  /**
   * Apply pending migrations to PostgreSQL at start (`MIGRATE_ON_START`, or `serve --migrate`).
   * Off by default: production schemas change only when an operator says so; a server whose
   * PostgreSQL schema is behind refuses to start instead. The embedded PGlite database is always
   * migrated (it is a private file of this process).
   */
  readonly migrateOnStart: boolean;
  /** PostgreSQL pool size per process, connections (`DATABASE_POOL_SIZE`). */
  readonly databasePoolSize: number;
  /** PostgreSQL `statement_timeout`, milliseconds; 0 = none (`DATABASE_STATEMENT_TIMEOUT_MS`). */
  readonly databaseStatementTimeoutMs: number;
  /** Time allowed to open a PostgreSQL connection, milliseconds (`DATABASE_CONNECT_TIMEOUT_MS`). */
  readonly databaseConnectTimeoutMs: number;
  /** Heartbeat period of idle SSE streams and WebSockets, milliseconds (`STREAM_HEARTBEAT_MS`). */
  readonly streamHeartbeatMs: number;
  /** Time a WebSocket opened without `Authorization` has to send its `auth` message, milliseconds (`WS_AUTH_TIMEOUT_MS`). */
  readonly wsAuthTimeoutMs: number;
  /** Keep uploaded bytes in this S3-compatible bucket (`S3_*`, see {@link parseS3Config}); absent means files under `dataDir/blobs`. */
  readonly s3?: S3BlobStoreOptions;
  /** Embedder, synthesizer and PDF reader (`EMBEDDING_PROVIDER`, `CHAT_PROVIDER`, `OPENAI_*`, `LLAMA_CLOUD_*`); see app/provider-config.ts. */
  readonly providers: ProviderConfig;
  /** HNSW index definition and vector search settings (`HNSW_*`, `VECTOR_STORAGE`, `EXACT_SEARCH_MAX_CHUNKS`); see app/vector-config.ts. */
  readonly vector: VectorConfig;
}

/** Names of a deployment's NATS resources, all derived from `NATS_PREFIX`. */
export interface NatsNames {
  /** Prefix of every subject (`<prefix>.…`); the deployment uses `<prefix>.>`. */
  readonly subjectPrefix: string;
  /** JetStream KV bucket of actor leases: `<prefix>_actors`. */
  readonly actorsBucket: string;
  /** JetStream work-queue stream of ingestion jobs: `<PREFIX>_INGEST` (upper-cased). */
  readonly ingestStream: string;
}

/**
 * Derives the NATS names of a deployment from its prefix, so several deployments can share one
 * NATS (e.g. `navigator` → `navigator.>`, `navigator_actors`, `NAVIGATOR_INGEST`). Prefixes that
 * differ only in case share the stream name: pick prefixes that differ otherwise.
 * @throws RangeError when `prefix` is not a {@link NATS_TOKEN_PATTERN} token.
 */
export function natsNames(prefix: string): NatsNames {
  if (!NATS_TOKEN_PATTERN.test(prefix)) throw new RangeError(`natsNames: "prefix" must match ${NATS_TOKEN_PATTERN}, got ${JSON.stringify(prefix)}`);
  return { subjectPrefix: prefix, actorsBucket: `${prefix}_actors`, ingestStream: `${prefix.toUpperCase()}_INGEST` };
}

/** A variable that is set to something unusable. */
export class ConfigError extends NavigatorError {
  readonly code = "invalid_config";
  constructor(readonly variable: string, readonly value: string, expected: string) {
    super(`${variable}=${JSON.stringify(value)} is invalid: expected ${expected}`);
  }
}

type Env = Record<string, string | undefined>;

/**
 * Parses a comma-separated role list (`ROLES`, `--roles`): entries trimmed, duplicates dropped,
 * result in the order of {@link ROLES}.
 * @param source what to name in the error (`"ROLES"`, `"--roles"`).
 * @throws ConfigError on an empty list, an empty entry or an unknown role.
 */
export function parseRoles(text: string, source = "ROLES"): readonly Role[] {
  const entries = text.split(",").map((entry) => entry.trim());
  const expected = `a comma-separated, non-empty subset of ${ROLES.join(",")}`;
  for (const entry of entries) {
    if (!(ROLES as readonly string[]).includes(entry)) throw new ConfigError(source, text, expected);
  }
  return ROLES.filter((role) => entries.includes(role));
}

/**
 * Parses `NATS_URL`: comma-separated servers, each `host:port` or `scheme://host[:port]` with
 * scheme nats, tls, ws or wss (the forms nats.js accepts).
 * @throws ConfigError on an empty entry or an unparsable server.
 */
export function parseNatsServers(text: string, source = "NATS_URL"): readonly string[] {
  const servers = text.split(",").map((entry) => entry.trim());
  for (const server of servers) {
    const withScheme = server.includes("://") ? server : `nats://${server}`;
    let ok = server !== "" && !/\s/.test(server);
    if (ok) {
      try {
        const url = new URL(withScheme);
        ok = ["nats:", "tls:", "ws:", "wss:"].includes(url.protocol) && url.hostname !== "";
      } catch {
        ok = false;
      }
    }
    if (!ok) throw new ConfigError(source, text, "comma-separated NATS servers such as nats://127.0.0.1:4222");
  }
  return servers;
}

/**
 * The environment variable of each S3 option: the names Bun's own S3 client reads (`S3_*`),
 * plus `S3_PREFIX` and `S3_VIRTUAL_HOSTED_STYLE`, which are this server's.
 */
export const S3_VARIABLES: Readonly<Record<keyof S3BlobStoreOptions, string>> = {
  bucket: "S3_BUCKET",
  endpoint: "S3_ENDPOINT",
  region: "S3_REGION",
  accessKeyId: "S3_ACCESS_KEY_ID",
  secretAccessKey: "S3_SECRET_ACCESS_KEY",
  sessionToken: "S3_SESSION_TOKEN",
  prefix: "S3_PREFIX",
  virtualHostedStyle: "S3_VIRTUAL_HOSTED_STYLE",
};

/**
 * Reads the S3 blob store settings: `S3_BUCKET` turns S3 on; undefined without it. Options
 * left unset fall back to Bun's S3 defaults (`AWS_*` variables, region `us-east-1`).
 * @throws ConfigError (never quoting a secret) when another `S3_*` variable is set without
 *   `S3_BUCKET`, only one of `S3_ACCESS_KEY_ID` / `S3_SECRET_ACCESS_KEY` is set,
 *   `S3_VIRTUAL_HOSTED_STYLE` is not a boolean, or a value fails `checkS3BlobStoreOptions`.
 */
export function parseS3Config(env: Env): S3BlobStoreOptions | undefined {
  const names = Object.entries(S3_VARIABLES) as [keyof S3BlobStoreOptions, string][];
  if (!env.S3_BUCKET) {
    const stray = names.find(([, variable]) => env[variable]);
    if (stray) throw new ConfigError("S3_BUCKET", env.S3_BUCKET ?? "", `a bucket name, since ${stray[1]} is set (S3_BUCKET turns S3 storage on)`);
    return undefined;
  }
  const hosted = env.S3_VIRTUAL_HOSTED_STYLE?.toLowerCase();
  if (hosted && !["true", "1", "yes", "false", "0", "no"].includes(hosted)) {
    throw new ConfigError("S3_VIRTUAL_HOSTED_STYLE", env.S3_VIRTUAL_HOSTED_STYLE!, "true or false");
  }
  const options: Record<string, string | boolean> = {};
  for (const [option, variable] of names) {
    const value = env[variable];
    if (option !== "virtualHostedStyle" && value) options[option] = value;
  }
  if (hosted) options.virtualHostedStyle = ["true", "1", "yes"].includes(hosted);
  try {
    return checkS3BlobStoreOptions(options as unknown as S3BlobStoreOptions);
  } catch (error) {
    if (!(error instanceof InvalidS3OptionError)) throw error;
    const variable = S3_VARIABLES[error.option];
    const secret = error.option === "secretAccessKey" || error.option === "sessionToken";
    const value = secret && env[variable] ? "<redacted>" : (env[variable] ?? "");
    const expected = error.pairedWith ? `set together with ${S3_VARIABLES[error.pairedWith]}` : error.expected;
    throw new ConfigError(variable, value, expected);
  }
}

/**
 * Reads the configuration from `env` (default `process.env`), applying defaults; `overrides` win
 * over the environment (the CLI passes `--roles` as `overrides.roles`, validated like `ROLES`).
 * @throws ConfigError naming the first invalid variable, including a subset of roles without
 *   `NATS_URL` (only a cluster can split the roles between processes).
 */
export function loadConfig(env: Env = process.env, overrides: Partial<NavigatorConfig> = {}): NavigatorConfig {
  const int = (name: string, def: number, min: number, max = Number.MAX_SAFE_INTEGER) => {
    const raw = env[name];
    if (raw === undefined || raw === "") return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(name, raw, `an integer from ${min} to ${max}`);
    return n;
  };
  const num = (name: string, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === "") return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) throw new ConfigError(name, raw, `a number from ${min} to ${max}`);
    return n;
  };
  const token = (name: string, def: string) => {
    const raw = env[name];
    if (raw === undefined || raw === "") return def;
    if (!NATS_TOKEN_PATTERN.test(raw)) throw new ConfigError(name, raw, "1 to 64 letters, digits, _ or -");
    return raw;
  };
  const bool = (name: string, def: boolean) => {
    const raw = env[name];
    if (raw === undefined || raw === "") return def;
    if (["true", "1", "yes"].includes(raw.toLowerCase())) return true;
    if (["false", "0", "no"].includes(raw.toLowerCase())) return false;
    throw new ConfigError(name, raw, "true or false");
  };
  const strategy = env.CHUNKING_STRATEGY || "sentence_5";
  if (!(CHUNKING_STRATEGIES as readonly string[]).includes(strategy)) {
    throw new ConfigError("CHUNKING_STRATEGY", strategy, CHUNKING_STRATEGIES.join(" | "));
  }
  const retrievalMode = env.RETRIEVAL_MODE || DEFAULT_RETRIEVAL_MODE;
  if (!(RETRIEVAL_MODES as readonly string[]).includes(retrievalMode)) {
    throw new ConfigError("RETRIEVAL_MODE", retrievalMode, RETRIEVAL_MODES.join(" | "));
  }
  const config: NavigatorConfig = {
    port: int("PORT", DEFAULT_PORT, 0, 65535),
    host: env.HOST || "0.0.0.0",
    dataDir: env.DATA_DIR || "./data",
    databaseUrl: env.DATABASE_URL || undefined,
    jwtSecret: env.JWT_SECRET || undefined,
    jwtTtlSeconds: int("JWT_TTL_SECONDS", DEFAULT_JWT_TTL_SECONDS, 60),
    maxUploadBytes: int("MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES, 1024),
    maxMessageChars: int("MAX_MESSAGE_CHARS", DEFAULT_MAX_MESSAGE_CHARS, 1, 100_000),
    similarityThreshold: num("SIMILARITY_THRESHOLD", -1, 1),
    topK: int("TOP_K", DEFAULT_TOP_K, 1, 50),
    retrievalMode: retrievalMode as RetrievalMode,
    chunkingStrategy: strategy as NavigatorConfig["chunkingStrategy"],
    ingestConcurrency: int("INGEST_CONCURRENCY", DEFAULT_INGEST_CONCURRENCY, 1, 64),
    chatTimeoutMs: int("CHAT_TIMEOUT_MS", DEFAULT_CHAT_TIMEOUT_MS, 100),
    agentIdleTimeoutMs: int("AGENT_IDLE_TIMEOUT_MS", DEFAULT_AGENT_IDLE_TIMEOUT_MS, 1_000),
    agentMailboxCapacity: int("AGENT_MAILBOX_CAPACITY", DEFAULT_AGENT_MAILBOX_CAPACITY, 1, 100_000),
    logLevel: env.LOG_LEVEL || "info",
    natsUrl: env.NATS_URL ? parseNatsServers(env.NATS_URL).join(",") : undefined,
    roles: overrides.roles === undefined && env.ROLES ? parseRoles(env.ROLES) : ROLES,
    nodeId: token("NODE_ID", `node-${crypto.randomUUID().slice(0, 8)}`),
    natsPrefix: token("NATS_PREFIX", DEFAULT_NATS_PREFIX),
    leaseTtlMs: int("LEASE_TTL_MS", DEFAULT_LEASE_TTL_MS, 1_000, 120_000),
    ingestAckWaitMs: int("INGEST_ACK_WAIT_MS", DEFAULT_INGEST_ACK_WAIT_MS, 1_000, MAX_TIMER_MS),
    ingestMaxDeliveries: int("INGEST_MAX_DELIVERIES", DEFAULT_INGEST_MAX_DELIVERIES, 1, 100),
    ingestRetryBackoffMs: int("INGEST_RETRY_BACKOFF_MS", DEFAULT_INGEST_RETRY_BACKOFF_MS, 0, MAX_TIMER_MS),
    shutdownTimeoutMs: int("SHUTDOWN_TIMEOUT_MS", DEFAULT_SHUTDOWN_TIMEOUT_MS, 0, MAX_TIMER_MS),
    agentMaxInflight: int("AGENT_MAX_INFLIGHT", DEFAULT_AGENT_MAX_INFLIGHT, 1, 1_000_000),
    migrateOnStart: bool("MIGRATE_ON_START", false),
    databasePoolSize: int("DATABASE_POOL_SIZE", DEFAULT_POOL_SIZE, 1, 1_000),
    databaseStatementTimeoutMs: int("DATABASE_STATEMENT_TIMEOUT_MS", DEFAULT_STATEMENT_TIMEOUT_MS, 0, 3_600_000),
    databaseConnectTimeoutMs: int("DATABASE_CONNECT_TIMEOUT_MS", DEFAULT_CONNECT_TIMEOUT_MS, 100, 600_000),
    s3: parseS3Config(env),
    providers: parseProviderConfig(env),
    // The index default depends on the database the config ends up with (an override may set it).
    vector: parseVectorConfig({ ...env, DATABASE_URL: overrides.databaseUrl ?? env.DATABASE_URL }),
    streamHeartbeatMs: int("STREAM_HEARTBEAT_MS", DEFAULT_STREAM_HEARTBEAT_MS, 100, MAX_TIMER_MS),
    wsAuthTimeoutMs: int("WS_AUTH_TIMEOUT_MS", DEFAULT_WS_AUTH_TIMEOUT_MS, 100, MAX_TIMER_MS),
    ...overrides,
  };
  checkRoles(config, overrides.roles === undefined ? "ROLES" : "--roles");
  return config;
}

/** A subset of roles only makes sense in a cluster; the roles must be known and non-empty. */
function checkRoles(config: NavigatorConfig, source: string): void {
  const text = config.roles.join(",");
  if (config.roles.length === 0 || config.roles.some((role) => !(ROLES as readonly string[]).includes(role))) {
    throw new ConfigError(source, text, `a comma-separated, non-empty subset of ${ROLES.join(",")}`);
  }
  if (config.roles.length < ROLES.length && !config.natsUrl) {
    throw new ConfigError(source, text, `all of ${ROLES.join(",")}: running a subset of roles needs NATS_URL (a cluster)`);
  }
}
