/**
 * The one configuration schema: every environment variable Navigator reads, as a TypeBox schema
 * with its bounds and default (the README's "Configuration" table documents each; a test keeps
 * the two equal). {@link readConfigVariables} converts and validates each variable the first time
 * a section asks for it (so `OPENAI_*` are only checked when a provider is `openai`), and never
 * again. app/config.ts turns the values into the typed sections of `NavigatorConfig`.
 *
 * To add a variable: add it here (schema, default), read it in app/config.ts, add a README row.
 */
import { Type, type Static, type TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import {
  DEFAULT_INGEST_CONCURRENCY,
  DEFAULT_INGEST_PARSE_SPLIT,
  DEFAULT_MAX_CHUNKS_PER_DOCUMENT,
  DEFAULT_MAX_EXTRACTED_TEXT_BYTES,
  DEFAULT_MAX_PDF_PAGES,
  DEFAULT_MAX_UPLOAD_BYTES,
  DEFAULT_OCR_MAX_PAGES,
  DEFAULT_PARSE_TIMEOUT_MS,
  DEFAULT_WORKER_MAX_HEAP_BYTES,
} from "../actors/ingestion/index.ts";
import { DEFAULT_OCR_DPI, DEFAULT_OCR_PAGE_TIMEOUT_MS } from "../rag/ocr/index.ts";
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_EXACT_SEARCH_MAX_CHUNKS,
  DEFAULT_HNSW_EF_CONSTRUCTION,
  DEFAULT_HNSW_EF_SEARCH,
  DEFAULT_HNSW_M,
  DEFAULT_POOL_SIZE,
  DEFAULT_STATEMENT_TIMEOUT_MS,
  DEFAULT_VECTOR_STORAGE,
  HNSW_LIMITS,
  VECTOR_STORAGES,
} from "../db/index.ts";
import { TEXT_INDEX_KINDS } from "../db/text-index.ts";
import { VECTOR_INDEX_KINDS } from "../db/vector-index.ts";
import { DEFAULT_STREAM_HEARTBEAT_MS, DEFAULT_WS_AUTH_TIMEOUT_MS } from "../http/streaming/options.ts";
import { DEFAULT_AUTH_CACHE_TTL_MS } from "../http/authenticate.ts";
import { DEFAULT_MAX_JSON_BODY_BYTES } from "../http/guard/body.ts";
import { DEFAULT_AUTH_LIMITS, DEFAULT_QUOTAS } from "../http/limits/index.ts";
import { DEFAULT_OPENAI_MAX_RETRIES, DEFAULT_OPENAI_TIMEOUT_MS } from "../rag/providers/defaults.ts";
import { DEFAULT_RETRIEVAL_MODE, DEFAULT_TOP_K, RETRIEVAL_MODES } from "../rag/retriever/index.ts";
import { NavigatorError } from "../runtime/index.ts";

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
/** Default `NATS_PREFIX`: subjects `navigator.>`, KV bucket `navigator_actors`, stream `NAVIGATOR_INGEST`. */
export const DEFAULT_NATS_PREFIX = "navigator";
/** Default lifetime of an actor lease in the KV bucket: 10 seconds, in milliseconds (range 1_000–120_000). */
export const DEFAULT_LEASE_TTL_MS = 10_000;
/** Default time JetStream waits for an ingestion job's ack before redelivering: 10 seconds, in milliseconds (≥ 1_000). */
export const DEFAULT_INGEST_ACK_WAIT_MS = 10_000;
/** Default deliveries of one ingestion job before it is given up (JetStream `max_deliver`), 1–100. */
export const DEFAULT_INGEST_MAX_DELIVERIES = 5;
/**
 * Default delay before the cluster queue redelivers a failed ingestion job (JetStream nak delay,
 * `INGEST_RETRY_BACKOFF_MS`): 1 second, in milliseconds. Not the embedded ingestion actor's delay
 * between its own attempts (actors/ingestion `DEFAULT_INGEST_ATTEMPT_BACKOFF_MS`).
 */
