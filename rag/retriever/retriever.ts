/**
 * The retriever: embeds a question, asks the store for this user's nearest chunks above the
 * similarity threshold, reranks the candidates and keeps the top `topK`.
 */
import type { Embedder, RetrievedChunk } from "../types.ts";

/** Chunks returned per question (seed documents' `TOP_K`). */
export const DEFAULT_TOP_K = 5;
/** Candidates fetched from the vector store before reranking. */
export const DEFAULT_CANDIDATES = 50;

/** A chunk as the store returns it (no rerank score yet). */
export type StoredHit = Omit<RetrievedChunk, "score">;

/** Vector search over one user's chunks; implemented by the database layer. */
export type ChunkSearch = (
  userId: string,
  query: Float32Array,
  options: { limit: number; minSimilarity: number; embeddingModel: string; documentIds?: readonly string[] },
) => Promise<StoredHit[]>;

/** Reorders candidates for a question; must return a subset of them with `score` set. */
export type Reranker = (question: string, candidates: readonly RetrievedChunk[]) => RetrievedChunk[];

/** Options of {@link createRetriever}. */
export interface RetrieverOptions {
  /** Chunks kept after reranking. Default {@link DEFAULT_TOP_K}. */
  readonly topK?: number;
  /** Minimum cosine similarity of a candidate, in [-1, 1]. Required: it depends on the embedder. */
  readonly similarityThreshold: number;
  /** Candidates fetched before reranking. Default {@link DEFAULT_CANDIDATES}. */
  readonly candidates?: number;
}

/** Result of one retrieval. */
export interface Retrieval {
  /** The top `topK` chunks after reranking: what the answer cites and the reply lists. */
  readonly chunks: RetrievedChunk[];
  /**
   * Every reranked candidate (≤ `candidates`), best first. Synthesizers use them as corpus
   * statistics (term weights, the answerability check) but quote only from `chunks`.
   */
  readonly candidates: RetrievedChunk[];
  /** Milliseconds spent embedding the question. */
  readonly embedMs: number;
  /** Milliseconds spent in the vector search. */
  readonly searchMs: number;
  /** Milliseconds spent reranking. */
  readonly rerankMs: number;
}

/** Retrieves a user's chunks for a question. */
export interface Retriever {
  retrieve(userId: string, question: string, options?: { documentIds?: readonly string[] }): Promise<Retrieval>;
}

/**
 * Creates a retriever. Options are validated here, once.
 * @throws RangeError for a non-positive `topK`/`candidates` or a threshold outside [-1, 1].
 */
export function createRetriever(
  deps: { embedder: Embedder; search: ChunkSearch; rerank?: Reranker },
  options: RetrieverOptions,
): Retriever {
  const topK = options.topK ?? DEFAULT_TOP_K;
  const candidates = Math.max(options.candidates ?? DEFAULT_CANDIDATES, topK);
  const threshold = options.similarityThreshold;
  if (!Number.isInteger(topK) || topK < 1) throw new RangeError(`topK must be a positive integer, got ${topK}`);
  if (!Number.isInteger(candidates)) throw new RangeError(`candidates must be an integer, got ${candidates}`);
  if (!(threshold >= -1 && threshold <= 1)) throw new RangeError(`similarity threshold must be in [-1, 1], got ${threshold}`);
  const rerank: Reranker = deps.rerank ?? ((_q, c) => [...c]);
  return {
    async retrieve(userId, question, opts) {
      const t0 = performance.now();
      const vector = await deps.embedder.embedQuery(question);
      const t1 = performance.now();
      const hits = await deps.search(userId, vector, {
        limit: candidates,
        minSimilarity: threshold,
        embeddingModel: deps.embedder.model,
        documentIds: opts?.documentIds,
      });
      const t2 = performance.now();
      const ranked = rerank(question, hits.map((h) => ({ ...h, score: h.similarity })));
      const t3 = performance.now();
      return { chunks: ranked.slice(0, topK), candidates: ranked, embedMs: t1 - t0, searchMs: t2 - t1, rerankMs: t3 - t2 };
    },
  };
}
