/** Messages of the ingestion worker (plain data: they cross the thread boundary). */
import type { PositionedPage } from "../../../rag/documents/index.ts";
import type { ChunkDraft, PageText } from "../../../rag/types.ts";
import type { IngestionLimits } from "./limits.ts";
import type { PageSlice, PreparedDocument, PrepareEvent, ReaderSpec } from "./prepare.ts";

/** A task of an ingestion worker: prepare a document, or read one slice of its pages. */
export type IngestionTask = PrepareTask | SliceTask;

/** Read slice `index` of `of` of a PDF's pages (`readPageSlice`); the worker emits `opened` first. */
export interface SliceTask {
  readonly kind: "slice";
  /** The PDF (its buffer is moved to the worker). */
  readonly bytes: Uint8Array;
  readonly index: number;
  readonly of: number;
  readonly limits: IngestionLimits;
  readonly keepEmptyPages: boolean;
}

/** What a worker returns: a prepared document, or a slice. */
export type IngestionTaskResult = PreparedDocument | PageSlice;

/** One document to prepare. */
export interface PrepareTask {
  readonly kind?: "prepare";
  /** The PDF (its buffer is moved to the worker). */
  readonly bytes: Uint8Array;
  readonly filename?: string;
  readonly reader: ReaderSpec;
  /** Embed in the worker with the default hashed embedder, or leave embedding to the caller. */
  readonly embed: "hashed" | "none";
  readonly limits: IngestionLimits;
  /** A PDF without any text layer yields empty pages (the caller OCRs them). */
  readonly keepEmptyPages: boolean;
  /** A second pass after OCR: the text (no read) and the OCR'd pages' positions. */
  readonly text?: { readonly pages: readonly PageText[]; readonly parser: string };
  readonly positioned?: Map<number, PositionedPage>;
  /** The document's pages, read in slices by other tasks (no read here). */
  readonly slices?: PageSlice[];
  /**
   * Post each embedded batch as an `embedded` event (its vectors' buffers moved); the result then
   * carries neither drafts nor vectors but `streamedDrafts`, their count (the caller joins the
   * events' in order: they arrive before the result, on the same port).
   */
  readonly streamEmbedded?: boolean;
}

/** A batch of drafts just embedded in a worker (see {@link PrepareTask.streamEmbedded}). */
export interface EmbeddedBatch {
  /** Index of the batch's first draft among the document's drafts. */
  readonly from: number;
  readonly drafts: readonly ChunkDraft[];
  readonly vectors: Float32Array[];
  readonly embeddingModel: string;
  readonly chunkerVersion: string;
}

/** What a worker reports while preparing. */
export type WorkerEvent =
  | { readonly kind: "progress"; readonly event: PrepareEvent }
  | ({ readonly kind: "embedded" } & EmbeddedBatch)
  /** A slice task opened the PDF: its page count (the caller starts the other slices). */
  | { readonly kind: "opened"; readonly pageCount: number }
  | { readonly kind: "log"; readonly level: "info" | "warn" | "error"; readonly obj: object; readonly msg?: string };
