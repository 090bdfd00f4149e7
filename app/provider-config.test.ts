import { describe, expect, test } from "bun:test";
import { configError } from "../test/support/config.ts";
import pino from "pino";
import type { Logger } from "../runtime/index.ts";
import { loadConfig } from "./config.ts";
import { DEFAULT_PROVIDER_CONFIG, parseProviderConfig } from "./provider-config.ts";
import { providersFor } from "./providers.ts";

const logger = pino({ level: "silent" }) as unknown as Logger;


describe("provider configuration", () => {
  test("defaults are offline: hashed embedder, extractive synthesizer, local parsing", () => {
    expect(parseProviderConfig({})).toEqual(DEFAULT_PROVIDER_CONFIG);
    expect(loadConfig({}).providers).toEqual({ embedding: "hashed", chat: "extractive" });
    // OPENAI_* are not read without an openai provider.
    expect(parseProviderConfig({ OPENAI_API_KEY: "sk-x", OPENAI_TIMEOUT_MS: "oops" })).toEqual(DEFAULT_PROVIDER_CONFIG);
  });

  test("openai providers read OPENAI_* with defaults", () => {
    const p = parseProviderConfig({ EMBEDDING_PROVIDER: "openai", CHAT_PROVIDER: "openai", OPENAI_API_KEY: "sk-test" });
    expect(p).toEqual({ embedding: "openai", chat: "openai", openai: { apiKey: "sk-test", timeoutMs: 60_000, maxRetries: 3 } });
    const q = parseProviderConfig({
      EMBEDDING_PROVIDER: "openai",
      OPENAI_API_KEY: "ollama",
      OPENAI_BASE_URL: "http://127.0.0.1:11434/v1",
      OPENAI_EMBEDDING_MODEL: "nomic-embed-text",
      OPENAI_CHAT_MODEL: "llama3.2",
      OPENAI_TIMEOUT_MS: "5000",
      OPENAI_MAX_RETRIES: "0",
    });
    expect(q.openai).toEqual({
      apiKey: "ollama",
      baseURL: "http://127.0.0.1:11434/v1",
      embeddingModel: "nomic-embed-text",
      chatModel: "llama3.2",
      timeoutMs: 5000,
      maxRetries: 0,
    });
  });

  test("a chosen openai provider without OPENAI_API_KEY fails at start, naming the variable and why", () => {
    const e = configError(() => loadConfig({ EMBEDDING_PROVIDER: "openai" }));
    expect(e.variable).toBe("OPENAI_API_KEY");
    expect(e.message).toContain("EMBEDDING_PROVIDER=openai");
    expect(configError(() => parseProviderConfig({ CHAT_PROVIDER: "openai", OPENAI_API_KEY: "  " })).message).toContain("CHAT_PROVIDER=openai");
  });

  test("invalid values name their variable and never quote a key", () => {
    expect(configError(() => parseProviderConfig({ EMBEDDING_PROVIDER: "cohere" })).variable).toBe("EMBEDDING_PROVIDER");
    expect(configError(() => parseProviderConfig({ CHAT_PROVIDER: "gpt" })).variable).toBe("CHAT_PROVIDER");
    const base = { EMBEDDING_PROVIDER: "openai", OPENAI_API_KEY: "sk-secret" };
    const url = configError(() => parseProviderConfig({ ...base, OPENAI_BASE_URL: "localhost:8000" }));
    expect(url.variable).toBe("OPENAI_BASE_URL");
    expect(url.message).not.toContain("sk-secret");
    expect(configError(() => parseProviderConfig({ ...base, OPENAI_MAX_RETRIES: "11" })).variable).toBe("OPENAI_MAX_RETRIES");
    expect(configError(() => parseProviderConfig({ ...base, OPENAI_TIMEOUT_MS: "1.5" })).variable).toBe("OPENAI_TIMEOUT_MS");
    expect(configError(() => parseProviderConfig({ LLAMA_CLOUD_BASE_URL: "http://127.0.0.1:1" })).variable).toBe("LLAMA_CLOUD_API_KEY");
  });

  test("LLAMA_CLOUD_API_KEY turns LlamaParse on, with an optional base URL", () => {
    expect(parseProviderConfig({ LLAMA_CLOUD_API_KEY: "llx-1" }).llamaCloud).toEqual({ apiKey: "llx-1" });
    expect(parseProviderConfig({ LLAMA_CLOUD_API_KEY: "llx-1", LLAMA_CLOUD_BASE_URL: "http://127.0.0.1:9" }).llamaCloud).toEqual({ apiKey: "llx-1", baseUrl: "http://127.0.0.1:9" });
  });
});

describe("providersFor", () => {
  test("offline defaults; the similarity threshold is the embedder's calibrated one unless SIMILARITY_THRESHOLD is set", () => {
    const offline = providersFor(loadConfig({}), { logger });
    expect([offline.embedder.model, offline.synthesizer.provider, offline.similarityThreshold]).toEqual(["navigator-hashed-v1", "extractive", 0.05]);
    const openai = providersFor(loadConfig({ EMBEDDING_PROVIDER: "openai", CHAT_PROVIDER: "openai", OPENAI_API_KEY: "k" }), { logger });
    expect([openai.embedder.model, openai.embedder.dimensions, openai.synthesizer.provider, openai.similarityThreshold]).toEqual([
      "text-embedding-3-small",
      1536,
      "openai",
      0.4,
    ]);
    const set = providersFor(loadConfig({ EMBEDDING_PROVIDER: "openai", OPENAI_API_KEY: "k", SIMILARITY_THRESHOLD: "0.3", OPENAI_EMBEDDING_MODEL: "m" }), { logger });
    expect([set.embedder.model, set.synthesizer.provider, set.similarityThreshold]).toEqual(["m", "extractive", 0.3]);
  });
});