export const DEFAULT_INGEST_REDELIVERY_BACKOFF_MS = 1_000;
/** Default bound of a graceful stop (SIGTERM): 10 seconds, in milliseconds (the actor system's own default). */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
/** Default asks in flight on one agent node before new chats get 503 `overloaded`. */
export const DEFAULT_AGENT_MAX_INFLIGHT = 256;
/** Largest `OPENAI_MAX_RETRIES`. */
export const MAX_OPENAI_MAX_RETRIES = 10;
/** Largest `EXACT_SEARCH_MAX_CHUNKS` (beyond it an exact scan of one user is far slower than the index). */
export const MAX_EXACT_SEARCH_MAX_CHUNKS = 1_000_000;
/** Embedders that `EMBEDDING_PROVIDER` chooses from: the offline hashed embedder, or OpenAI (or a compatible server). */
export const EMBEDDING_PROVIDERS = ["hashed", "openai"] as const;
/** Synthesizers that `CHAT_PROVIDER` chooses from: the offline extractive one, or an OpenAI chat model. */
export const CHAT_PROVIDERS = ["extractive", "openai"] as const;
/** Chunking strategies `CHUNKING_STRATEGY` chooses from (see app/providers.ts `chunkerFor`): the seed project's `sentence_5`. */
export const CHUNKING_STRATEGIES = ["sentence_5"] as const;
/** Values of `LOG_FORMAT`: JSON lines, or pino-pretty for a terminal. */
export const LOG_FORMATS = ["json", "pretty"] as const;
/** Values of `OTEL_TRACES_SAMPLER` understood: the OpenTelemetry specification's built-in samplers. */
export const TRACES_SAMPLERS = ["always_on", "always_off", "traceidratio", "parentbased_always_on", "parentbased_always_off", "parentbased_traceidratio"] as const;
/** `OTEL_SERVICE_NAME` default. */
export const DEFAULT_OTEL_SERVICE_NAME = "navigator";
/** `OTEL_TRACES_SAMPLER` default, as the specification's. */
export const DEFAULT_TRACES_SAMPLER = "parentbased_always_on" as const;
/** A NATS-safe token (subject token, KV bucket and stream name part): letters, digits, `_`, `-`; 1 to 64 characters. */
export const NATS_TOKEN_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** Largest delay a timer accepts (2^31 - 1 ms, about 24.8 days): upper bound of the `*_MS` variables without one. */
const MAX_TIMER_MS = 2_147_483_647;
const MAX = Number.MAX_SAFE_INTEGER;
/** Longest rate-limit window (`LOGIN_WINDOW_MS`, `REGISTER_WINDOW_MS`): 24 h, the TTL of the cluster's counter bucket. */
export const MAX_LIMIT_WINDOW_MS = 24 * 3_600_000;

/** A variable that is set to something unusable. */
export class ConfigError extends NavigatorError<"invalid_config"> {
  readonly code = "invalid_config";
  constructor(
    readonly variable: string,
    readonly value: string,
    expected: string,
  ) {
    super(`${variable}=${JSON.stringify(value)} is invalid: expected ${expected}`);
  }
}

const int = (minimum: number, maximum: number, def?: number) => Type.Integer({ minimum, maximum, ...(def === undefined ? {} : { default: def }) });
const oneOf = <T extends string>(values: readonly T[], def?: T) =>
  Type.Union(values.map((v) => Type.Literal(v)), { expected: values.join(" | "), ...(def === undefined ? {} : { default: def }) });
const text = (def?: string) => Type.String(def === undefined ? {} : { default: def });
const httpUrl = () => Type.String({ pattern: "^https?://\\S+$", expected: "an http(s) URL" });
const token = (def?: string) =>
  Type.String({ pattern: NATS_TOKEN_PATTERN.source, expected: "1 to 64 letters, digits, _ or -", ...(def === undefined ? {} : { default: def }) });
const flag = (def?: boolean) => Type.Boolean(def === undefined ? {} : { default: def });

