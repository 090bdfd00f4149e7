/** The error codes of the actors layer (agent, chat streams, ingestion), as one union for the HTTP status table. */

/**
 * Codes of `IngestionError` (ingestion/errors.ts): a job's `last_error` code. A PDF reader's own
 * code (rag/pdf `PdfErrorCode`) may also appear, passed through.
 */
export type IngestionErrorCode =
  | "job_gone"
  | "document_deleted"
  | "blob_missing"
  | "parse_failed"
  | "no_text"
  | "invalid_pdf"
  | "database_unavailable"
  | "embedder_unavailable"
  | "embedder_failed"
  | "internal"
  // Limits of the ingestion workers (ingestion/workers/limits.ts), all final.
  | "too_many_pages"
  | "text_too_large"
  | "too_many_chunks"
  | "parse_timeout"
  | "parse_memory_exceeded"
  // The worker preparing the document died (retryable) or its pool closed (the process is stopping).
  | "worker_crashed"
  | "worker_pool_closed";

/** Every `code` the actors layer's errors carry. */
export type ActorsErrorCode =
  | IngestionErrorCode
  | "unsupported_media_type"
  | "payload_too_large"
  | "empty_file"
  | "queue_unavailable"
  | "queue_closed"
  | "unsupported_message"
  | "invalid_stream_id";
