/**
 * The OpenAI embedder (`POST /v1/embeddings` through the `openai` package): any server speaking
 * that wire format works (vLLM, Ollama, llama.cpp) with the client's base URL pointed at it.
 */
import type OpenAI from "openai";
import { l2normalize } from "../embeddings/hashed-embedder.ts";
import type { Embedder } from "../types.ts";
import type { Logger } from "../../runtime/index.ts";
import { OPENAI_MAX_EMBEDDING_INPUTS, OPENAI_MAX_EMBEDDING_REQUEST_TOKENS, planBatches } from "./batching.ts";
import { ProviderError, providerErrorFrom } from "./errors.ts";
import { observeProviderCall, retryReporter, type ProviderObserver } from "./observer.ts";
import { resolveRetryOptions, RetryError, withRetry, type RetryDeps, type RetryOptions } from "./retry.ts";

/** Default embedding model (ARCHITECTURE.md: `text-embedding-3-small`, 1536 dimensions). */
export const DEFAULT_OPENAI_EMBEDDING_MODEL = "text-embedding-3-small";
/** Vector length stored (the `chunks.embedding` column, `EMBEDDING_DIMENSIONS`), and text-embedding-3-small's native length. */
export const DEFAULT_OPENAI_EMBEDDING_DIMENSIONS = 1536;
/**
 * Cosine threshold of a retrieved chunk with OpenAI embeddings: the seed documents' 0.4,
 * calibrated for text-embedding-3-small (ARCHITECTURE.md, "Retrieval parameters").
 */
export const OPENAI_SIMILARITY_THRESHOLD = 0.4;

/** What the embedder needs. */
export interface OpenAIEmbedderDeps extends RetryDeps {
  /** Built by `createOpenAIClient` (its own retries off). */
  readonly client: OpenAI;
  /** Retries are logged here at `warn`. */
  readonly logger?: Logger;
  /** Told each request's duration, token usage and retries (metrics). */
  readonly observer?: ProviderObserver;
}

/** Options of {@link createOpenAIEmbedder}. */
export interface OpenAIEmbedderOptions {
  /** Model id, sent as is and stored with every vector. Default {@link DEFAULT_OPENAI_EMBEDDING_MODEL}. */
  readonly model?: string;
  /** Length of every returned vector, 1..16000. Default {@link DEFAULT_OPENAI_EMBEDDING_DIMENSIONS}. */
  readonly dimensions?: number;
  /**
   * Send `dimensions` in the request (only `text-embedding-3` and later accept it). Default: true
   * for model ids starting `text-embedding-3`, false otherwise.
   */
  readonly requestDimensions?: boolean;
  /** Inputs per request. Default {@link OPENAI_MAX_EMBEDDING_INPUTS}. */
  readonly maxBatchInputs?: number;
  /** Estimated tokens per request. Default {@link OPENAI_MAX_EMBEDDING_REQUEST_TOKENS}. */
  readonly maxBatchTokens?: number;
  /** Retry policy of each request (see retry.ts). */
  readonly retry?: RetryOptions;
}

/**
 * Creates an embedder over an OpenAI-compatible `/embeddings` endpoint. Texts are sent in
 * batches within the API's limits (see batching.ts), in order, one request at a time, with
 * `encoding_format: "float"` (every compatible server supports it). Each request is retried by
 * the retry policy (429 / 5xx / connection failures, honouring `Retry-After`).
 *
 * Vectors are L2-normalised. A model that returns shorter vectors than `dimensions` (e.g. a
 * 768-dimension local model) is zero-padded: padding changes no cosine similarity. Empty texts
 * (the API rejects them) get the zero vector without a request.
 * @throws RangeError on invalid options
 * @returns an Embedder whose methods reject with {@link ProviderError}: `provider_rate_limited`,
 *   `provider_unavailable` (both `retryable`), `provider_rejected` (e.g. 401 bad key, 400), or
 *   `provider_invalid_response` (wrong count, or vectors longer than `dimensions`).
 */
export function createOpenAIEmbedder(deps: OpenAIEmbedderDeps, options: OpenAIEmbedderOptions = {}): Embedder {
  const model = options.model ?? DEFAULT_OPENAI_EMBEDDING_MODEL;
  const dimensions = options.dimensions ?? DEFAULT_OPENAI_EMBEDDING_DIMENSIONS;
  if (model.trim() === "") throw new RangeError("model must be a non-empty string");
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 16_000) throw new RangeError(`dimensions must be an integer in 1..16000, got ${dimensions}`);
  const requestDimensions = options.requestDimensions ?? model.startsWith("text-embedding-3");
  const limits = { maxInputs: options.maxBatchInputs ?? OPENAI_MAX_EMBEDDING_INPUTS, maxTokens: options.maxBatchTokens ?? OPENAI_MAX_EMBEDDING_REQUEST_TOKENS };
  planBatches([], limits); // validates the limits once
  const retry = resolveRetryOptions(options.retry);
  const log = deps.logger?.child({ component: "openai-embedder", model });

  const request = async (inputs: string[]): Promise<Float32Array[]> => {
    const call = { provider: "openai", model, operation: "embeddings" } as const;
    const response = await observeProviderCall(deps.observer, call, () =>
      withRetry(
        () =>
          deps.client.embeddings.create({
            model,
            input: inputs,
            encoding_format: "float",
            ...(requestDimensions ? { dimensions } : {}),
          }),
        retry,
        { ...deps, onRetry: retryReporter(deps.observer, call, (n) => log?.warn({ ...n, inputs: inputs.length }, "embeddings request failed; retrying")) },
      ).catch((error: unknown) => {
        throw error instanceof RetryError ? providerErrorFrom("openai", "embeddings", error) : error;
      }),
    );
    const inputTokens = response.usage?.prompt_tokens;
    if (typeof inputTokens === "number") deps.observer?.tokens?.({ ...call, type: "input", count: inputTokens });
    const data = [...(response.data ?? [])].sort((a, b) => a.index - b.index);
    if (data.length !== inputs.length) throw invalid(`${data.length} vectors for ${inputs.length} inputs`);
    return data.map((d) => toVector(d.embedding));
  };

  const toVector = (values: readonly number[] | string): Float32Array => {
    if (!Array.isArray(values)) throw invalid("embedding is not a float array");
    if (values.length > dimensions) throw invalid(`vectors of ${values.length} dimensions, more than the ${dimensions} stored; choose a model (or dimensions) of at most ${dimensions}`);
    const v = new Float32Array(dimensions);
    v.set(values);
    return l2normalize(v);
  };

  const invalid = (what: string) => new ProviderError(`openai embeddings returned ${what} (model ${model})`, { code: "provider_invalid_response", provider: "openai", operation: "embeddings", retryable: false, attempts: 1 });

  return {
    model,
    dimensions,
    async embedDocuments(texts) {
      const out: Float32Array[] = texts.map(() => new Float32Array(dimensions));
      const nonEmpty = texts.flatMap((t, i) => (t.trim() === "" ? [] : [i]));
      for (const batch of planBatches(nonEmpty.map((i) => texts[i]!), limits)) {
        const indexes = batch.map((b) => nonEmpty[b]!);
        const vectors = await request(indexes.map((i) => texts[i]!));
        indexes.forEach((i, k) => (out[i] = vectors[k]!));
      }
      return out;
    },
    async embedQuery(text) {
      if (text.trim() === "") return new Float32Array(dimensions);
      return (await request([text]))[0]!;
    },
  };
}