/** Every environment variable, with its type, bounds and static default (computed defaults live in app/config.ts). */
export const CONFIG_SCHEMA = Type.Object({
  PORT: int(0, 65535, DEFAULT_PORT),
  HOST: text("0.0.0.0"),
  HEALTH_PORT: int(0, 65535),
  DATA_DIR: text("./data"),
  DATABASE_URL: text(),
  DATABASE_POOL_SIZE: int(1, 1_000, DEFAULT_POOL_SIZE),
  DATABASE_STATEMENT_TIMEOUT_MS: int(0, 3_600_000, DEFAULT_STATEMENT_TIMEOUT_MS),
  DATABASE_CONNECT_TIMEOUT_MS: int(100, 600_000, DEFAULT_CONNECT_TIMEOUT_MS),
  MIGRATE_ON_START: flag(false),
  VECTOR_INDEX: oneOf(VECTOR_INDEX_KINDS),
  TEXT_INDEX: oneOf(TEXT_INDEX_KINDS),
  HNSW_M: int(HNSW_LIMITS.m.min, HNSW_LIMITS.m.max, DEFAULT_HNSW_M),
  HNSW_EF_CONSTRUCTION: int(HNSW_LIMITS.efConstruction.min, HNSW_LIMITS.efConstruction.max, DEFAULT_HNSW_EF_CONSTRUCTION),
  HNSW_EF_SEARCH: int(HNSW_LIMITS.efSearch.min, HNSW_LIMITS.efSearch.max, DEFAULT_HNSW_EF_SEARCH),
  VECTOR_STORAGE: oneOf(VECTOR_STORAGES, DEFAULT_VECTOR_STORAGE),
  EXACT_SEARCH_MAX_CHUNKS: int(0, MAX_EXACT_SEARCH_MAX_CHUNKS, DEFAULT_EXACT_SEARCH_MAX_CHUNKS),
  JWT_SECRET: text(),
  JWT_TTL_SECONDS: int(60, MAX, DEFAULT_JWT_TTL_SECONDS),
  MAX_UPLOAD_BYTES: int(1024, MAX, DEFAULT_MAX_UPLOAD_BYTES),
  OCR_MAX_PAGES: int(0, 10_000, DEFAULT_OCR_MAX_PAGES),
  OCR_DPI: int(50, 600, DEFAULT_OCR_DPI),
  OCR_PAGE_TIMEOUT_MS: int(1_000, MAX, DEFAULT_OCR_PAGE_TIMEOUT_MS),
  MAX_MESSAGE_CHARS: int(1, 100_000, DEFAULT_MAX_MESSAGE_CHARS),
  SIMILARITY_THRESHOLD: Type.Number({ minimum: -1, maximum: 1 }),
  TOP_K: int(1, 50, DEFAULT_TOP_K),
  RETRIEVAL_MODE: oneOf(RETRIEVAL_MODES, DEFAULT_RETRIEVAL_MODE),
  CHUNKING_STRATEGY: oneOf(CHUNKING_STRATEGIES, "sentence_5"),
  INGEST_CONCURRENCY: int(1, 64, DEFAULT_INGEST_CONCURRENCY),
  INGEST_WORKERS: int(1, 256),
  INGEST_PARSE_SPLIT: int(1, 16, DEFAULT_INGEST_PARSE_SPLIT),
  MAX_PDF_PAGES: int(1, 1_000_000, DEFAULT_MAX_PDF_PAGES),
  MAX_EXTRACTED_TEXT_BYTES: int(1_024, MAX, DEFAULT_MAX_EXTRACTED_TEXT_BYTES),
  MAX_CHUNKS_PER_DOCUMENT: int(1, 100_000_000, DEFAULT_MAX_CHUNKS_PER_DOCUMENT),
  PARSE_TIMEOUT_MS: int(100, MAX_TIMER_MS, DEFAULT_PARSE_TIMEOUT_MS),
  INGEST_WORKER_MAX_HEAP_BYTES: int(16 * 1024 * 1024, MAX, DEFAULT_WORKER_MAX_HEAP_BYTES),
  CHAT_TIMEOUT_MS: int(100, MAX, DEFAULT_CHAT_TIMEOUT_MS),
  STREAM_HEARTBEAT_MS: int(100, MAX_TIMER_MS, DEFAULT_STREAM_HEARTBEAT_MS),
  WS_AUTH_TIMEOUT_MS: int(100, MAX_TIMER_MS, DEFAULT_WS_AUTH_TIMEOUT_MS),
  AGENT_IDLE_TIMEOUT_MS: int(1_000, MAX, DEFAULT_AGENT_IDLE_TIMEOUT_MS),
  AGENT_MAILBOX_CAPACITY: int(1, 100_000, DEFAULT_AGENT_MAILBOX_CAPACITY),
  LOG_LEVEL: text("info"),
  LOG_FORMAT: oneOf(LOG_FORMATS, "json"),
  METRICS_PORT: int(0, 65535),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl(),
  OTEL_SERVICE_NAME: text(DEFAULT_OTEL_SERVICE_NAME),
  OTEL_TRACES_SAMPLER: oneOf(TRACES_SAMPLERS, DEFAULT_TRACES_SAMPLER),
  OTEL_TRACES_SAMPLER_ARG: Type.Number({ minimum: 0, maximum: 1, default: 1 }),
  SHUTDOWN_TIMEOUT_MS: int(0, MAX_TIMER_MS, DEFAULT_SHUTDOWN_TIMEOUT_MS),
  NATS_URL: text(),
  ROLES: text(),
  NODE_ID: token(),
  NATS_PREFIX: token(DEFAULT_NATS_PREFIX),
  LEASE_TTL_MS: int(1_000, 120_000, DEFAULT_LEASE_TTL_MS),
  INGEST_ACK_WAIT_MS: int(1_000, MAX_TIMER_MS, DEFAULT_INGEST_ACK_WAIT_MS),
  INGEST_MAX_DELIVERIES: int(1, 100, DEFAULT_INGEST_MAX_DELIVERIES),
  INGEST_RETRY_BACKOFF_MS: int(0, MAX_TIMER_MS, DEFAULT_INGEST_REDELIVERY_BACKOFF_MS),
  AGENT_MAX_INFLIGHT: int(1, 1_000_000, DEFAULT_AGENT_MAX_INFLIGHT),
  S3_BUCKET: text(),
  S3_ENDPOINT: text(),
  S3_REGION: text(),
  S3_ACCESS_KEY_ID: text(),
  S3_SECRET_ACCESS_KEY: text(),
  S3_SESSION_TOKEN: text(),
  S3_PREFIX: text(),
  S3_VIRTUAL_HOSTED_STYLE: flag(),
  EMBEDDING_PROVIDER: oneOf(EMBEDDING_PROVIDERS, "hashed"),
  CHAT_PROVIDER: oneOf(CHAT_PROVIDERS, "extractive"),
  OPENAI_API_KEY: text(),
  OPENAI_BASE_URL: httpUrl(),
  OPENAI_EMBEDDING_MODEL: text(),
  OPENAI_CHAT_MODEL: text(),
  OPENAI_TIMEOUT_MS: int(100, 3_600_000, DEFAULT_OPENAI_TIMEOUT_MS),
  OPENAI_MAX_RETRIES: int(0, MAX_OPENAI_MAX_RETRIES, DEFAULT_OPENAI_MAX_RETRIES),
  LLAMA_CLOUD_API_KEY: text(),
  LLAMA_CLOUD_BASE_URL: httpUrl(),
  // Hardening (app/security-config.ts)
  MAX_JSON_BODY_BYTES: int(1024, 16 * 1024 * 1024, DEFAULT_MAX_JSON_BODY_BYTES),
  AUTH_CACHE_TTL_MS: int(0, 60_000, DEFAULT_AUTH_CACHE_TTL_MS),
  LOGIN_MAX_PER_ACCOUNT: int(1, MAX, DEFAULT_AUTH_LIMITS.loginMaxPerAccount),
  LOGIN_MAX_PER_ADDRESS: int(1, MAX, DEFAULT_AUTH_LIMITS.loginMaxPerAddress),
  LOGIN_WINDOW_MS: int(1_000, MAX_LIMIT_WINDOW_MS, DEFAULT_AUTH_LIMITS.loginWindowMs),
  REGISTER_MAX_PER_ADDRESS: int(1, MAX, DEFAULT_AUTH_LIMITS.registerMaxPerAddress),
  REGISTER_WINDOW_MS: int(1_000, MAX_LIMIT_WINDOW_MS, DEFAULT_AUTH_LIMITS.registerWindowMs),
  ARGON2_MAX_INFLIGHT: int(1, 1_000, DEFAULT_AUTH_LIMITS.argon2MaxInflight),
  TRUST_PROXY: flag(false),
  MAX_DOCUMENTS_PER_USER: int(1, MAX, DEFAULT_QUOTAS.maxDocuments),
  MAX_STORED_BYTES_PER_USER: int(1, MAX, DEFAULT_QUOTAS.maxStoredBytes),
  MAX_UPLOADS_PER_HOUR: int(1, MAX, DEFAULT_QUOTAS.maxUploadsPerHour),
  CORS_ORIGINS: text(),
  TRUST_PROXY_TLS: flag(false),
  BLOB_ENCRYPTION_KEY: text(),
  TLS_CERT_PATH: text(),
  TLS_KEY_PATH: text(),
  NATS_TLS_CA_PATH: text(),
  NATS_TLS_CERT_PATH: text(),
  NATS_TLS_KEY_PATH: text(),
  DATABASE_SSL_CA_PATH: text(),
});

