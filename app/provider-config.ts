/**
 * Provider settings from the environment (`EMBEDDING_PROVIDER`, `CHAT_PROVIDER`, `OPENAI_*`,
 * `LLAMA_CLOUD_*`), read once by `loadConfig` into `NavigatorConfig.providers`. Kept apart from
 * app/providers.ts so reading the configuration never loads the provider SDKs.
 */
import { DEFAULT_OPENAI_MAX_RETRIES, DEFAULT_OPENAI_TIMEOUT_MS } from "../rag/providers/defaults.ts";
import { ConfigError } from "./config.ts";

/** Embedders that `EMBEDDING_PROVIDER` chooses from: the offline hashed embedder, or OpenAI (or a compatible server). */
export const EMBEDDING_PROVIDERS = ["hashed", "openai"] as const;
/** Synthesizers that `CHAT_PROVIDER` chooses from: the offline extractive one, or an OpenAI chat model. */
export const CHAT_PROVIDERS = ["extractive", "openai"] as const;
/** Largest `OPENAI_MAX_RETRIES`. */
export const MAX_OPENAI_MAX_RETRIES = 10;

/** OpenAI (or compatible server) settings; present when either provider is `openai`. */
export interface OpenAISettings {
  /** `OPENAI_API_KEY` (required; servers that ignore it accept any value). */
  readonly apiKey: string;
  /** `OPENAI_BASE_URL`; absent means OpenAI's API. */
  readonly baseURL?: string;
  /** `OPENAI_EMBEDDING_MODEL`; absent means `text-embedding-3-small`. */
  readonly embeddingModel?: string;
  /** `OPENAI_CHAT_MODEL`; absent means `gpt-4o-mini`. */
  readonly chatModel?: string;
  /** `OPENAI_TIMEOUT_MS`, per request, milliseconds. */
  readonly timeoutMs: number;
  /** `OPENAI_MAX_RETRIES`, retries after the first attempt (429, 5xx, connection failures). */
  readonly maxRetries: number;
}

/** Which providers run, and their settings. */
export interface ProviderConfig {
  readonly embedding: (typeof EMBEDDING_PROVIDERS)[number];
  readonly chat: (typeof CHAT_PROVIDERS)[number];
  readonly openai?: OpenAISettings;
  /** LlamaParse, when `LLAMA_CLOUD_API_KEY` is set (`LLAMA_CLOUD_BASE_URL` optional). */
  readonly llamaCloud?: { readonly apiKey: string; readonly baseUrl?: string };
}

/** The offline defaults: hashed embedder, extractive synthesizer, local parsing. */
export const DEFAULT_PROVIDER_CONFIG: ProviderConfig = { embedding: "hashed", chat: "extractive" };

type Env = Record<string, string | undefined>;

/**
 * Reads the provider variables. `OPENAI_*` are only read (and checked) when a provider is
 * `openai`; LlamaParse turns on with `LLAMA_CLOUD_API_KEY`.
 * @throws ConfigError (never quoting a key) on an unknown provider, a missing `OPENAI_API_KEY`
 *   for an `openai` provider, a base URL that is not http(s), or an out-of-range number.
 */
export function parseProviderConfig(env: Env): ProviderConfig {
  const choice = <T extends string>(name: string, allowed: readonly T[], def: T): T => {
    const raw = env[name];
    if (raw === undefined || raw === "") return def;
    if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(name, raw, allowed.join(" | "));
    return raw as T;
  };
  const embedding = choice("EMBEDDING_PROVIDER", EMBEDDING_PROVIDERS, "hashed");
  const chat = choice("CHAT_PROVIDER", CHAT_PROVIDERS, "extractive");
  const url = (name: string) => {
    const raw = env[name];
    if (raw === undefined || raw === "") return undefined;
    if (!/^https?:\/\/\S+$/.test(raw)) throw new ConfigError(name, raw, "an http(s) URL");
    return raw;
  };
  const int = (name: string, def: number, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === "") return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(name, raw, `an integer from ${min} to ${max}`);
    return n;
  };
  const text = (name: string) => env[name]?.trim() || undefined;

  let openai: OpenAISettings | undefined;
  if (embedding === "openai" || chat === "openai") {
    const apiKey = text("OPENAI_API_KEY");
    const users = [embedding === "openai" ? "EMBEDDING_PROVIDER=openai" : "", chat === "openai" ? "CHAT_PROVIDER=openai" : ""].filter(Boolean).join(" and ");
    if (!apiKey) throw new ConfigError("OPENAI_API_KEY", "", `an API key, since ${users} (a server that ignores keys accepts any value)`);
    const baseURL = url("OPENAI_BASE_URL");
    const embeddingModel = text("OPENAI_EMBEDDING_MODEL");
    const chatModel = text("OPENAI_CHAT_MODEL");
    openai = {
      apiKey,
      ...(baseURL ? { baseURL } : {}),
      ...(embeddingModel ? { embeddingModel } : {}),
      ...(chatModel ? { chatModel } : {}),
      timeoutMs: int("OPENAI_TIMEOUT_MS", DEFAULT_OPENAI_TIMEOUT_MS, 100, 3_600_000),
      maxRetries: int("OPENAI_MAX_RETRIES", DEFAULT_OPENAI_MAX_RETRIES, 0, MAX_OPENAI_MAX_RETRIES),
    };
  }
  const llamaKey = text("LLAMA_CLOUD_API_KEY");
  const llamaBase = url("LLAMA_CLOUD_BASE_URL");
  if (llamaBase && !llamaKey) throw new ConfigError("LLAMA_CLOUD_API_KEY", "", "a key, since LLAMA_CLOUD_BASE_URL is set (the key turns LlamaParse on)");
  const llamaCloud = llamaKey ? { apiKey: llamaKey, ...(llamaBase ? { baseUrl: llamaBase } : {}) } : undefined;
  return { embedding, chat, ...(openai ? { openai } : {}), ...(llamaCloud ? { llamaCloud } : {}) };
}
