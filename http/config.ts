/**
 * Configuration from environment variables, read and checked once at start-up. Every variable,
 * its default and its unit is listed in README.md ("Configuration").
 */
import { DEFAULT_INGEST_CONCURRENCY } from "../actors/ingestion/index.ts";
import { DEFAULT_MAX_UPLOAD_BYTES } from "../actors/ingestion/index.ts";
import { DEFAULT_TOP_K } from "../rag/retriever/index.ts";

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
  readonly chunkingStrategy: (typeof CHUNKING_STRATEGIES)[number];
  readonly ingestConcurrency: number;
  readonly chatTimeoutMs: number;
  readonly agentIdleTimeoutMs: number;
  readonly agentMailboxCapacity: number;
  readonly logLevel: string;
}

/** A variable that is set to something unusable. */
export class ConfigError extends Error {
  readonly code = "invalid_config";
  constructor(readonly variable: string, readonly value: string, expected: string) {
    super(`${variable}=${JSON.stringify(value)} is invalid: expected ${expected}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

/**
 * Reads the configuration from `env` (default `process.env`), applying defaults.
 * @throws ConfigError naming the first invalid variable.
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
  const strategy = env.CHUNKING_STRATEGY || "sentence_5";
  if (!(CHUNKING_STRATEGIES as readonly string[]).includes(strategy)) {
    throw new ConfigError("CHUNKING_STRATEGY", strategy, CHUNKING_STRATEGIES.join(" | "));
  }
  return {
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
    chunkingStrategy: strategy as NavigatorConfig["chunkingStrategy"],
    ingestConcurrency: int("INGEST_CONCURRENCY", DEFAULT_INGEST_CONCURRENCY, 1, 64),
    chatTimeoutMs: int("CHAT_TIMEOUT_MS", DEFAULT_CHAT_TIMEOUT_MS, 100),
    agentIdleTimeoutMs: int("AGENT_IDLE_TIMEOUT_MS", DEFAULT_AGENT_IDLE_TIMEOUT_MS, 1_000),
    agentMailboxCapacity: int("AGENT_MAILBOX_CAPACITY", DEFAULT_AGENT_MAILBOX_CAPACITY, 1, 100_000),
    logLevel: env.LOG_LEVEL || "info",
    ...overrides,
  };
}
