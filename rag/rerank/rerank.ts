/**
 * Lexical reranking of vector-retrieved candidates: BM25 over the candidate set (so IDF reflects
 * what distinguishes the candidates), a bigram phrase bonus, fused with the cosine similarity.
 */
import { tokenize } from "../text/tokenize.ts";
import type { RetrievedChunk } from "../types.ts";
import { documentNameMatches, questionNameTerms } from "./doc-names.ts";
import { buildQueryTerms, type QueryTerms } from "./query.ts";

/** BM25 k1 (term-frequency saturation); the usual 1.2 (Robertson & Zaragoza 2009). */
export const DEFAULT_BM25_K1 = 1.2;
/** BM25 b (length normalisation); the usual 0.75. */
export const DEFAULT_BM25_B = 0.75;
/** Share of the lexical score in the weighted fusion, 0..1 (an even split; the reranker serves the `vector`/`text`/`hybrid` modes only). */
export const DEFAULT_LEXICAL_WEIGHT = 0.5;
/** Bonus per matched query bigram, as a multiple of the mean IDF of its two terms. */
export const DEFAULT_BIGRAM_WEIGHT = 0.5;
export { DEFAULT_RRF_K } from "../retriever/fusion.ts";
import { DEFAULT_RRF_K } from "../retriever/fusion.ts";

/** Options of {@link rerank}. */
export interface RerankOptions {
  /** `"weighted"`: lexicalWeight·lex/max(lex) + (1−lexicalWeight)·sim/max(sim); `"rrf"`: reciprocal rank fusion. */
  readonly fusion?: "weighted" | "rrf";
  readonly lexicalWeight?: number;
  readonly k1?: number;
  readonly b?: number;
  readonly bigramWeight?: number;
  readonly rrfK?: number;
  /** Apply the insurance glossary to the question. Default true. */
  readonly useGlossary?: boolean;
  /** Return at most this many (default: all). */
  readonly limit?: number;
}

/** Options after validation, all fields set. */
export type ResolvedRerankOptions = Required<Omit<RerankOptions, "limit">> & { readonly limit: number };

/**
 * Validates options once and fills defaults.
 * @throws RangeError on out-of-range values
 */
export function resolveRerankOptions(o: RerankOptions = {}): ResolvedRerankOptions {
  const r = {
    fusion: o.fusion ?? "weighted",
    lexicalWeight: o.lexicalWeight ?? DEFAULT_LEXICAL_WEIGHT,
    k1: o.k1 ?? DEFAULT_BM25_K1,
    b: o.b ?? DEFAULT_BM25_B,
    bigramWeight: o.bigramWeight ?? DEFAULT_BIGRAM_WEIGHT,
    rrfK: o.rrfK ?? DEFAULT_RRF_K,
    useGlossary: o.useGlossary ?? true,
    limit: o.limit ?? Number.POSITIVE_INFINITY,
  } as const;
  if (r.fusion !== "weighted" && r.fusion !== "rrf") throw new RangeError(`fusion must be "weighted" or "rrf"`);
  if (!(r.lexicalWeight >= 0 && r.lexicalWeight <= 1)) throw new RangeError(`lexicalWeight must be in 0..1`);
  if (!(r.k1 >= 0 && Number.isFinite(r.k1))) throw new RangeError(`k1 must be ≥ 0`);
  if (!(r.b >= 0 && r.b <= 1)) throw new RangeError(`b must be in 0..1`);
  if (!(r.bigramWeight >= 0 && Number.isFinite(r.bigramWeight))) throw new RangeError(`bigramWeight must be ≥ 0`);
  if (!(r.rrfK > 0 && Number.isFinite(r.rrfK))) throw new RangeError(`rrfK must be > 0`);
  if (!(r.limit >= 1)) throw new RangeError(`limit must be ≥ 1`);
  return r;
}

/**
 * Lexical score of each candidate: BM25 over the candidate set plus phrase (bigram) bonuses.
 * With `documentIds`, words of a plan/document name in the question are matched per document,
 * not per chunk (see doc-names.ts): each candidate of a document holding the word gets the same
 * tf = 1 credit, and bigrams made only of name words earn no phrase bonus.
 * @param documentIds each candidate's document (omit to match name words per chunk like any word)
 * @returns one non-negative score per candidate, in input order
 */