/** The name of a configuration variable. */
export type ConfigVariable = keyof typeof CONFIG_SCHEMA.properties;
/** The converted value of each variable. */
export type ConfigValues = Static<typeof CONFIG_SCHEMA>;
/** An environment: variable name → raw text. */
export type Env = Readonly<Record<string, string | undefined>>;

/** The names of every configuration variable, in schema order (the README table lists exactly these). */
export const CONFIG_VARIABLES = Object.keys(CONFIG_SCHEMA.properties) as ConfigVariable[];

/** Converted, validated access to the variables of one environment. */
export interface ConfigVariables {
  /** The variable's value, or its schema default; undefined when unset (or empty) and without a default. @throws ConfigError when it is set to something invalid. */
  get<K extends ConfigVariable>(name: K): ConfigValues[K] | undefined;
  /** The variable's value, or its schema default (for variables that have one). @throws ConfigError when invalid. */
  value<K extends ConfigVariable>(name: K): ConfigValues[K];
  /** The variable's raw text (for error messages); undefined when unset. */
  raw(name: ConfigVariable): string | undefined;
}

/** What a schema expects, in words, for {@link ConfigError}. */
function expectedOf(schema: TSchema & { expected?: string }): string {
  if (schema.expected) return schema.expected;
  if (schema.type === "integer") return `an integer from ${schema.minimum} to ${schema.maximum}`;
  if (schema.type === "number") return `a number from ${schema.minimum} to ${schema.maximum}`;
  if (schema.type === "boolean") return "true or false";
  return "a string";
}

