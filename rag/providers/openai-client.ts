/** Builds the `openai` package's client for the embedder and the synthesizer. */
import OpenAI from "openai";
import { DEFAULT_OPENAI_BASE_URL, DEFAULT_OPENAI_TIMEOUT_MS } from "./defaults.ts";

/** Options of {@link createOpenAIClient}. */
export interface OpenAIClientOptions {
  /** Bearer key. Servers that ignore it (Ollama, llama.cpp) still need some value. */
  readonly apiKey: string;
  /**
   * Base URL including the version path, e.g. `https://api.openai.com/v1`,
   * `http://127.0.0.1:11434/v1` (Ollama), `http://127.0.0.1:8000/v1` (vLLM).
   * Default {@link DEFAULT_OPENAI_BASE_URL}.
   */
  readonly baseURL?: string;
  /** Per-request timeout, ms, ≥ 1. Default {@link DEFAULT_OPENAI_TIMEOUT_MS}. */
  readonly timeoutMs?: number;
}

/**
 * Creates a client with the package's own retries off (`maxRetries: 0`): retries are ours
 * (retry.ts), so each is counted and logged once. Never reads `OPENAI_*` from the environment
 * itself: everything comes from `options`.
 * @throws RangeError on an empty key, a base URL that is not http(s), or a bad timeout
 */
export function createOpenAIClient(options: OpenAIClientOptions): OpenAI {
  const baseURL = options.baseURL ?? DEFAULT_OPENAI_BASE_URL;
  const timeout = options.timeoutMs ?? DEFAULT_OPENAI_TIMEOUT_MS;
  if (!options.apiKey) throw new RangeError("apiKey must be a non-empty string");
  if (!/^https?:\/\/[^\s]+$/.test(baseURL)) throw new RangeError(`baseURL must be an http(s) URL, got ${JSON.stringify(baseURL)}`);
  if (!Number.isInteger(timeout) || timeout < 1) throw new RangeError(`timeoutMs must be a positive integer, got ${timeout}`);
  return new OpenAI({ apiKey: options.apiKey, baseURL, timeout, maxRetries: 0 });
}
