/**
 * Provider selection: which embedder, synthesizer and PDF reader a Navigator runs, from
 * `NavigatorConfig.providers` (see app/provider-config.ts), and the start-up guard that keeps
 * vectors of two embedding models out of one index.
 */
import { createTesseractOcr, type OcrEngine, tesseractAvailable } from "../rag/ocr/index.ts";
import type { Repositories } from "../db/index.ts";
import { createHashedEmbedder, HASHED_SIMILARITY_THRESHOLD } from "../rag/embeddings/index.ts";
import { readPdf } from "../rag/pdf/index.ts";
import {
  createLlamaParseReader,
  createOpenAIClient,
  createOpenAIEmbedder,
  createOpenAISynthesizer,
  EmbeddingModelMismatchError,
  DEFAULT_OPENAI_CHAT_MODEL,
  OPENAI_SIMILARITY_THRESHOLD,
  withLocalFallback,
  observeProviderCall,
  retryReporter,
  type ProviderObserver,
} from "../rag/providers/index.ts";
import { createExtractiveSynthesizer } from "../rag/synthesizer/index.ts";
import type { DocumentReader, Embedder, Synthesizer } from "../rag/types.ts";
import { createModelRewriter, type ChatCompletion, type QuestionRewriter } from "../rag/workflow/index.ts";
import { resolveRetryOptions, withRetry } from "../rag/providers/retry.ts";
import type { Logger } from "../runtime/index.ts";
import { DEFAULT_CHUNKER, type Chunker } from "../actors/ingestion/index.ts";
import type { CHUNKING_STRATEGIES, NavigatorConfig } from "./config.ts";
import { DEFAULT_PROVIDER_CONFIG } from "./provider-config.ts";

/** The providers a Navigator runs. */
export interface Providers {
  readonly embedder: Embedder;
  readonly synthesizer: Synthesizer;
  /** The ingestion pipeline's PDF reader: LlamaParse with local fallback, or local only. */
  readonly reader: DocumentReader;
  /**
   * `SIMILARITY_THRESHOLD` when set, else the embedder's calibrated default: 0.4 with OpenAI
   * embeddings (OPENAI_SIMILARITY_THRESHOLD), 0.05 with the hashed embedder (HASHED_SIMILARITY_THRESHOLD).
   */
  readonly similarityThreshold: number;
  /**
   * Follow-up rewriter backed by the chat model (CHAT_PROVIDER=openai), falling back to the rules
   * when the model fails; absent: the agent uses the offline rules.
   */
  readonly rewriter?: QuestionRewriter;
}

/**
 * Builds the providers `config.providers` chooses (absent: the offline defaults). One OpenAI
 * client is shared by embedder and synthesizer; its retries are ours (`OPENAI_MAX_RETRIES`).
 * @throws RangeError from a provider factory on an invalid option (the configuration has been
 *   checked by `loadConfig`, so this means a programming error).
 */
