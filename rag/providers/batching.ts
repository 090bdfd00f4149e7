/**
 * Splits embedding inputs into requests within the OpenAI embeddings API's limits. The limits are
 * stated in the API reference of `POST /v1/embeddings` (and the `openai` package's
 * `EmbeddingCreateParams.input` docs): an input array holds at most 2,048 items, each at most
 * 8,192 tokens, and all inputs of one request at most 300,000 tokens together.
 */

/** Inputs per embeddings request (OpenAI API reference, `input`: "any array must be 2048 dimensions or less"). */
export const OPENAI_MAX_EMBEDDING_INPUTS = 2_048;
/** Tokens summed over one request's inputs (OpenAI API reference: "a maximum of 300,000 tokens summed across all inputs"). */
export const OPENAI_MAX_EMBEDDING_REQUEST_TOKENS = 300_000;
/**
 * Characters per token assumed when estimating (no tokenizer is a dependency). OpenAI's rule of
 * thumb is about 4 characters per token of English text; 3 over-counts English and covers digits,
 * punctuation and most other Latin-script text, so batches stay under the token cap.
 */
export const ESTIMATED_CHARS_PER_TOKEN = 3;

/** Conservative token count of `text`: ⌈characters / {@link ESTIMATED_CHARS_PER_TOKEN}⌉, at least 1. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / ESTIMATED_CHARS_PER_TOKEN));
}

/** Limits of {@link planBatches}. */
export interface BatchLimits {
  /** Inputs per request, ≥ 1. Default {@link OPENAI_MAX_EMBEDDING_INPUTS}. */
  readonly maxInputs?: number;
  /** Estimated tokens per request, ≥ 1. Default {@link OPENAI_MAX_EMBEDDING_REQUEST_TOKENS}. */
  readonly maxTokens?: number;
  /** Token estimate of one input. Default {@link estimateTokens}. */
  readonly estimate?: (text: string) => number;
}

/**
 * Groups input indexes into consecutive batches of at most `maxInputs` items and `maxTokens`
 * estimated tokens. An input estimated above `maxTokens` on its own goes alone in its batch (the
 * API then judges it). Order is kept: concatenating the batches gives 0..n-1.
 * @returns arrays of indexes into `texts`
 * @throws RangeError when a limit is not a positive integer
 */
export function planBatches(texts: readonly string[], limits: BatchLimits = {}): number[][] {
  const maxInputs = limits.maxInputs ?? OPENAI_MAX_EMBEDDING_INPUTS;
  const maxTokens = limits.maxTokens ?? OPENAI_MAX_EMBEDDING_REQUEST_TOKENS;
  const estimate = limits.estimate ?? estimateTokens;
  if (!Number.isInteger(maxInputs) || maxInputs < 1) throw new RangeError(`maxInputs must be a positive integer, got ${maxInputs}`);
  if (!Number.isInteger(maxTokens) || maxTokens < 1) throw new RangeError(`maxTokens must be a positive integer, got ${maxTokens}`);
  const batches: number[][] = [];
  let current: number[] = [];
  let tokens = 0;
  texts.forEach((text, i) => {
    const t = estimate(text);
    if (current.length > 0 && (current.length >= maxInputs || tokens + t > maxTokens)) {
      batches.push(current);
      current = [];
      tokens = 0;
    }
    current.push(i);
    tokens += t;
  });
  if (current.length > 0) batches.push(current);
  return batches;
}
