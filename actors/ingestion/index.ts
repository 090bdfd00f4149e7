export { createIngestionBehavior, INGESTION_ACTOR_KIND, DEFAULT_MAX_INGEST_ATTEMPTS, DEFAULT_INGEST_ATTEMPT_BACKOFF_MS } from "./actor.ts";
export type { IngestionActorOptions } from "./actor.ts";
export {
  createClusterIngestionQueue,
  DEFAULT_ORPHAN_AGE_MS,
  DEFAULT_QUEUE_SHUTDOWN_TIMEOUT_MS,
  DEFAULT_WHEN_DONE_POLL_MS,
} from "./cluster-queue.ts";
export type { ClusterIngestionQueueDeps, ClusterIngestionQueueOptions } from "./cluster-queue.ts";
export {
  DATABASE_UNAVAILABLE_CODES,
  EmptyFileError,
  IngestionError,
  IngestionQueueClosedError,
  isDatabaseUnavailable,
  PayloadTooLargeError,
  QueueUnavailableError,
  toEmbedderError,
  toIngestionError,
  UnsupportedMediaTypeError,
} from "./errors.ts";
export { createJobEventBus } from "./events.ts";
export type { JobEventBus } from "./events.ts";
export { createNatsJobEventBus, DEFAULT_JOB_EVENTS_SUBJECT } from "./nats-events.ts";
export type { NatsJobEventBus, NatsJobEventBusOptions } from "./nats-events.ts";
export { chunkId, DEFAULT_CHUNKER, DEFAULT_OCR_MAX_PAGES, EMBED_BATCH_CHUNKS, OCR_MIN_TEXT_CHARS, recordId, runIngestion, STEP_PROGRESS_PCT } from "./pipeline.ts";
export type { Chunker, IngestionDeps } from "./pipeline.ts";
export { createIngestionQueue, DEFAULT_INGEST_CONCURRENCY, DEFAULT_INGEST_TIMEOUT_MS } from "./queue.ts";
export type { IngestionQueue, IngestionQueueOptions } from "./queue.ts";
export { createDocumentService, DEFAULT_MAX_UPLOAD_BYTES, PDF_EOF_WINDOW_BYTES, sanitizeFilename } from "./submit.ts";
export type { DocumentService, Upload } from "./submit.ts";
export type { IngestionObserver, IngestionOutcome, IngestionStage } from "./observer.ts";
export {
  createIngestionWorkers,
  DEFAULT_INGEST_PARSE_SPLIT,
  DEFAULT_INGEST_WORKER_IDLE_MS,
  DEFAULT_MAX_CHUNKS_PER_DOCUMENT,
  DEFAULT_MAX_EXTRACTED_TEXT_BYTES,
  DEFAULT_MAX_PDF_PAGES,
  DEFAULT_PARSE_TIMEOUT_MS,
  DEFAULT_WORKER_MAX_HEAP_BYTES,
  defaultIngestWorkers,
  LimitExceededError,
} from "./workers/index.ts";
export type { DocumentPreparer, IngestionLimits, IngestionWorkers, IngestionWorkersOptions, LimitCode, PreparedDocument } from "./workers/index.ts";