export function lexicalScores(question: string, texts: readonly string[], o: ResolvedRerankOptions, documentIds?: readonly string[], known?: QueryTerms): number[] {
  const q = known && o.useGlossary ? known : buildQueryTerms(question, o.useGlossary);
  const docs = texts.map((t) => tokenize(t).map((x) => x.term));
  const n = docs.length;
  const names = documentIds ? questionNameTerms(question, docs) : new Set<string>();
  const docNames = documentIds ? documentNameMatches(docs, documentIds, names) : [];
  const avgLen = docs.reduce((a, d) => a + d.length, 0) / Math.max(1, n) || 1;
  const df = new Map<string, number>();
  const tfs = docs.map((d, i) => {
    const tf = new Map<string, number>();
    for (const t of d) if (!names.has(t)) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const t of docNames[i] ?? []) tf.set(t, 1);
    for (const t of tf.keys()) if (q.weights.has(t)) df.set(t, (df.get(t) ?? 0) + 1);
    return tf;
  });
  const idf = (t: string): number => {
    const d = df.get(t) ?? 0;
    return Math.log(1 + (n - d + 0.5) / (d + 0.5));
  };
  return docs.map((d, i) => {
    const tf = tfs[i] as Map<string, number>;
    let s = 0;
    for (const [t, w] of q.weights) {
      const f = tf.get(t);
      if (!f) continue;
      // a document-level name match is length-neutral
      const len = names.has(t) ? avgLen : d.length;
      s += w * idf(t) * ((f * (o.k1 + 1)) / (f + o.k1 * (1 - o.b + (o.b * len) / avgLen)));
    }
    if (o.bigramWeight > 0 && q.bigrams.size > 0) {
      for (let j = 1; j < d.length; j++) {
        const [a, b] = [d[j - 1] as string, d[j] as string];
        if (q.bigrams.has(`${a} ${b}`) && !(names.has(a) && names.has(b))) s += (o.bigramWeight * (idf(a) + idf(b))) / 2;
      }
    }
    return s;
  });
}

/**
 * Reranks candidates (e.g. the top-50 by cosine) for a question. Pure: returns new objects with
 * `score` set to the fused score (higher is better), sorted descending; `similarity` is kept.
 * @param question the user's question
 * @param candidates retrieved chunks with cosine `similarity`
 * @param options see {@link RerankOptions}; validated on every call (use {@link resolveRerankOptions} once and pass the result to avoid it)
 * @param queryTerms the question's terms when already built (the question analysis's `queryTerms`)
 */
export function rerank(question: string, candidates: readonly RetrievedChunk[], options: RerankOptions = {}, queryTerms?: QueryTerms): RetrievedChunk[] {
  const o = resolveRerankOptions(options);
  if (candidates.length === 0) return [];
  const lex = lexicalScores(question, candidates.map((c) => c.text), o, candidates.map((c) => c.documentId), queryTerms);
  let fused: number[];
  if (o.fusion === "rrf") {
    const rankOf = (vals: number[]): number[] => {
      const order = vals.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]);
      const r = new Array<number>(vals.length);
      order.forEach(([, i], k) => (r[i] = k + 1));
      return r;
    };
    const lr = rankOf(lex);
    const vr = rankOf(candidates.map((c) => c.similarity));
    // a candidate with no query term at all gets no lexical share
    fused = candidates.map((_, i) => ((lex[i] as number) > 0 ? 1 / (o.rrfK + (lr[i] as number)) : 0) + 1 / (o.rrfK + (vr[i] as number)));
  } else {
    const maxLex = Math.max(...lex) || 1;
    const maxSim = Math.max(...candidates.map((c) => c.similarity)) || 1;
    fused = candidates.map((c, i) => o.lexicalWeight * ((lex[i] as number) / maxLex) + (1 - o.lexicalWeight) * (c.similarity / maxSim));
  }
  return candidates
    .map((c, i) => ({ ...c, score: fused[i] as number }))
    .sort((a, b) => b.score - a.score || b.similarity - a.similarity)
    .slice(0, Number.isFinite(o.limit) ? o.limit : undefined);
}

/**
 * The reranker as the retriever calls it: {@link rerank} with default options, reusing the
 * question analysis's terms.
 */
export function rerankWithAnalysis(question: string, candidates: readonly RetrievedChunk[], analysis?: { readonly queryTerms: QueryTerms }): RetrievedChunk[] {
  return rerank(question, candidates, {}, analysis?.queryTerms);
}