export function providersFor(
  config: Pick<NavigatorConfig, "providers" | "similarityThreshold">,
  deps: { logger: Logger; observer?: ProviderObserver },
): Providers {
  const observer = deps.observer;
  const p = config.providers ?? DEFAULT_PROVIDER_CONFIG;
  const logger = deps.logger.child({ component: "providers" });
  const client = p.openai ? createOpenAIClient({ apiKey: p.openai.apiKey, baseURL: p.openai.baseURL, timeoutMs: p.openai.timeoutMs }) : undefined;
  const retry = { maxAttempts: (p.openai?.maxRetries ?? 0) + 1 };

  const embedder =
    p.embedding === "openai" && client
      ? createOpenAIEmbedder({ client, logger, observer }, { model: p.openai?.embeddingModel, retry })
      : createHashedEmbedder();
  const synthesizer =
    p.chat === "openai" && client ? createOpenAISynthesizer({ client, logger, observer }, { model: p.openai?.chatModel, retry }) : createExtractiveSynthesizer();
  const local: DocumentReader = (bytes) => readPdf(bytes);
  const llamaParse = p.llamaCloud ? createLlamaParseReader({ apiKey: p.llamaCloud.apiKey, baseUrl: p.llamaCloud.baseUrl }) : undefined;
  const observedLlamaParse: DocumentReader | undefined = llamaParse
    ? (bytes, o) => observeProviderCall(observer, { provider: "llamaparse", model: "llamaparse", operation: "parse" }, () => llamaParse(bytes, o))
    : undefined;
  const reader = observedLlamaParse ? withLocalFallback(observedLlamaParse, { logger, fallback: local }) : local;
  const calibrated = p.embedding === "openai" ? OPENAI_SIMILARITY_THRESHOLD : HASHED_SIMILARITY_THRESHOLD;
  let rewriter: QuestionRewriter | undefined;
  if (p.chat === "openai" && client) {
    const model = p.openai?.chatModel ?? DEFAULT_OPENAI_CHAT_MODEL;
    const retryOptions = resolveRetryOptions(retry);
    const call = { provider: "openai", model, operation: "chat" } as const;
    const complete: ChatCompletion = async (messages, o) => {
      const reply = await observeProviderCall(observer, call, () =>
        withRetry(
          () => client.chat.completions.create({ model, messages: [...messages], max_tokens: o.maxTokens, temperature: 0 }, { signal: o.signal }),
          retryOptions,
          { onRetry: retryReporter(observer, call, (n) => logger.warn(n, "rewrite request retried")) },
          o.signal,
        ),
      );
      if (reply.usage) {
        observer?.tokens?.({ ...call, type: "input", count: reply.usage.prompt_tokens });
        observer?.tokens?.({ ...call, type: "output", count: reply.usage.completion_tokens });
      }
      return reply.choices[0]?.message?.content ?? "";
    };
    rewriter = createModelRewriter(complete, { name: `openai:${model}` });
  }
  return { embedder, synthesizer, reader, similarityThreshold: config.similarityThreshold ?? calibrated, rewriter };
}

/**
 * Refuses to run when stored chunks were embedded by another model than `embedder.model`: their
 * vectors are not comparable with the configured model's (searches filter by model, so those
 * documents would silently never be found).
 * @throws EmbeddingModelMismatchError naming every other stored model and `navigator reembed`
 */
export async function assertEmbeddingModel(repos: Pick<Repositories, "embeddingModels">, embedder: Pick<Embedder, "model">): Promise<void> {
  const others = await repos.embeddingModels.otherModels(embedder.model);
  if (others.length > 0) throw new EmbeddingModelMismatchError(embedder.model, others);
}

/**
 * OCR for pages without a text layer (rag/ocr: `pdftoppm` + `tesseract`), or undefined when
 * `OCR_MAX_PAGES` is 0 or the programs are not installed (logged: scanned pages then stay empty).
 */
export function ocrFor(config: Pick<NavigatorConfig, "ocrMaxPages" | "ocrDpi" | "ocrPageTimeoutMs">, deps: { logger: Logger }): OcrEngine | undefined {
  if (config.ocrMaxPages === 0) return undefined;
  if (!tesseractAvailable()) {
    deps.logger.warn({ ocrMaxPages: config.ocrMaxPages }, "OCR unavailable (pdftoppm/tesseract not installed): scanned pages stay empty");
    return undefined;
  }
  return createTesseractOcr({ dpi: config.ocrDpi, pageTimeoutMs: config.ocrPageTimeoutMs });
}

/** The chunker of each `CHUNKING_STRATEGY`. */
const CHUNKERS: Readonly<Record<(typeof CHUNKING_STRATEGIES)[number], Chunker>> = { sentence_5: DEFAULT_CHUNKER };

/** The ingestion chunker `config.chunkingStrategy` names (default `sentence_5`). */
export function chunkerFor(config: Partial<Pick<NavigatorConfig, "chunkingStrategy">>): Chunker {
  return CHUNKERS[config.chunkingStrategy ?? "sentence_5"];
}
