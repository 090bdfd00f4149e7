/**
 * Ingestion metrics hooks: the ingestion actor reports jobs by outcome and error code, each
 * stage's duration, pages and chunks, retries and redeliveries to an {@link IngestionObserver}
 * (the composition root's metrics). Labels are fixed words and error codes, never file names.
 */

/**
 * A stage of one ingestion run: `parse` (text layer), `ocr` (pages without one, when OCR is
 * configured), `structure` (document profile, tables and definitions as records), `chunk`,
 * `embed`, `store` (chunks and records).
 */
export type IngestionStage = "parse" | "ocr" | "structure" | "chunk" | "embed" | "store";

/**
 * How one job attempt ended: `complete`, `failed` (final; `errorCode` says why), `retry` (a
 * retryable failure the queue delivers again).
 */
export type IngestionOutcome = "complete" | "failed" | "retry";

/** Receives ingestion events (every method optional; must not throw). */
export interface IngestionObserver {
  /** A job attempt ended. */
  job?(outcome: IngestionOutcome, errorCode?: string): void;
  /** A stage of a run took `seconds`. */
  stage?(stage: IngestionStage, seconds: number): void;
  /** A run completed with `pages` pages and `chunks` chunks. */
  stored?(pages: number, chunks: number): void;
  /** The actor retries a failed attempt itself (embedded mode). */
  retry?(): void;
  /** The queue delivered a job again (cluster mode: delivery attempt > 1). */
  redelivery?(): void;
}
