/**
 * Provider-call telemetry after the OpenTelemetry GenAI semantic conventions
 * (https://opentelemetry.io/docs/specs/semconv/gen-ai/): each call to a model provider runs in a
 * CLIENT span `{gen_ai.operation.name} {gen_ai.request.model}` with `gen_ai.*` attributes (never
 * the prompt, the question or the documents), and reports its duration, token usage, retries and
 * 429s to a {@link ProviderObserver} (the composition root's metrics).
 */
import { SpanKind, withSpan } from "../../runtime/index.ts";
import type { RetryNotice } from "./retry.ts";

/** `gen_ai.operation.name` of a provider call. */
export type GenAiOperation = "chat" | "embeddings" | "parse";

/** Receives provider events (every method optional; must not throw). */
export interface ProviderObserver {
  /** A call ended after `seconds`; `errorType` is the error's `code` (or its class name) when it failed. */
  operation?(call: { provider: string; model: string; operation: GenAiOperation; seconds: number; errorType?: string }): void;
  /** Tokens a call used, by `gen_ai.token.type` (`input` or `output`). */
  tokens?(call: { provider: string; model: string; operation: GenAiOperation; type: "input" | "output"; count: number }): void;
  /** A failed attempt will be retried; `status` is its HTTP status (429 = rate limited), absent for connection failures. */
  retry?(call: { provider: string; operation: GenAiOperation; status?: number }): void;
}

/**
 * Runs `fn` in the span of one provider call and reports its duration to `observer`.
 * @returns what `fn` returns; rethrows its error after recording it.
 */
export async function observeProviderCall<T>(
  observer: ProviderObserver | undefined,
  call: { provider: string; model: string; operation: GenAiOperation },
  fn: () => Promise<T>,
): Promise<T> {
  const startedAt = performance.now();
  const attributes = { "gen_ai.operation.name": call.operation, "gen_ai.provider.name": call.provider, "gen_ai.request.model": call.model };
  try {
    const value = await withSpan(`${call.operation} ${call.model}`, attributes, fn, { kind: SpanKind.CLIENT });
    observer?.operation?.({ ...call, seconds: (performance.now() - startedAt) / 1000 });
    return value;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const errorType = typeof code === "string" ? code : error instanceof Error ? error.name : "error";
    observer?.operation?.({ ...call, seconds: (performance.now() - startedAt) / 1000, errorType });
    throw error;
  }
}

/** An `onRetry` callback that reports the retry to `observer` (then calls `andThen`, e.g. a log line). */
export function retryReporter(
  observer: ProviderObserver | undefined,
  call: { provider: string; operation: GenAiOperation },
  andThen: (notice: RetryNotice) => void,
): (notice: RetryNotice) => void {
  return (notice) => {
    observer?.retry?.({ ...call, ...(notice.status === undefined ? {} : { status: notice.status }) });
    andThen(notice);
  };
}
