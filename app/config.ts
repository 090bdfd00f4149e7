/**
 * The configuration of a Navigator process, read and checked once at start-up from the variables
 * of app/config-schema.ts (`CONFIG_SCHEMA`; README.md "Configuration" lists each with its default
 * and unit) into typed sections, each its consumer's options (`providers`, `vector`, `s3`).
 */
import { defaultIngestWorkers, type IngestionLimits } from "../actors/ingestion/index.ts";
import { checkS3BlobStoreOptions, InvalidS3OptionError, type S3BlobStoreOptions } from "../db/index.ts";
import type { RetrievalMode } from "../rag/retriever/index.ts";
import {
  CHUNKING_STRATEGIES,
  ConfigError,
  DEFAULT_NATS_PREFIX,
  NATS_TOKEN_PATTERN,
  readConfigVariables,
  type ConfigVariables,
  type Env,
} from "./config-schema.ts";
import { providerSection, type ProviderConfig } from "./provider-config.ts";
import { telemetrySection, type TelemetryConfig } from "./telemetry-config.ts";
import { vectorSection, type VectorConfig } from "./vector-config.ts";
import { securitySection, type SecurityConfig } from "./security-config.ts";

export * from "./config-schema.ts";

/**
 * What a node of a cluster does (`ROLES`, `navigator serve --roles`): `api` serves HTTP, `agent`
 * hosts the per-user agent actors, `ingest` works the ingestion queue. A single process runs all three.
 */
