/**
 * The retriever: embeds a question, gathers this user's candidate chunks from the vector side
 * (cosine similarity ≥ the threshold), the lexical side (PostgreSQL full-text search), or both
 * fused by reciprocal rank fusion, reranks them and keeps the top `topK`.
 *
 * Every candidate qualifies on its own side: a vector hit has similarity ≥ the threshold (the
 * threshold keeps exactly the meaning it has without fusion); a full-text hit contains at least
 * one of the question's words (with the glossary: or of the document terms its lay wording
 * stands for). Whether an answer is `found` is then the synthesizer's call over these candidates.
 */
import { expandQuery } from "../glossary/index.ts";
import type { Embedder, RetrievedChunk } from "../types.ts";
import { DEFAULT_RRF_K, reciprocalRankFusion } from "./fusion.ts";
import { assertRetrievalMode, type RetrievalMode, DEFAULT_RETRIEVAL_MODE, usesText, usesVector, usesGlossary } from "./modes.ts";

/** Chunks returned per question (seed documents' `TOP_K`). */
export const DEFAULT_TOP_K = 5;
/** Candidates fetched from each side before fusion and reranking. */
export const DEFAULT_CANDIDATES = 50;

/** A chunk as the store returns it (no rerank score yet). */
export type StoredHit = Omit<RetrievedChunk, "score">;

/** Vector search over one user's chunks; implemented by the database layer. */
export type ChunkSearch = (
  userId: string,
  query: Float32Array,
  options: { limit: number; minSimilarity: number; embeddingModel: string; documentIds?: readonly string[] },
) => Promise<StoredHit[]>;

/**
 * Full-text search over one user's chunks (any word of `text` matches), best text rank first;
 * each hit's `similarity` is its cosine similarity to `vector`. Implemented by the database layer.
 */
export type TextSearch = (
  userId: string,
  text: string,
  options: { limit: number; embeddingModel: string; vector: Float32Array; documentIds?: readonly string[] },
) => Promise<StoredHit[]>;

/** Reorders candidates for a question; must return a subset of them with `score` set. */
export type Reranker = (question: string, candidates: readonly RetrievedChunk[]) => RetrievedChunk[];

/** Options of {@link createRetriever}. */
export interface RetrieverOptions {
  /** Chunks kept after reranking. Default {@link DEFAULT_TOP_K}. */
  readonly topK?: number;
  /** Minimum cosine similarity of a vector-side candidate, in [-1, 1]. Required: it depends on the embedder. */
  readonly similarityThreshold: number;
  /**
   * Candidates fetched from each side. Hybrid modes rerank the whole RRF-ordered union
   * (≤ 2 × candidates): on the public eval, cutting the fused list back to 50 before reranking
   * lost a case (0.733 vs 0.750 answer accuracy). Default {@link DEFAULT_CANDIDATES}.
   */
  readonly candidates?: number;
  /** Which sides to use. Default {@link DEFAULT_RETRIEVAL_MODE}. Modes other than `vector` need `textSearch`. */
  readonly mode?: RetrievalMode;
  /** RRF constant for `hybrid` modes. Default {@link DEFAULT_RRF_K}. */
  readonly rrfK?: number;
}

/** Result of one retrieval. */
export interface Retrieval {
  /** The top `topK` chunks after reranking: what the answer cites and the reply lists. */
  readonly chunks: RetrievedChunk[];
  /**
   * Every reranked candidate, best first. Synthesizers use them as corpus statistics (term
   * weights, the answerability check) but quote only from `chunks`.
   */
  readonly candidates: RetrievedChunk[];
  /** Milliseconds spent embedding the question. */
  readonly embedMs: number;
  /** Milliseconds spent searching (both sides, one after the other, and the fusion). */
  readonly searchMs: number;
  /** Milliseconds spent reranking. */
  readonly rerankMs: number;
  /** Candidates each side returned before fusion (0 for a side the mode does not use). */
  readonly vectorHits: number;
  readonly textHits: number;
}

/** Retrieves a user's chunks for a question. */
export interface Retriever {
  /** The mode this retriever runs in. */
  readonly mode: RetrievalMode;
  retrieve(userId: string, question: string, options?: { documentIds?: readonly string[] }): Promise<Retrieval>;
}

/**
 * Creates a retriever. Options are validated here, once.
 * @throws RangeError for a non-positive `topK`/`candidates`, a threshold outside [-1, 1], an
 *   unknown mode, a bad `rrfK`, or a text mode without `textSearch`.
 */
export function createRetriever(
  deps: { embedder: Embedder; search: ChunkSearch; textSearch?: TextSearch; rerank?: Reranker },
  options: RetrieverOptions,
): Retriever {
  const topK = options.topK ?? DEFAULT_TOP_K;
  const candidates = Math.max(options.candidates ?? DEFAULT_CANDIDATES, topK);
  const threshold = options.similarityThreshold;
  const mode = options.mode ?? DEFAULT_RETRIEVAL_MODE;
  const rrfK = options.rrfK ?? DEFAULT_RRF_K;
  if (!Number.isInteger(topK) || topK < 1) throw new RangeError(`topK must be a positive integer, got ${topK}`);
  if (!Number.isInteger(candidates)) throw new RangeError(`candidates must be an integer, got ${candidates}`);
  if (!(threshold >= -1 && threshold <= 1)) throw new RangeError(`similarity threshold must be in [-1, 1], got ${threshold}`);
  assertRetrievalMode(mode);
  if (!(rrfK > 0 && Number.isFinite(rrfK))) throw new RangeError(`rrfK must be a positive number, got ${rrfK}`);
  const textSearch = deps.textSearch;
  if (usesText(mode) && !textSearch) throw new RangeError(`retrieval mode ${mode} needs a full-text search`);
  const rerank: Reranker = deps.rerank ?? ((_q, c) => [...c]);
  return {
    mode,
    async retrieve(userId, question, opts) {
      const t0 = performance.now();
      const vector = await deps.embedder.embedQuery(question);
      const t1 = performance.now();
      const common = { limit: candidates, embeddingModel: deps.embedder.model, documentIds: opts?.documentIds };
      const lexicalText = usesGlossary(mode) ? expandQuery(question).expanded : question;
      // One side after the other, not concurrently: with both in flight when PostgreSQL went
      // down, postgres.js took ~10 s to serve queries again after it came back (test/database-
      // outage.test.ts; 40 ms when sequential). The lexical side costs a few ms.
      const vectorHits = usesVector(mode) ? await deps.search(userId, vector, { ...common, minSimilarity: threshold }) : [];
      const textHits = usesText(mode) && textSearch ? await textSearch(userId, lexicalText, { ...common, vector }) : [];
      const fused =
        usesVector(mode) && usesText(mode)
          ? reciprocalRankFusion([vectorHits, textHits], (h) => h.chunkId, rrfK).map((f) => ({ ...f.item, score: f.score }))
          : usesVector(mode)
            ? vectorHits
            : textHits;
      const t2 = performance.now();
      // Before reranking a candidate's score is its RRF score (hybrid), its similarity (vector) or
      // its similarity too (text: the list keeps its text-rank order); the reranker re-scores them.
      const ranked = rerank(question, fused.map((h) => ({ ...h, score: "score" in h ? (h.score as number) : h.similarity })));
      const t3 = performance.now();
      return {
        chunks: ranked.slice(0, topK),
        candidates: ranked,
        embedMs: t1 - t0,
        searchMs: t2 - t1,
        rerankMs: t3 - t2,
        vectorHits: vectorHits.length,
        textHits: textHits.length,
      };
    },
  };
}
