/**
 * Provider settings from the environment (`EMBEDDING_PROVIDER`, `CHAT_PROVIDER`, `OPENAI_*`,
 * `LLAMA_CLOUD_*`; declared in app/config-schema.ts), read once by `loadConfig` into `NavigatorConfig.providers`. Kept apart from
 * app/providers.ts so reading the configuration never loads the provider SDKs.
 */
import { CHAT_PROVIDERS, ConfigError, EMBEDDING_PROVIDERS, readConfigVariables, type ConfigVariables, type Env } from "./config-schema.ts";

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

/**
 * Reads the provider variables of `env` (see {@link providerSection}).
 * @throws ConfigError as {@link providerSection}.
 */
export function parseProviderConfig(env: Env): ProviderConfig {
  return providerSection(readConfigVariables(env));
}

/**
 * Reads the provider variables. `OPENAI_*` are only read (and checked) when a provider is
 * `openai`; LlamaParse turns on with `LLAMA_CLOUD_API_KEY`.
 * @throws ConfigError (never quoting a key) on an unknown provider, a missing `OPENAI_API_KEY`
 *   for an `openai` provider, a base URL that is not http(s), or an out-of-range number.
 */
export function providerSection(v: ConfigVariables): ProviderConfig {
  const embedding = v.value("EMBEDDING_PROVIDER");
  const chat = v.value("CHAT_PROVIDER");
  const text = (name: "OPENAI_API_KEY" | "OPENAI_EMBEDDING_MODEL" | "OPENAI_CHAT_MODEL" | "LLAMA_CLOUD_API_KEY") => v.get(name)?.trim() || undefined;

  let openai: OpenAISettings | undefined;
  if (embedding === "openai" || chat === "openai") {
    const apiKey = text("OPENAI_API_KEY");
    const users = [embedding === "openai" ? "EMBEDDING_PROVIDER=openai" : "", chat === "openai" ? "CHAT_PROVIDER=openai" : ""].filter(Boolean).join(" and ");
    if (!apiKey) throw new ConfigError("OPENAI_API_KEY", "", `an API key, since ${users} (a server that ignores keys accepts any value)`);
    const baseURL = v.get("OPENAI_BASE_URL");
    const embeddingModel = text("OPENAI_EMBEDDING_MODEL");
    const chatModel = text("OPENAI_CHAT_MODEL");
    openai = {
      apiKey,
      ...(baseURL ? { baseURL } : {}),
      ...(embeddingModel ? { embeddingModel } : {}),
      ...(chatModel ? { chatModel } : {}),
      timeoutMs: v.value("OPENAI_TIMEOUT_MS"),
      maxRetries: v.value("OPENAI_MAX_RETRIES"),
    };
  }
  const llamaKey = text("LLAMA_CLOUD_API_KEY");
  const llamaBase = v.get("LLAMA_CLOUD_BASE_URL");
  if (llamaBase && !llamaKey) throw new ConfigError("LLAMA_CLOUD_API_KEY", "", "a key, since LLAMA_CLOUD_BASE_URL is set (the key turns LlamaParse on)");
  const llamaCloud = llamaKey ? { apiKey: llamaKey, ...(llamaBase ? { baseUrl: llamaBase } : {}) } : undefined;
  return { embedding, chat, ...(openai ? { openai } : {}), ...(llamaCloud ? { llamaCloud } : {}) };
}
