/**
 * Limits of one document's preparation (parse → chunk → embed), each with the `last_error` code a
 * job fails with when the document goes past it. They bound what one upload can cost: a 788 KB
 * PDF of 5,000 blank pages or a 182 KB PDF whose content stream inflates to 50 MB of text would
 * otherwise parse for a minute and take gigabytes (measured, issue 13).
 */
import { heapSize } from "bun:jsc";
import { NavigatorError } from "../../../runtime/index.ts";

/** Default most pages per PDF (`MAX_PDF_PAGES`). The largest corpus document (an EOC) has 232. */
export const DEFAULT_MAX_PDF_PAGES = 2_000;
/** Default most extracted text per document, bytes of UTF-8 (`MAX_EXTRACTED_TEXT_BYTES`): 20 MiB. The 232-page EOC has ~1 MB. */
export const DEFAULT_MAX_EXTRACTED_TEXT_BYTES = 20 * 1024 * 1024;
/** Default most chunks per document (`MAX_CHUNKS_PER_DOCUMENT`). The 232-page EOC makes ~1,300. */
export const DEFAULT_MAX_CHUNKS_PER_DOCUMENT = 20_000;
/** Default wall-time budget of one preparation in a worker, milliseconds (`PARSE_TIMEOUT_MS`). The EOC takes ~1–3 s. */
export const DEFAULT_PARSE_TIMEOUT_MS = 120_000;
/** Default heap budget of one ingestion worker, bytes (`INGEST_WORKER_MAX_HEAP_BYTES`): 1 GiB. */
export const DEFAULT_WORKER_MAX_HEAP_BYTES = 1024 * 1024 * 1024;

/** `last_error` codes of documents past a limit. All are final (another attempt would fail the same way). */
export type LimitCode = "too_many_pages" | "text_too_large" | "too_many_chunks" | "parse_timeout" | "parse_memory_exceeded";

/** The limits a preparation runs under (all positive integers). */
export interface IngestionLimits {
  /** Most pages per PDF. Default {@link DEFAULT_MAX_PDF_PAGES}. */
  readonly maxPdfPages: number;
  /** Most extracted text, UTF-8 bytes over all pages. Default {@link DEFAULT_MAX_EXTRACTED_TEXT_BYTES}. */
  readonly maxExtractedTextBytes: number;
  /** Most chunks per document. Default {@link DEFAULT_MAX_CHUNKS_PER_DOCUMENT}. */
  readonly maxChunksPerDocument: number;
  /**
   * Heap budget of the thread preparing, bytes: its JS heap, checked after the first page and then
   * at most every {@link HEAP_CHECK_INTERVAL_MS}. Default {@link DEFAULT_WORKER_MAX_HEAP_BYTES}.
   */
  readonly maxHeapBytes: number;
}

/** The default {@link IngestionLimits}. */
export const DEFAULT_INGESTION_LIMITS: IngestionLimits = {
  maxPdfPages: DEFAULT_MAX_PDF_PAGES,
  maxExtractedTextBytes: DEFAULT_MAX_EXTRACTED_TEXT_BYTES,
  maxChunksPerDocument: DEFAULT_MAX_CHUNKS_PER_DOCUMENT,
  maxHeapBytes: DEFAULT_WORKER_MAX_HEAP_BYTES,
};

/**
 * Fills and checks limits.
 * @throws RangeError when a given limit is not a positive integer
 */
export function resolveLimits(partial: Partial<IngestionLimits> = {}): IngestionLimits {
  const limits = { ...DEFAULT_INGESTION_LIMITS, ...partial };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  return limits;
}

/**
 * A document went past a limit. `retryable` is false; `recycle` asks a worker pool to replace
 * the worker (set for the memory budget, whose heap should not be reused).
 */
export class LimitExceededError extends NavigatorError<LimitCode> {
  readonly recycle: boolean;
  constructor(
    readonly code: LimitCode,
    message: string,
  ) {
    super(message);
    this.recycle = code === "parse_memory_exceeded";
  }
}

/**
 * Bytes of the calling thread's JS heap (`bun:jsc` `heapSize`; typed-array backing stores are not
 * counted). During a pdf.js parse a call takes ~0.66 ms of the thread's CPU (issue 13: 350 calls
 * over 5 reads of the 232-page EOC, thread CPU time); `process.memoryUsage().heapUsed`, the same
 * figure, took ~1.39 ms there (it is only cheaper on an idle heap). Not `heapStats()`: it walks
 * the heap (~100 ms a call, measured).
 */
export function threadHeapBytes(): number {
  return heapSize();
}

/**
 * CPU time of the calling thread, milliseconds (`process.threadCpuUsage()`, user + system): what
 * paces the heap checks. On a loaded machine a parse's wall time is several times its CPU time,
 * and its allocations follow the CPU time.
 */
export function threadCpuMs(): number {
  const u = (process as unknown as { threadCpuUsage(): { user: number; system: number } }).threadCpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Least CPU time of the preparing thread between two heap checks, milliseconds. A 232-page EOC
 * (~0.6 s of CPU) is checked ~12 times, ~8 ms of CPU; paced by wall time instead, a loaded 2-core
 * machine (load average 13, the parse taking 4 s) made it ~70 checks, ~46 ms (issue 13).
 */
export const HEAP_CHECK_INTERVAL_MS = 50;

/**
 * A meter that throws {@link LimitExceededError} as pages arrive: hook its `onOpen` and `onPage`
 * into `readPdf`, and call `checkPages`/`checkText` on a whole result from another reader.
 */
export function createLimitMeter(limits: IngestionLimits, heapBytes: () => number = threadHeapBytes, cpuMs: () => number = threadCpuMs) {
  let textBytes = 0;
  let lastHeapCheck = Number.NEGATIVE_INFINITY;
  const checkPages = (count: number) => {
    if (count > limits.maxPdfPages) throw new LimitExceededError("too_many_pages", `the PDF has ${count} pages; the limit is ${limits.maxPdfPages}`);
  };
  const addText = (text: string) => {
    textBytes += Buffer.byteLength(text, "utf8");
    if (textBytes > limits.maxExtractedTextBytes) {
      throw new LimitExceededError("text_too_large", `the PDF's text is over ${limits.maxExtractedTextBytes} bytes (the limit)`);
    }
  };
  return {
    onOpen: checkPages,
    onPage: (_page: number, text: string) => {
      addText(text);
      const now = cpuMs();
      if (now - lastHeapCheck < HEAP_CHECK_INTERVAL_MS) return;
      lastHeapCheck = now;
      const heap = heapBytes();
      if (heap > limits.maxHeapBytes) throw new LimitExceededError("parse_memory_exceeded", `parsing took ${heap} bytes of memory; the budget is ${limits.maxHeapBytes}`);
    },
    checkPages,
    /** Checks a whole document's text (pages from a reader without hooks). */
    checkText: (pages: readonly { text: string }[]) => {
      textBytes = 0;
      for (const p of pages) addText(p.text);
    },
    checkChunks: (count: number) => {
      if (count > limits.maxChunksPerDocument) throw new LimitExceededError("too_many_chunks", `the document makes ${count} chunks; the limit is ${limits.maxChunksPerDocument}`);
    },
  };
}
