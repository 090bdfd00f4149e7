/** The chunking strategy of the ingestion pipeline (`CHUNKING_STRATEGY`). */
import { CHUNKER_VERSION, sentence5, type ChunkDraft, type PageText } from "../../rag/splitter/index.ts";

/** A chunking strategy: its version (stored with every chunk and part of chunk ids) and its splitter. */
export interface Chunker {
  /** e.g. `sentence_5@2`. */
  readonly version: string;
  readonly split: (pages: readonly PageText[]) => ChunkDraft[];
}

/** The `sentence_5` chunker (rag/splitter). */
export const DEFAULT_CHUNKER: Chunker = { version: CHUNKER_VERSION, split: (pages) => sentence5(pages) };
