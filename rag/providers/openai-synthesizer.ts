/**
 * The LLM synthesizer: a streamed chat completion (`POST /v1/chat/completions`, `stream: true`)
 * over the top retrieved chunks, grounded by prompt.ts, with `[n]` citations mapped to chunks.
 */
import type OpenAI from "openai";
import { expandQuery } from "../glossary/index.ts";
import { NOT_FOUND_TEXT, NOT_FOUND_TEXT_ES } from "../synthesizer/index.ts";
import type { Citation, RetrievedChunk, SynthesizedAnswer, SynthesizeOptions, Synthesizer } from "../types.ts";
import type { Logger } from "../../runtime/index.ts";
import { createCitationRewriter } from "./citations.ts";
import { ProviderError, providerErrorFrom } from "./errors.ts";
import { groundedMessages, NOT_FOUND_SENTINEL } from "./prompt.ts";
import { observeProviderCall, retryReporter, type ProviderObserver } from "./observer.ts";
import { resolveRetryOptions, RetryError, withRetry, type RetryDeps, type RetryOptions } from "./retry.ts";

/** Default chat model. */
export const DEFAULT_OPENAI_CHAT_MODEL = "gpt-4o-mini";
/** Chunks (best `score` first) given to the model: the retriever's `TOP_K` default, 5. */
export const DEFAULT_OPENAI_CONTEXT_CHUNKS = 5;
/** Sampling temperature: 0, the most literal answer. */
export const DEFAULT_OPENAI_TEMPERATURE = 0;
/** Longest answer, tokens. */
export const DEFAULT_OPENAI_MAX_ANSWER_TOKENS = 600;
/** Value of {@link SynthesizedAnswer.provider}. */
export const OPENAI_SYNTHESIZER_PROVIDER = "openai";

/** What the synthesizer needs. */
export interface OpenAISynthesizerDeps extends RetryDeps {
  /** Built by `createOpenAIClient` (its own retries off). */
  readonly client: OpenAI;
  readonly logger?: Logger;
  /** Told each request's duration, token usage and retries (metrics). */
  readonly observer?: ProviderObserver;
}

/** Options of {@link createOpenAISynthesizer}. */
export interface OpenAISynthesizerOptions {
  /** Default {@link DEFAULT_OPENAI_CHAT_MODEL}. */
  readonly model?: string;
  /** Chunks given to the model, 1..50. Default {@link DEFAULT_OPENAI_CONTEXT_CHUNKS}. */
  readonly maxChunks?: number;
  /** 0..2. Default {@link DEFAULT_OPENAI_TEMPERATURE}. */
  readonly temperature?: number;
  /** Positive integer. Default {@link DEFAULT_OPENAI_MAX_ANSWER_TOKENS}. */
  readonly maxTokens?: number;
  /** Retry policy of the request (before the first token only: a started stream is not replayed). */
  readonly retry?: RetryOptions;
}

/**
 * Creates the OpenAI synthesizer. `synthesize(question, candidates)` sends the top `maxChunks`
 * candidates (by `score`) as numbered excerpts; streams the answer through `onDelta` as tokens
 * arrive (pieces concatenated = final `text`); renumbers `[n]` markers by first appearance and
 * drops those pointing at no excerpt; cites the chunk's document and first page.
 *
 * Not found (`found: false`, the standard NOT_FOUND_TEXT / NOT_FOUND_TEXT_ES, no citations, one
 * `onDelta` with that text) when there are no candidates (no model call) or when the model
 * answers {@link NOT_FOUND_SENTINEL} (output is held back until it cannot be that sentinel).
 * An answer without any valid citation is kept as the model wrote it (`found: true`, no citations).
 * @throws RangeError on invalid options
 * @returns a Synthesizer whose `synthesize` rejects with {@link ProviderError} when the request
 *   fails for good (after retries) or the stream breaks, and with `signal.reason` on abort.
 */
