/** Retrieval modes: which signals rank a user's chunks. */

/**
 * - `bm25`: the textbook baseline: Okapi BM25 (k1 1.2, b 0.75) over chunk bodies, Porter
 *   stemming, Lucene's stop words, no insurance knowledge, nothing else;
 * - `fusion`: BM25F over body, heading lines and the document's title with the question
 *   analysis's terms (Snowball stems, numbers and amounts as tokens, glossary and Spanish
 *   vocabulary at lower weight), fused with the vector side by reciprocal rank fusion;
 * - `vector`: cosine similarity only (pgvector);
 * - `text`: PostgreSQL full-text search only, on the question's own words;
 * - `hybrid`: vector and full-text, fused by reciprocal rank fusion, then the lexical reranker;
 * - `hybrid+glossary`: as `hybrid`, and the full-text side also searches the glossary's document terms.
 */
export const RETRIEVAL_MODES = ["fusion", "bm25", "vector", "text", "hybrid", "hybrid+glossary"] as const;
/** One of {@link RETRIEVAL_MODES}. */
export type RetrievalMode = (typeof RETRIEVAL_MODES)[number];

/** The default mode, chosen on the development set against the `bm25` baseline (README "Retrieval"). */
export const DEFAULT_RETRIEVAL_MODE: RetrievalMode = "fusion";

/** @throws RangeError when `mode` is not one of {@link RETRIEVAL_MODES}. */
export function assertRetrievalMode(mode: string): asserts mode is RetrievalMode {
  if (!(RETRIEVAL_MODES as readonly string[]).includes(mode)) throw new RangeError(`retrieval mode must be one of ${RETRIEVAL_MODES.join(", ")}, got ${JSON.stringify(mode)}`);
}

/** True when the mode runs the vector side. */
export const usesVector = (mode: RetrievalMode): boolean => mode === "vector" || mode === "hybrid" || mode === "hybrid+glossary" || mode === "fusion";
/** True when the mode runs PostgreSQL's full-text side. */
export const usesText = (mode: RetrievalMode): boolean => mode === "text" || mode === "hybrid" || mode === "hybrid+glossary";
/** True when the glossary expands the full-text query. */
export const usesGlossary = (mode: RetrievalMode): boolean => mode === "hybrid+glossary";
/** True when the mode ranks with the in-memory unit index (rag/bm25). */
export const usesUnits = (mode: RetrievalMode): boolean => mode === "bm25" || mode === "fusion";
