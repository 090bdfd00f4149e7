import type { QuestionAnalysis } from "./query/index.ts";

/**
 * Shapes shared by the document-intelligence pieces of `rag/`: readers, the splitter, embedders,
 * the retriever and synthesizers. Everything here is plain data; no database, no HTTP.
 */

/** Text of one physical PDF page. `page` is 1-based, as in `pdftotext -f N -l N`. */
export interface PageText {
  readonly page: number;
  readonly text: string;
}

/** A parsed document: its pages in order. */
export interface ParsedDocument {
  readonly pages: readonly PageText[];
  /** Which reader produced it, e.g. `"unpdf"`. */
  readonly parser: string;
  /**
   * Pages on which nothing is drawn at all (no text, image or path: OCR has nothing to read), when
   * the reader looked (`readPdf`'s `findBlankPages`). Absent: unknown.
   */
  readonly blankPages?: readonly number[];
}

/** A chunk produced by a splitter, before embedding. */
export interface ChunkDraft {
  /** 0-based position of the chunk in its document. */
  readonly ordinal: number;
  readonly text: string;
  /** First and last 1-based physical page the chunk's sentences come from. */
  readonly pageStart: number;
  readonly pageEnd: number;
}

/** Turns text into vectors. Implementations: the offline hashed embedder, OpenAI. */
export interface Embedder {
  /** Model identifier stored with every vector; vectors of two models never mix. */
  readonly model: string;
  /** Length of every vector returned. */
  readonly dimensions: number;
  /**
   * Embeds documents (chunks) in order. Returned vectors are L2-normalised.
   * @param texts any number of texts; implementations batch internally.
   */
  embedDocuments(texts: readonly string[]): Promise<Float32Array[]>;
  /** Embeds one query (a question). May differ from document embedding (e.g. expansion). */
  embedQuery(text: string): Promise<Float32Array>;
}

/** A chunk returned by retrieval, with where it came from. */
export interface RetrievedChunk {
  readonly chunkId: string;
  readonly documentId: string;
  readonly filename: string;
  readonly ordinal: number;
  readonly text: string;
  readonly pageStart: number;
  readonly pageEnd: number;
  /** Cosine similarity of the chunk's embedding to the question's, in [-1, 1]. */
  readonly similarity: number;
  /** Final ranking score after any reranking (higher is better). Equals similarity by default. */
  readonly score: number;
  /** The document's plan name (document profile), when the unit carries it (record units do). */
  readonly plan?: string;
  /** The cells of a structure record, when the unit is one (record units; absent for chunks). */
  readonly record?: RecordCells;
}

/**
 * The cells of a structure record (rag/documents `RecordDraft`: an SBC "Important Questions" or
 * benefit-grid row, an EOC Medical Benefits Chart row, a definition), as printed, carried by its
 * retrievable unit so an answer can be rendered from the fields (value first) instead of the line.
 */
export interface RecordCells {
  readonly kind: "question" | "benefit" | "definition";
  /** The table or section ("Important Questions", a Common Medical Event); null when none. */
  readonly section: string | null;
  /** The question, service or defined term. */
  readonly label: string;
  /** Answer (questions), in-network cost (benefits), "what you must pay" (EOC chart); null when none. */
  readonly network: string | null;
  /** Out-of-network cost; null when the table has no such column or the cell is empty. */
  readonly outOfNetwork: string | null;
  /** Limitations, exceptions, "why this matters", or the definition's text. */
  readonly limitations: string | null;
}

/** A citation in an answer: `[n]` in the text refers to `citations[n - 1]`. */
export interface Citation {
  readonly index: number;
  readonly documentId: string;
  readonly filename: string;
  /** The 1-based physical page of the cited sentence. */
  readonly page: number;
  readonly chunkOrdinal: number;
  readonly score: number;
  /** The chunk (or sentence) text the citation points at. */
  readonly text: string;
}

/** What a synthesizer answers. */
export interface SynthesizedAnswer {
  /** The answer in plain language, with `[n]` citation markers. */
  readonly text: string;
  /** False when nothing in the user's documents supports an answer. */
  readonly found: boolean;
  readonly citations: readonly Citation[];
  /** Which synthesizer produced it, e.g. `"extractive"`. */
  readonly provider: string;
  /** Citation marker numbers the model wrote that pointed at no excerpt and were removed (absent: none). */
  readonly droppedCitationMarkers?: number;
}

/** Per-call options of {@link Synthesizer.synthesize}. */
export interface SynthesizeOptions {
  /**
   * Called with each piece of the answer text as it is produced, in order; the pieces
   * concatenated equal the final `text`. Extractive: at least one call per sentence; LLM: tokens.
   * Not called for a not-found answer before it is known to be one (then once with its text).
   */
  readonly onDelta?: (text: string) => void;
  /** Language to answer in (BCP 47 primary tag, e.g. `"en"`, `"es"`). Default: the question's. */
  readonly language?: string;
  /** Cancels the work (an LLM request in flight); the promise then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** The question's analysis (rag/query), when the caller made one: saves redoing it. */
  readonly analysis?: QuestionAnalysis;
}

/** Builds an answer from a question and the chunks retrieved for it. */
export interface Synthesizer {
  readonly provider: string;
  synthesize(question: string, chunks: readonly RetrievedChunk[], options?: SynthesizeOptions): Promise<SynthesizedAnswer>;
}

/** Options of {@link DocumentReader}. */
export interface ReadOptions {
  /** The uploaded file's name (remote parsers use it to tell the file type). */
  readonly filename?: string;
}

/**
 * Reads a PDF's bytes into per-page text. Implementations: the local unpdf reader (`readPdf`),
 * LlamaParse with local fallback (rag/providers). Rejects with the local reader's coded errors
 * (`invalid_pdf`, `encrypted_pdf`, `no_text`) when the file cannot be read at all.
 */
export type DocumentReader = (bytes: Uint8Array, options?: ReadOptions) => Promise<ParsedDocument>;
