/**
 * Calibrated refusal: is there an answer to this question in the retrieved text? A small logistic
 * model over evidence features, replacing the rule "every specific question term must occur".
 *
 * Features (each in 0..1):
 * - `coverage`: idf-weighted share of the question's own terms found in the top units (a term
 *   inside a glossary phrase also counts as found when one of the phrase's document terms is);
 * - `vocabulary`: the same share over all the user's units (is the topic in the documents at all?);
 * - `topScore`: the best BM25F score over the query's maximum attainable score;
 * - `similarity`: the best cosine similarity of the vector side (0 without one);
 * - `missingRare`: idf of the rarest question term missing from the top units, over the largest
 *   possible idf (a name or a rare word the documents never use).
 * p(answerable) = σ(intercept + Σ coefficient·feature); refuse when p < threshold.
 */
import type { Bm25Index } from "../bm25/index.ts";
import type { QuestionAnalysis } from "../query/index.ts";

/** The features of one question (see module doc). */
export interface RefusalFeatures {
  readonly coverage: number;
  readonly vocabulary: number;
  readonly topScore: number;
  readonly similarity: number;
  readonly missingRare: number;
}

/** Feature names in model order. */
export const REFUSAL_FEATURES = ["coverage", "vocabulary", "topScore", "similarity", "missingRare"] as const;

/** A logistic model: intercept, one coefficient per feature, and the decision threshold on p. */
export interface RefusalModel {
  readonly intercept: number;
  readonly coefficients: Readonly<Record<(typeof REFUSAL_FEATURES)[number], number>>;
  /** Refuse when p(answerable) is below it. */
  readonly threshold: number;
}

/**
 * The default model. Fitted by `bun eval/fit-refusal.ts` (logistic regression, L2 1e-2, on the
 * development set eval/dev/*.json, per-document retrieval in `fusion` mode); the threshold is the
 * largest p that keeps answerable refusals ≤ 5% on dev, checked to keep unanswerable accuracy ≥ 0.90.
 */
export const DEFAULT_REFUSAL_MODEL: RefusalModel = {
  intercept: -4,
  coefficients: { coverage: 6, vocabulary: 2, topScore: 2, similarity: 0, missingRare: -2 },
  threshold: 0.5,
};

/** The decision. */
export interface RefusalDecision {
  readonly found: boolean;
  /** p(answerable). */
  readonly probability: number;
  readonly features: RefusalFeatures;
}

/**
 * Computes the refusal features.
 * @param analysis the question analysis
 * @param index the user's BM25F index
 * @param top positions (in the index) of the top units, best first
 * @param unitTerms the retrieval terms of a unit (body, headings and title)
 * @param bestSimilarity best cosine of the vector side (0 when none)
 * @param k1 the index's BM25 k1
 */
export function refusalFeatures(
  analysis: QuestionAnalysis,
  index: Bm25Index,
  top: readonly number[],
  unitTerms: (unit: number) => ReadonlySet<string>,
  bestSimilarity: number,
  bestScore: number,
  k1: number,
): RefusalFeatures {
  const own = [...new Set(analysis.ownTerms)];
  const maxIdf = Math.log(1 + (index.size + 0.5) / 0.5);
  if (own.length === 0 || index.size === 0) return { coverage: 0, vocabulary: 0, topScore: 0, similarity: Math.max(0, bestSimilarity), missingRare: 1 };
  // A term inside a matched glossary phrase is satisfied by any of the phrase's document terms.
  const alternatives = new Map<string, string[]>();
  for (const t of own) alternatives.set(t, [t]);
  for (const o of own) for (const t of analysis.glossaryGroups.get(o) ?? []) alternatives.get(o)?.push(t);
  const inTop = new Set<string>();
  for (const u of top) for (const t of unitTerms(u)) inTop.add(t);
  let total = 0;
  let covered = 0;
  let known = 0;
  let missingRare = 0;
  for (const t of own) {
    const idf = index.has(t) ? index.idf(t) : maxIdf;
    total += idf;
    const alts = alternatives.get(t) ?? [t];
    if (alts.some((a) => inTop.has(a))) covered += idf;
    else missingRare = Math.max(missingRare, idf / maxIdf);
    if (alts.some((a) => index.has(a))) known += idf;
  }
  let attainable = 0;
  for (const [t, w] of analysis.terms) if (index.has(t)) attainable += w * index.idf(t) * (k1 + 1);
  return {
    coverage: covered / total,
    vocabulary: known / total,
    topScore: attainable > 0 ? Math.min(1, bestScore / attainable) : 0,
    similarity: Math.max(0, bestSimilarity),
    missingRare,
  };
}

/** p(answerable) under `model`. */
export function refusalProbability(f: RefusalFeatures, model: RefusalModel = DEFAULT_REFUSAL_MODEL): number {
  let z = model.intercept;
  for (const k of REFUSAL_FEATURES) z += model.coefficients[k] * f[k];
  return 1 / (1 + Math.exp(-z));
}

/** The decision under `model`. */
export function decideRefusal(f: RefusalFeatures, model: RefusalModel = DEFAULT_REFUSAL_MODEL): RefusalDecision {
  const probability = refusalProbability(f, model);
  return { found: probability >= model.threshold, probability, features: f };
}
