/** Messages of the ingestion worker (plain data: they cross the thread boundary). */
import type { PositionedPage } from "../../../rag/documents/index.ts";
import type { PageText } from "../../../rag/types.ts";
import type { IngestionLimits } from "./limits.ts";
import type { PrepareEvent, ReaderSpec } from "./prepare.ts";

/** One document to prepare. */
export interface PrepareTask {
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
}

/** What a worker reports while preparing. */
export type WorkerEvent =
  | { readonly kind: "progress"; readonly event: PrepareEvent }
  | { readonly kind: "log"; readonly level: "info" | "warn" | "error"; readonly obj: object; readonly msg?: string };