/** Converts `raw` to what `schema` holds: numbers for integer/number, `true|1|yes` / `false|0|no` (any case) for booleans. */
function convert(schema: TSchema, raw: string): unknown {
  if (schema.type === "integer" || schema.type === "number") return Number(raw);
  if (schema.type === "boolean") {
    const lower = raw.toLowerCase();
    if (["true", "1", "yes"].includes(lower)) return true;
    if (["false", "0", "no"].includes(lower)) return false;
  }
  return raw;
}

/**
 * Reads the variables of `env` against {@link CONFIG_SCHEMA}: each is converted and validated
 * once, on first access, and remembered. An empty string counts as unset.
 */
export function readConfigVariables(env: Env): ConfigVariables {
  const cache = new Map<ConfigVariable, unknown>();
  const get = <K extends ConfigVariable>(name: K): ConfigValues[K] | undefined => {
    if (cache.has(name)) return cache.get(name) as ConfigValues[K] | undefined;
    const schema = CONFIG_SCHEMA.properties[name] as TSchema & { default?: unknown };
    const raw = env[name];
    let value: unknown;
    if (raw === undefined || raw === "") value = schema.default;
    else {
      value = convert(schema, raw);
      if (!Value.Check(schema, value)) throw new ConfigError(name, raw, expectedOf(schema));
    }
    cache.set(name, value);
    return value as ConfigValues[K] | undefined;
  };
  return {
    get,
    value: (name) => {
      const value = get(name);
      if (value === undefined) throw new Error(`config schema: ${name} has no default`);
      return value;
    },
    raw: (name) => env[name],
  };
}