export const ROLES = ["api", "agent", "ingest"] as const;
/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/** Everything the server needs to start. */
export interface NavigatorConfig {
  readonly port: number;
  readonly host: string;
  /**
   * Port of a listener serving only `/health`, `/health/live`, `/health/ready` (`HEALTH_PORT`), so
   * orchestrators can check nodes without the api role; absent: none.
   */
  readonly healthPort?: number;
  /** Root of embedded data: PGlite files, uploaded bytes, the generated JWT secret. */
  readonly dataDir: string;
  /** PostgreSQL URL; absent means embedded PGlite under `dataDir/pglite`. */
  readonly databaseUrl?: string;
  /** Secret for HS256 tokens; absent means generated once and kept in `dataDir/jwt-secret`. */
  readonly jwtSecret?: string;
  readonly jwtTtlSeconds: number;
  readonly maxUploadBytes: number;
  readonly maxMessageChars: number;
  /** Most pages OCR'd per document (`OCR_MAX_PAGES`); 0 turns OCR off. */
  readonly ocrMaxPages: number;
  /** Render resolution for OCR (`OCR_DPI`), dots per inch. */
  readonly ocrDpi: number;
  /** Time allowed per OCR'd page (`OCR_PAGE_TIMEOUT_MS`), milliseconds. */
  readonly ocrPageTimeoutMs: number;
  /** Cosine threshold; absent means the embedder's calibrated default. */
  readonly similarityThreshold?: number;
  readonly topK: number;
  /** Which retrieval sides run (`RETRIEVAL_MODE`); see rag/retriever/modes.ts. */
  readonly retrievalMode: RetrievalMode;
  /** How ingestion chunks pages (`CHUNKING_STRATEGY`); see app/providers.ts `chunkerFor`. */
  readonly chunkingStrategy: (typeof CHUNKING_STRATEGIES)[number];
  readonly ingestConcurrency: number;
  /**
   * The ingestion worker pool (`INGEST_WORKERS`, default cores − 1, at least 1) and the limits of
   * one document: `MAX_PDF_PAGES`, `MAX_EXTRACTED_TEXT_BYTES`, `MAX_CHUNKS_PER_DOCUMENT`,
   * `PARSE_TIMEOUT_MS`, `INGEST_WORKER_MAX_HEAP_BYTES` (see actors/ingestion/workers); `parseSplit`
   * (`INGEST_PARSE_SPLIT`): workers reading one long document's pages at once (absent: the default).
   */
  readonly ingestWorkers: { readonly size: number; readonly parseTimeoutMs: number; readonly limits: IngestionLimits; readonly parseSplit?: number };
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
  /** Body limits, login limits, quotas, CORS, encryption at rest, TLS; see app/security-config.ts. */
  readonly security: SecurityConfig;
  /** Metrics listener, log format, trace export (`METRICS_PORT`, `LOG_FORMAT`, `OTEL_*`); see app/telemetry-config.ts. */
  readonly telemetry: TelemetryConfig;
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
export const S3_VARIABLES = {
  bucket: "S3_BUCKET",
  endpoint: "S3_ENDPOINT",
  region: "S3_REGION",
  accessKeyId: "S3_ACCESS_KEY_ID",
  secretAccessKey: "S3_SECRET_ACCESS_KEY",
  sessionToken: "S3_SESSION_TOKEN",
  prefix: "S3_PREFIX",
  virtualHostedStyle: "S3_VIRTUAL_HOSTED_STYLE",
} as const satisfies Readonly<Record<keyof S3BlobStoreOptions, string>>;

/**
 * Reads the S3 blob store settings: `S3_BUCKET` turns S3 on; undefined without it. Options
 * left unset fall back to Bun's S3 defaults (`AWS_*` variables, region `us-east-1`).
 * @throws ConfigError (never quoting a secret) when another `S3_*` variable is set without
 *   `S3_BUCKET`, only one of `S3_ACCESS_KEY_ID` / `S3_SECRET_ACCESS_KEY` is set,
 *   `S3_VIRTUAL_HOSTED_STYLE` is not a boolean, or a value fails `checkS3BlobStoreOptions`.
 */
export function parseS3Config(env: Env): S3BlobStoreOptions | undefined {
  return s3Section(readConfigVariables(env));
}

/** The S3 section of {@link loadConfig} (see {@link parseS3Config}). */
function s3Section(vars: ConfigVariables): S3BlobStoreOptions | undefined {
  const names = Object.entries(S3_VARIABLES) as [keyof S3BlobStoreOptions, (typeof S3_VARIABLES)[keyof S3BlobStoreOptions]][];
  if (!vars.get("S3_BUCKET")) {
    const stray = names.find(([, variable]) => vars.raw(variable));
    if (stray) throw new ConfigError("S3_BUCKET", vars.raw("S3_BUCKET") ?? "", `a bucket name, since ${stray[1]} is set (S3_BUCKET turns S3 storage on)`);
    return undefined;
  }
  const options: Record<string, string | boolean> = {};
  for (const [option, variable] of names) {
    const value = vars.get(variable);
    if (value !== undefined && value !== "") options[option] = value;
  }
  try {
    return checkS3BlobStoreOptions(options as unknown as S3BlobStoreOptions);
  } catch (error) {
    if (!(error instanceof InvalidS3OptionError)) throw error;
    const variable = S3_VARIABLES[error.option];
    const secret = error.option === "secretAccessKey" || error.option === "sessionToken";
    const value = secret && vars.raw(variable) ? "<redacted>" : (vars.raw(variable) ?? "");
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
  const v = readConfigVariables(env);
  const natsUrl = v.get("NATS_URL");
  const config: NavigatorConfig = {
    port: v.value("PORT"),
    healthPort: v.get("HEALTH_PORT"),
    host: v.value("HOST"),
    dataDir: v.value("DATA_DIR"),
    databaseUrl: v.get("DATABASE_URL"),
    jwtSecret: v.get("JWT_SECRET"),
    jwtTtlSeconds: v.value("JWT_TTL_SECONDS"),
    maxUploadBytes: v.value("MAX_UPLOAD_BYTES"),
    maxMessageChars: v.value("MAX_MESSAGE_CHARS"),
    ocrMaxPages: v.value("OCR_MAX_PAGES"),
    ocrDpi: v.value("OCR_DPI"),
    ocrPageTimeoutMs: v.value("OCR_PAGE_TIMEOUT_MS"),
    similarityThreshold: v.get("SIMILARITY_THRESHOLD"),
    topK: v.value("TOP_K"),
    retrievalMode: v.value("RETRIEVAL_MODE") as RetrievalMode,
    chunkingStrategy: v.value("CHUNKING_STRATEGY"),
    ingestConcurrency: v.value("INGEST_CONCURRENCY"),
    ingestWorkers: {
      size: v.get("INGEST_WORKERS") ?? defaultIngestWorkers(),
      parseTimeoutMs: v.value("PARSE_TIMEOUT_MS"),
      parseSplit: v.value("INGEST_PARSE_SPLIT"),
      limits: {
        maxPdfPages: v.value("MAX_PDF_PAGES"),
        maxExtractedTextBytes: v.value("MAX_EXTRACTED_TEXT_BYTES"),
        maxChunksPerDocument: v.value("MAX_CHUNKS_PER_DOCUMENT"),
        maxHeapBytes: v.value("INGEST_WORKER_MAX_HEAP_BYTES"),
      },
    },
    chatTimeoutMs: v.value("CHAT_TIMEOUT_MS"),
    agentIdleTimeoutMs: v.value("AGENT_IDLE_TIMEOUT_MS"),
    agentMailboxCapacity: v.value("AGENT_MAILBOX_CAPACITY"),
    logLevel: v.value("LOG_LEVEL"),
    natsUrl: natsUrl ? parseNatsServers(natsUrl).join(",") : undefined,
    roles: overrides.roles === undefined && v.get("ROLES") ? parseRoles(v.value("ROLES")) : ROLES,
    nodeId: v.get("NODE_ID") ?? `node-${crypto.randomUUID().slice(0, 8)}`,
    natsPrefix: v.value("NATS_PREFIX"),
    leaseTtlMs: v.value("LEASE_TTL_MS"),
    ingestAckWaitMs: v.value("INGEST_ACK_WAIT_MS"),
    ingestMaxDeliveries: v.value("INGEST_MAX_DELIVERIES"),
    ingestRetryBackoffMs: v.value("INGEST_RETRY_BACKOFF_MS"),
    shutdownTimeoutMs: v.value("SHUTDOWN_TIMEOUT_MS"),
    agentMaxInflight: v.value("AGENT_MAX_INFLIGHT"),
    migrateOnStart: v.value("MIGRATE_ON_START"),
    databasePoolSize: v.value("DATABASE_POOL_SIZE"),
    databaseStatementTimeoutMs: v.value("DATABASE_STATEMENT_TIMEOUT_MS"),
    databaseConnectTimeoutMs: v.value("DATABASE_CONNECT_TIMEOUT_MS"),
    s3: s3Section(v),
    providers: providerSection(v),
    // The index default depends on the database the config ends up with (an override may set it).
    // An overridden mode (`navigator eval --mode/--ablation`) decides the index defaults as RETRIEVAL_MODE would.
    vector: vectorSection(v, { databaseUrl: overrides.databaseUrl ?? v.get("DATABASE_URL"), retrievalMode: overrides.retrievalMode ?? (v.value("RETRIEVAL_MODE") as RetrievalMode) }),
    telemetry: telemetrySection(v),
    streamHeartbeatMs: v.value("STREAM_HEARTBEAT_MS"),
    wsAuthTimeoutMs: v.value("WS_AUTH_TIMEOUT_MS"),
    security: securitySection(v),
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
