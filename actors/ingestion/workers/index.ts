/** Ingestion workers: document preparation off the event loop, with limits. */
export {
  createIngestionWorkers,
  defaultIngestWorkers,
  DEFAULT_INGEST_PARSE_SPLIT,
  DEFAULT_INGEST_WORKER_IDLE_MS,
  toPrepareError,
  type DocumentPreparer,
  type IngestionWorkers,
  type IngestionWorkersOptions,
} from "./workers.ts";
export {
  createLimitMeter,
  DEFAULT_INGESTION_LIMITS,
  DEFAULT_MAX_CHUNKS_PER_DOCUMENT,
  DEFAULT_MAX_EXTRACTED_TEXT_BYTES,
  DEFAULT_MAX_PDF_PAGES,
  DEFAULT_PARSE_TIMEOUT_MS,
  DEFAULT_WORKER_MAX_HEAP_BYTES,
  HEAP_CHECK_INTERVAL_MS,
  LimitExceededError,
  resolveLimits,
  type IngestionLimits,
  type LimitCode,
} from "./limits.ts";
export { OCR_MIN_TEXT_CHARS, pagesNeedingOcr, prepareDocument, PREPARE_EMBED_BATCH_CHUNKS, readerFor, readPageSlice, sliceRange, SPLIT_MIN_PAGES, type PageSlice, type PreparedDocument, type PrepareEvent, type ReaderSpec } from "./prepare.ts";
