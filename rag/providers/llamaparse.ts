/**
 * LlamaParse through llamaindex's reader (`LlamaParseReader` of `llama-cloud-services`), with the
 * local reader as fallback. The reader's module is loaded on first use only (it costs ~300 ms to
 * import), so a server without `LLAMA_CLOUD_API_KEY` never loads it.
 *
 * Wire format used by the reader (and by the test's fake server): `POST {baseUrl}/api/v1/parsing/upload`
 * (multipart, `file` + options) → `{id}`; `GET /api/v1/parsing/job/{id}` → `{status: "PENDING" |
 * "SUCCESS" | "ERROR" …}`; `GET /api/v1/parsing/job/{id}/result/text` → `{text}`, pages joined by
 * the `page_separator` sent with the upload.
 */
import { readPdf } from "../pdf/reader.ts";
import { stripRepeatedLines } from "../pdf/furniture.ts";
import { normalizePageText } from "../pdf/layout.ts";
import type { DocumentReader, ParsedDocument } from "../types.ts";
import type { Logger } from "../../runtime/index.ts";
import { ProviderError } from "./errors.ts";

/** Value of `ParsedDocument.parser` for documents LlamaParse read. */
export const LLAMAPARSE_PARSER = "llamaparse";
/** LlamaCloud's API (the reader's own default). */
export const DEFAULT_LLAMA_CLOUD_BASE_URL = "https://api.cloud.llamaindex.ai";
/** Longest wait for one document's parse (upload, polling, result), milliseconds; then the local reader takes over. */
export const DEFAULT_LLAMAPARSE_TIMEOUT_MS = 180_000;
/** First wait between job-status polls, seconds (the reader's own default; it grows linearly to 5 s). */
export const DEFAULT_LLAMAPARSE_CHECK_INTERVAL_S = 1;
/**
 * Page separator requested from LlamaParse: unlikely in any document, so pages split back exactly.
 * No line breaks in it: multipart form fields carry `\n` as `\r\n` (HTML form encoding), so the
 * result is split at the marker with any whitespace around it.
 */
export const LLAMAPARSE_PAGE_SEPARATOR = "<<<navigator-page-break>>>";
/** Longest failure reason kept in the parser field, characters. */
export const MAX_FALLBACK_REASON_CHARS = 200;

/** Options of {@link createLlamaParseReader}. */
export interface LlamaParseReaderOptions {
  /** `LLAMA_CLOUD_API_KEY`. */
  readonly apiKey: string;
  /** Default {@link DEFAULT_LLAMA_CLOUD_BASE_URL}. */
  readonly baseUrl?: string;
  /** Positive integer, ms. Default {@link DEFAULT_LLAMAPARSE_TIMEOUT_MS}. */
  readonly timeoutMs?: number;
  /** > 0, seconds. Default {@link DEFAULT_LLAMAPARSE_CHECK_INTERVAL_S}. */
  readonly checkIntervalSeconds?: number;
}

/**
 * Creates a reader that sends the PDF to LlamaParse (result type `text`, pages joined by
 * {@link LLAMAPARSE_PAGE_SEPARATOR} and split back here) and normalises each page as the local reader does
 * (`normalizePageText`, `stripRepeatedLines`). No fallback here: see {@link withLocalFallback}.
 *
 * Known limit: the reader cannot be cancelled; after `timeoutMs` this call rejects, but a job
 * that stays PENDING keeps being polled in the background until the reader's own timeout.
 * @throws RangeError on invalid options
 * @returns a DocumentReader rejecting with {@link ProviderError} (`provider_unavailable`) on any
 *   failure: network, HTTP status, job error, timeout, or no text at all.
 */