export function createOpenAISynthesizer(deps: OpenAISynthesizerDeps, options: OpenAISynthesizerOptions = {}): Synthesizer {
  const model = options.model ?? DEFAULT_OPENAI_CHAT_MODEL;
  const maxChunks = options.maxChunks ?? DEFAULT_OPENAI_CONTEXT_CHUNKS;
  const temperature = options.temperature ?? DEFAULT_OPENAI_TEMPERATURE;
  const maxTokens = options.maxTokens ?? DEFAULT_OPENAI_MAX_ANSWER_TOKENS;
  if (model.trim() === "") throw new RangeError("model must be a non-empty string");
  if (!Number.isInteger(maxChunks) || maxChunks < 1 || maxChunks > 50) throw new RangeError(`maxChunks must be an integer in 1..50, got ${maxChunks}`);
  if (!(temperature >= 0 && temperature <= 2)) throw new RangeError(`temperature must be in 0..2, got ${temperature}`);
  if (!Number.isInteger(maxTokens) || maxTokens < 1) throw new RangeError(`maxTokens must be a positive integer, got ${maxTokens}`);
  const retry = resolveRetryOptions(options.retry);
  const log = deps.logger?.child({ component: "openai-synthesizer", model });
  const provider = OPENAI_SYNTHESIZER_PROVIDER;

  return {
    provider,
    async synthesize(question, chunks, opts: SynthesizeOptions = {}) {
      const language = opts.language ?? (expandQuery(question).spanish ? "es" : undefined);
      const notFound = (): SynthesizedAnswer => {
        const text = language === "es" ? NOT_FOUND_TEXT_ES : NOT_FOUND_TEXT;
        opts.onDelta?.(text);
        return { text, found: false, citations: [], provider };
      };
      const excerpts = [...chunks].sort((a, b) => b.score - a.score).slice(0, maxChunks);
      if (excerpts.length === 0) return notFound();

      const call = { provider: "openai", model, operation: "chat" } as const;
      return observeProviderCall(deps.observer, call, async () => {
      const stream = await withRetry(
        () =>
          deps.client.chat.completions.create(
            {
              model,
              messages: groundedMessages(question, excerpts, language),
              stream: true,
              stream_options: { include_usage: true },
              temperature,
              max_tokens: maxTokens,
            },
            { signal: opts.signal },
          ),
        retry,
        { ...deps, onRetry: retryReporter(deps.observer, call, (n) => log?.warn({ ...n }, "chat request failed; retrying")) },
        opts.signal,
      ).catch((error: unknown) => {
        throw error instanceof RetryError ? providerErrorFrom("openai", "chat", error) : error;
      });

      const rewriter = createCitationRewriter(excerpts.length);
      let raw = "";
      let mode: "undecided" | "answer" | "not_found" = "undecided";
      let text = "";
      const emit = (piece: string) => {
        if (piece === "") return;
        text += piece;
        opts.onDelta?.(piece);
      };
      try {
        for await (const chunk of stream) {
          if (chunk.usage) {
            deps.observer?.tokens?.({ ...call, type: "input", count: chunk.usage.prompt_tokens });
            deps.observer?.tokens?.({ ...call, type: "output", count: chunk.usage.completion_tokens });
          }
          const piece = chunk.choices?.[0]?.delta?.content ?? "";
          if (piece === "") continue;
          if (mode === "answer") {
            emit(rewriter.push(piece));
            continue;
          }
          raw += piece;
          if (mode === "not_found") continue;
          mode = decide(raw.trimStart());
          if (mode === "answer") emit(rewriter.push(raw.trimStart()));
        }
      } catch (error) {
        if (opts.signal?.aborted) throw opts.signal.reason;
        throw new ProviderError(`openai chat failed: the answer stream broke (${(error as Error).message})`, { code: "provider_unavailable", provider: "openai", operation: "chat", retryable: true, attempts: 1, cause: error });
      }
      if (mode === "undecided") mode = decide(raw.trimStart(), true);
      if (mode === "not_found") return notFound();
      emit(rewriter.end());
      const droppedCitationMarkers = rewriter.dropped();
      return { text, found: true, citations: toCitations(rewriter.cited(), excerpts), provider, ...(droppedCitationMarkers ? { droppedCitationMarkers } : {}) };
      });
    },
  };
}

/**
 * Whether output so far is the not-found sentinel, an answer, or still undecided (a proper
 * prefix of the sentinel). At the end of the stream, undecided output (or none) is not found.
 */
function decide(trimmed: string, final = false): "undecided" | "answer" | "not_found" {
  if (trimmed.startsWith(NOT_FOUND_SENTINEL)) return "not_found";
  if (trimmed === "" || NOT_FOUND_SENTINEL.startsWith(trimmed)) return final ? "not_found" : "undecided";
  return "answer";
}

/** Citation `k` (1-based) for the k-th cited excerpt: its document and first page. */
function toCitations(cited: readonly number[], excerpts: readonly RetrievedChunk[]): Citation[] {
  return cited.map((i, k) => {
    const c = excerpts[i]!;
    return { index: k + 1, documentId: c.documentId, filename: c.filename, page: c.pageStart, chunkOrdinal: c.ordinal, score: c.score, text: c.text };
  });
}
