/** Retrieval modes: which sides of hybrid retrieval run, and whether the glossary expands the lexical side. */

/**
 * - `vector`: cosine similarity only (pgvector);
 * - `text`: PostgreSQL full-text search only, on the question's own words;
 * - `hybrid`: both, fused by reciprocal rank fusion; full-text on the question's own words;
 * - `hybrid+glossary`: as `hybrid`, and the lexical side also searches the document terms the
 *   insurance glossary maps the question's lay wording to (rag/glossary).
 */
export const RETRIEVAL_MODES = ["vector", "text", "hybrid", "hybrid+glossary"] as const;
/** One of {@link RETRIEVAL_MODES}. */
export type RetrievalMode = (typeof RETRIEVAL_MODES)[number];

/** The default mode, chosen by the public eval's ablation (see README "Retrieval"). */
export const DEFAULT_RETRIEVAL_MODE: RetrievalMode = "hybrid+glossary";

/** @throws RangeError when `mode` is not one of {@link RETRIEVAL_MODES}. */
export function assertRetrievalMode(mode: string): asserts mode is RetrievalMode {
  if (!(RETRIEVAL_MODES as readonly string[]).includes(mode)) throw new RangeError(`retrieval mode must be one of ${RETRIEVAL_MODES.join(", ")}, got ${JSON.stringify(mode)}`);
}

/** True when the mode runs the vector side. */
export const usesVector = (mode: RetrievalMode): boolean => mode !== "text";
/** True when the mode runs the full-text side. */
export const usesText = (mode: RetrievalMode): boolean => mode !== "vector";
/** True when the glossary expands the full-text query. */
export const usesGlossary = (mode: RetrievalMode): boolean => mode === "hybrid+glossary";
