/** Named errors of the model providers (OpenAI, LlamaParse) and of the embedding-model guard. */
import { NavigatorError } from "../../runtime/index.ts";
import type { RetryError } from "./retry.ts";

/** Machine-readable codes of {@link ProviderError}. */
export type ProviderErrorCode =
  /** Still HTTP 429 after the retries (or the server asked to wait too long). Retryable later. */
  | "provider_rate_limited"
  /** 5xx, connection failure or timeout after the retries. Retryable later. */
  | "provider_unavailable"
  /** A status another attempt will not fix (400, 401, 403, 404, 422 …): request or credentials. */
  | "provider_rejected"
  /** The provider answered, but not with what was asked (wrong count or length of vectors). */
  | "provider_invalid_response";

/**
 * A provider call failed for good (after the retry policy). `status` is the last HTTP status
 * (undefined for a connection failure); `retryable` says whether a later attempt (the ingestion
 * queue's) may succeed; both are read by the ingestion's error classification, so a job's
 * `last_error` carries this message.
 */
export class ProviderError extends NavigatorError<ProviderErrorCode> {
  readonly code: ProviderErrorCode;
  /** `"openai"`, `"llamaparse"`. */
  readonly provider: string;
  /** `"embeddings"`, `"chat"`, `"parse"`. */
  readonly operation: string;
  /** Attempts made, ≥ 1. */
  readonly attempts: number;
  /** The last HTTP status; undefined for a connection failure. */
  readonly status?: number;
  constructor(
    message: string,
    fields: {
      readonly code: ProviderErrorCode;
      readonly provider: string;
      readonly operation: string;
      readonly attempts: number;
      readonly status?: number;
      readonly retryable: boolean;
      readonly cause?: unknown;
    },
  ) {
    super(message, { retryable: fields.retryable, cause: fields.cause });
    this.code = fields.code;
    this.provider = fields.provider;
    this.operation = fields.operation;
    this.attempts = fields.attempts;
    this.status = fields.status;
  }
}

/**
 * Turns the retry policy's final failure into a {@link ProviderError} whose message names the
 * provider, the operation, the status and the provider's own message, e.g.
 * `openai embeddings failed: HTTP 429: Rate limit reached … (gave up after 4 attempts)`.
 */
export function providerErrorFrom(provider: string, operation: string, error: RetryError): ProviderError {
  const { status, retryable } = error.failure;
  const code: ProviderErrorCode = status === 429 ? "provider_rate_limited" : retryable ? "provider_unavailable" : "provider_rejected";
  return new ProviderError(`${provider} ${operation} failed: ${error.message}`, { code, provider, operation, retryable, attempts: error.attempts, status, cause: error.cause });
}

/**
 * The database holds vectors of another embedding model than the configured one: vectors of two
 * models are not comparable, so the server refuses to start until `navigator reembed` has
 * re-embedded them (or the previous model is configured again).
 */
export class EmbeddingModelMismatchError extends NavigatorError<"embedding_model_mismatch"> {
  readonly code = "embedding_model_mismatch";
  constructor(
    /** The configured embedder's model. */
    readonly configured: string,
    /** Models found in the database other than `configured`, with their chunk counts. */
    readonly stored: readonly { readonly model: string; readonly chunks: number }[],
  ) {
    const found = stored.map((s) => `${s.model} (${s.chunks} chunk${s.chunks === 1 ? "" : "s"})`).join(", ");
    super(
      `the database holds vectors of embedding model ${found}, but the configured model is ${configured}; ` +
        `vectors of two models never mix: run \`navigator reembed\` to re-embed them with ${configured}, or configure the previous model again`,
    );
  }
}