export function createLlamaParseReader(options: LlamaParseReaderOptions): DocumentReader {
  const baseUrl = options.baseUrl ?? DEFAULT_LLAMA_CLOUD_BASE_URL;
  const timeoutMs = options.timeoutMs ?? DEFAULT_LLAMAPARSE_TIMEOUT_MS;
  const checkInterval = options.checkIntervalSeconds ?? DEFAULT_LLAMAPARSE_CHECK_INTERVAL_S;
  if (!options.apiKey) throw new RangeError("apiKey must be a non-empty string");
  if (!/^https?:\/\/\S+$/.test(baseUrl)) throw new RangeError(`baseUrl must be an http(s) URL, got ${JSON.stringify(baseUrl)}`);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new RangeError(`timeoutMs must be a positive integer, got ${timeoutMs}`);
  if (!(checkInterval > 0)) throw new RangeError(`checkIntervalSeconds must be > 0, got ${checkInterval}`);
  const fail = (message: string, cause?: unknown) =>
    new ProviderError(`llamaparse failed: ${message}`, { code: "provider_unavailable", provider: "llamaparse", operation: "parse", retryable: true, attempts: 1, cause });

  return async (bytes, readOptions = {}) => {
    const { LlamaParseReader } = await import("llama-cloud-services/reader");
    const reader = new LlamaParseReader({
      apiKey: options.apiKey,
      baseUrl,
      resultType: "text",
      verbose: false,
      ignoreErrors: false,
      splitByPage: false,
      pageSeparator: LLAMAPARSE_PAGE_SEPARATOR,
      checkInterval,
      maxTimeout: Math.ceil(timeoutMs / 1000),
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(fail(`no result within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const docs = await Promise.race([reader.loadDataAsContent(new Uint8Array(bytes), readOptions.filename ?? "document.pdf"), timeout]);
      const split = new RegExp(`\\s*${LLAMAPARSE_PAGE_SEPARATOR}\\s*`);
      const texts = docs.flatMap((d) => (d.text ?? "").split(split)).map(normalizePageText);
      if (texts.every((t) => t.trim() === "")) throw fail(`no text in the result (${docs.length} page(s))`);
      const pages = stripRepeatedLines(texts).map((text, i) => ({ page: i + 1, text }));
      return { pages, parser: LLAMAPARSE_PARSER };
    } catch (error) {
      throw error instanceof ProviderError ? error : fail(describe(error), error);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** A readable reason from whatever the reader threw (an Error, or the API's error body such as `{detail}`). */
function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === "object") {
    const e = error as { detail?: unknown; message?: unknown };
    const detail = e.detail ?? e.message;
    return typeof detail === "string" ? detail : JSON.stringify(detail ?? error);
  }
  return String(error);
}

/** What {@link withLocalFallback} needs. */
export interface FallbackDeps {
  /** The fallback is logged here at `warn`. */
  readonly logger?: Logger;
  /** Default: the local unpdf reader. */
  readonly fallback?: DocumentReader;
}

/**
 * Reads with `primary`; on any failure reads locally instead and says so in the result's
 * `parser`: `unpdf (llamaparse failed: <reason>)`. That field is stored on the document
 * (`documents.parser`), so the document's record tells which reader produced its text and why.
 * @throws whatever the fallback throws (the file is unreadable: `invalid_pdf`, `no_text` …)
 */
export function withLocalFallback(primary: DocumentReader, deps: FallbackDeps = {}): DocumentReader {
  const fallback = deps.fallback ?? ((bytes: Uint8Array) => readPdf(bytes));
  return async (bytes, options) => {
    try {
      return await primary(bytes, options);
    } catch (error) {
      const reason = ((error as Error)?.message ?? String(error)).replace(/^llamaparse failed: /, "").slice(0, MAX_FALLBACK_REASON_CHARS);
      deps.logger?.warn({ err: reason, filename: options?.filename }, "LlamaParse failed; parsing locally");
      const local: ParsedDocument = await fallback(bytes, options);
      return { ...local, parser: `${local.parser} (llamaparse failed: ${reason})` };
    }
  };
}
