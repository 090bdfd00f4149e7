/** Model providers behind the rag/ interfaces: OpenAI embeddings and chat, LlamaParse, and their retry policy. */
export {
  ESTIMATED_CHARS_PER_TOKEN,
  estimateTokens,
  OPENAI_MAX_EMBEDDING_INPUTS,
  OPENAI_MAX_EMBEDDING_REQUEST_TOKENS,
  planBatches,
  type BatchLimits,
} from "./batching.ts";
export { createCitationRewriter, MAX_MARKER_CHARS, rewriteCitations, type CitationRewriter } from "./citations.ts";
export { EmbeddingModelMismatchError, ProviderError, providerErrorFrom, type ProviderErrorCode } from "./errors.ts";
export {
  createLlamaParseReader,
  DEFAULT_LLAMA_CLOUD_BASE_URL,
  DEFAULT_LLAMAPARSE_CHECK_INTERVAL_S,
  DEFAULT_LLAMAPARSE_TIMEOUT_MS,
  LLAMAPARSE_PAGE_SEPARATOR,
  LLAMAPARSE_PARSER,
  MAX_FALLBACK_REASON_CHARS,
  withLocalFallback,
  type FallbackDeps,
  type LlamaParseReaderOptions,
} from "./llamaparse.ts";
export { DEFAULT_OPENAI_BASE_URL, DEFAULT_OPENAI_MAX_RETRIES, DEFAULT_OPENAI_TIMEOUT_MS } from "./defaults.ts";
export { createOpenAIClient, type OpenAIClientOptions } from "./openai-client.ts";
export {
  createOpenAIEmbedder,
  DEFAULT_OPENAI_EMBEDDING_DIMENSIONS,
  DEFAULT_OPENAI_EMBEDDING_MODEL,
  OPENAI_SIMILARITY_THRESHOLD,
  type OpenAIEmbedderDeps,
  type OpenAIEmbedderOptions,
} from "./openai-embedder.ts";
export {
  createOpenAISynthesizer,
  DEFAULT_OPENAI_CHAT_MODEL,
  DEFAULT_OPENAI_CONTEXT_CHUNKS,
  DEFAULT_OPENAI_MAX_ANSWER_TOKENS,
  DEFAULT_OPENAI_TEMPERATURE,
  OPENAI_SYNTHESIZER_PROVIDER,
  type OpenAISynthesizerDeps,
  type OpenAISynthesizerOptions,
} from "./openai-synthesizer.ts";
export { groundedMessages, LANGUAGE_NAMES, neutralise, NOT_FOUND_SENTINEL, systemPrompt, userPrompt, type PromptMessage } from "./prompt.ts";
export {
  abortableSleep,
  backoffDelayMs,
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_ATTEMPTS,
  DEFAULT_RETRY_MAX_DELAY_MS,
  describeFailure,
  resolveRetryOptions,
  RetryError,
  retryAfterMs,
  withRetry,
  type FailureInfo,
  type RetryDeps,
  type RetryNotice,
  type RetryOptions,
} from "./retry.ts";
export { observeProviderCall, retryReporter, type GenAiOperation, type ProviderObserver } from "./observer.ts";
