/**
 * Calibrated refusal: is there an answer to this question in the retrieved text? A small logistic
 * model over evidence features, replacing the rule "every specific question term must occur".
 *
 * Features (each in 0..1):
 * - `coverage`: idf-weighted share of the question's own terms found in the top units (a term
 *   inside a glossary phrase also counts as found when one of the phrase's document terms is);
 * - `vocabulary`: the same share over all the user's units (is the topic in the documents at all?);
 * - `topScore`: the best BM25F score over the query's maximum attainable score;
 * - `missingRare`: idf of the rarest question term missing from the top units, over the largest
 *   possible idf (a name or a rare word the documents never use);
 * - `missingShare`: share of the question's own terms missing from the top units (unweighted);
 * - `missingName`: 1 when a name-like word of the question (a product, drug, company: capitalised,
 *   all capitals or with digits) occurs nowhere in the member's documents;
 * - `coverageTop1`: `coverage` over the best unit alone;
 * - `missingUncommon`: 1 when an uncommon English word of the question (rag/text/common-words.ts)
 *   occurs nowhere in the member's documents (not even one edit away in the top units);
 * - `labelMatch`: idf-weighted share of the question's own terms found in the label (question,
 *   service or defined term) of the best-matching structure record among the top units; 0 when
 *   no top unit is a record;
 * - `scoreMargin`: (best − fifth best BM25F score) / best score: a question whose answer is in
 *   one place stands out from the rest;
 * - `absentRarity`: the largest rarity (QuestionAnalysis `termRarity`: 0 common English … 1 in no
 *   SCOWL list) of a question term that is absent — no glossary alternative of it in the member's
 *   vocabulary, no document term one edit away in the top units, no spelling correction in the
 *   vocabulary, not vocabulary terms joined or abbreviated (QuestionAnalysis `compoundSplits`): a rare or unknown word the documents never use names a thing they never mention
 *   ("a brand-name drug"), while a common lay word they lack ("night", "braces") says little;
 * - `absentRareMass`: Σ rarity × idf over those absent terms, over the question's total idf mass
 *   (Spanish questions have no rarity list: both are 0 for them);
 * - `bestUnitCoverage`, `rareTogether`, `askValueMissing`: ./evidence.ts (candidates measured
 *   for the model; the default model has no coefficient for them);
 * - `phraseMatch`: 1 when two adjacent words of the question stand adjacent in a top unit's text
 *   (./phrase.ts); computed only when the caller passes the units' text (`extra.unitText`), else 0.
 * A word of the name with which the question names its routed plan (`planName`, ./plan-name.ts)
 * never counts as absent (`absentRarity`, `absentRareMass`, `missingName`, `missingUncommon`).
 * p(answerable) = σ(intercept + Σ coefficient·feature) over the features the model has a
 * coefficient for, the absent-word features' sum bounded below by −absentCap when the model has
 * one; refuse when p < threshold.
 */
import type { Bm25Index } from "../bm25/index.ts";
import type { QuestionAnalysis } from "../query/index.ts";
import { TYPO_MIN_CHARS, withinOneEdit } from "../text/index.ts";
import { type EvidenceFeatures, evidenceFeatures } from "./evidence.ts";
import { sharesPhrase } from "./phrase.ts";

/** The features of one question (see module doc and ./evidence.ts). */
export interface RefusalFeatures extends EvidenceFeatures {
  readonly phraseMatch: number;
  readonly coverage: number;
  readonly vocabulary: number;
  readonly topScore: number;
  readonly missingRare: number;
  readonly missingShare: number;
  readonly missingName: number;
  readonly coverageTop1: number;
  readonly missingUncommon: number;
  readonly labelMatch: number;
  readonly scoreMargin: number;
  readonly absentRarity: number;
  readonly absentRareMass: number;
}

/** Feature names in model order. */
export const REFUSAL_FEATURES = ["coverage", "vocabulary", "topScore", "missingRare", "missingShare", "missingName", "coverageTop1", "missingUncommon", "labelMatch", "scoreMargin", "absentRarity", "absentRareMass", "bestUnitCoverage", "rareTogether", "askValueMissing", "phraseMatch"] as const;

/** A logistic model: intercept, one coefficient per feature, and the decision threshold on p. */
export interface RefusalModel {
  readonly intercept: number;
  /** One coefficient per feature the model uses; a feature without one counts 0 (not used). */
  readonly coefficients: Readonly<Partial<Record<(typeof REFUSAL_FEATURES)[number], number>>>;
  /** Refuse when p(answerable) is below it. */
  readonly threshold: number;
  /**
   * Cap on how far the absent-word features ({@link ABSENT_FEATURES}) together lower the logit:
   * their summed contribution counts at least −absentCap (undefined: uncapped). An absent rare
   * word then cannot refuse a question on its own when the rest of it is well covered.
   */
  readonly absentCap?: number;
}

/** The features that say a word of the question is absent from the member's documents (see {@link RefusalModel} `absentCap`). */
export const ABSENT_FEATURES: readonly (typeof REFUSAL_FEATURES)[number][] = ["missingName", "missingUncommon", "absentRarity", "absentRareMass"];

/**
 * The default model. Fitted by `bun eval/fit-refusal.ts` (logistic regression to convergence,
 * eval/logistic.ts; L2 0.001, classes balanced, no absent-word cap) on the 934 dev cases of the
 * tenth round (December 2026: every eval/dev file but the absent lists and members8 and later; the
 * fresh member-wording files members4/5/6/7 included) × per-document and library mode, `fusion`
 * retrieval over chunks and structure records, as the app retrieves; `phraseMatch` (./phrase.ts)
 * over the top units' text. The features are round 2's; only the fit changed (L2 0.01 → 0.001:
 * larger weights on `coverage`, `coverageTop1`, `scoreMargin` and against `topScore`).
 * The threshold is the operating point chosen by leave-one-file-out cross-validation (`--curve`,
 * eval/lofo.ts): each file scored by the fit on the others, the threshold the largest held-out p
 * that refuses ≤ 3% of the fresh member-wording files' answerable questions (members4–7 pooled).
 * Held out there: 52.0% of unanswerable questions refused (127) at 2.6% of fresh answerable ones
 * refused (2.1% / 2.4% of all answerable ones, per document / library), against 48.8% at 1.7% for
 * the round-2 coefficients (L2 0.01, threshold 0.2088) at the same fresh refusal.
 *
 * History (eval/README.md "Refusal" sections hold every figure and command): refits on 348–934 dev
 * cases, forward selection, pairwise products, harness-cost refits, semantic similarity (USE-lite),
 * length-robust candidates, an absent-word cap (1.0, threshold 0.30), boosted stumps, `phraseMatch`
 * at L2 0.01 (round 2, threshold 0.2088) and focal-phrase candidates (tenth round) were measured.
 * Eleventh round (998 cases, members8 a fold): held out at the ≤ 3% fresh point these coefficients
 * refuse 52.6% of unanswerable questions, the refit 50.4%, ask-, sentence- and definition-level
 * candidates ≤ 52.6% with more answerable refusals; the rule's threshold (0.1708) would lose facts. Kept.
 * Most unanswerable dev questions ask about things named in common English, so lexical evidence
 * cannot reach ≥ 90% unanswerable refused at ≤ 5% answerable refused (held out, ≤ 60% at 5%).
 * The operating point favours answering: a refused answerable question costs the member the
 * answer; an answer to an unanswerable one quotes the closest passages with their citations,
 * which the member can check.
 */
export const DEFAULT_REFUSAL_MODEL: RefusalModel = {
  intercept: -3.0332,
  coefficients: {
    coverage: 2.6314,
    vocabulary: 1.0323,
    topScore: -3.2181,
    missingRare: -0.2897,
    missingShare: 0.5979,
    missingName: -0.6318,
    coverageTop1: 1.181,
    missingUncommon: -0.3348,
    labelMatch: 0.4232,
    scoreMargin: 4.1817,
    absentRarity: -1.1944,
    absentRareMass: -1.3509,
    phraseMatch: 1.2752,
  },
  threshold: 0.1543,
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
 * @param bestScore the best unit's BM25F score
 * @param k1 the index's BM25 k1
 * @param extra `labelTerms`: the label terms of a unit that is a record (undefined for a chunk);
 *   `fifthScore`: the fifth best BM25F score (0 when fewer units matched);
 *   `corrected`: whether a term unknown to the index has a spelling correction in it (default none);
 *   `unitText`: a unit's text, for `phraseMatch` (without it `phraseMatch` is 0)
 */
export function refusalFeatures(
  analysis: QuestionAnalysis,
  index: Bm25Index,
  top: readonly number[],
  unitTerms: (unit: number) => ReadonlySet<string>,
  bestScore: number,
  k1: number,
  extra: { labelTerms?: (unit: number) => ReadonlySet<string> | undefined; fifthScore?: number; corrected?: (term: string) => boolean; planName?: ReadonlySet<string>; unitText?: (unit: number) => string } = {},
): RefusalFeatures {
  const own = [...new Set(analysis.ownTerms)];
  const maxIdf = Math.log(1 + (index.size + 0.5) / 0.5);
  if (own.length === 0 || index.size === 0)
    return { coverage: 0, vocabulary: 0, topScore: 0, missingRare: 1, missingShare: 1, missingName: 0, coverageTop1: 0, missingUncommon: 0, labelMatch: 0, scoreMargin: 0, absentRarity: 0, absentRareMass: 0, bestUnitCoverage: 0, rareTogether: 0, askValueMissing: 0, phraseMatch: 0 };
  // A term inside a matched glossary phrase is satisfied by any of the phrase's document terms.
  const alternatives = new Map<string, string[]>();
  for (const t of own) alternatives.set(t, [t]);
  for (const o of own) for (const t of analysis.glossaryGroups.get(o) ?? []) alternatives.get(o)?.push(t);
  const inTop = new Set<string>();
  for (const u of top) for (const t of unitTerms(u)) inTop.add(t);
  const inFirst = top[0] === undefined ? new Set<string>() : unitTerms(top[0]);
  // A misspelt term ("deductable", "chiropracter") counts as present when a present term is one edit away.
  const near = (t: string, set: ReadonlySet<string>): boolean => {
    if (set.has(t)) return true;
    if (t.length < TYPO_MIN_CHARS) return false;
    for (const v of set) if (Math.abs(v.length - t.length) <= 1 && v.length >= TYPO_MIN_CHARS && withinOneEdit(t, v)) return true;
    return false;
  };
  let total = 0;
  let covered = 0;
  let coveredFirst = 0;
  let known = 0;
  let missingRare = 0;
  let missing = 0;
  let absentRarity = 0;
  let absentRare = 0;
  for (const t of own) {
    const idf = index.has(t) ? index.idf(t) : maxIdf;
    total += idf;
    const alts = alternatives.get(t) ?? [t];
    if (alts.some((a) => near(a, inTop))) covered += idf;
    else {
      missingRare = Math.max(missingRare, idf / maxIdf);
      missing++;
    }
    if (alts.some((a) => near(a, inFirst))) coveredFirst += idf;
    if (alts.some((a) => index.has(a))) known += idf;
    else {
      const rarity = analysis.termRarity.get(t) ?? 0;
      const joined = (analysis.compoundSplits.get(t) ?? []).some((way) => way.every((x) => index.has(x)));
      if (rarity > 0 && !joined && !near(t, inTop) && !(extra.corrected?.(t) ?? false) && !extra.planName?.has(t)) {
        absentRarity = Math.max(absentRarity, rarity);
        absentRare += rarity * idf;
      }
    }
  }
  const missingName = analysis.nameTerms.some((t) => !index.has(t) && !inTop.has(t) && !extra.planName?.has(t)) ? 1 : 0;
  let labelMatch = 0;
  for (const u of top) {
    const label = extra.labelTerms?.(u);
    if (!label || label.size === 0) continue;
    let inLabel = 0;
    for (const t of own) if ((alternatives.get(t) ?? [t]).some((a) => label.has(a))) inLabel += index.has(t) ? index.idf(t) : maxIdf;
    labelMatch = Math.max(labelMatch, inLabel / total);
  }
  let attainable = 0;
  for (const [t, w] of analysis.terms) if (index.has(t)) attainable += w * index.idf(t) * (k1 + 1);
  return {
    coverage: covered / total,
    vocabulary: known / total,
    topScore: attainable > 0 ? Math.min(1, bestScore / attainable) : 0,
    missingRare,
    missingShare: missing / own.length,
    missingName,
    coverageTop1: coveredFirst / total,
    missingUncommon: analysis.uncommonTerms.some((t) => !index.has(t) && !near(t, inTop) && !extra.planName?.has(t)) ? 1 : 0,
    labelMatch,
    scoreMargin: bestScore > 0 ? Math.max(0, (bestScore - (extra.fifthScore ?? 0)) / bestScore) : 0,
    absentRarity,
    absentRareMass: absentRare / total,
    ...evidenceFeatures(
      analysis.text,
      alternatives,
      (t) => (index.has(t) ? index.idf(t) : maxIdf),
      (t) => index.has(t),
      top.map(unitTerms),
      near,
    ),
    phraseMatch: extra.unitText ? sharesPhrase(analysis.text, top.map(extra.unitText)) : 0,
  };
}

/** p(answerable) under `model`. */
export function refusalProbability(f: RefusalFeatures, model: RefusalModel = DEFAULT_REFUSAL_MODEL): number {
  let z = model.intercept;
  let absent = 0;
  for (const k of REFUSAL_FEATURES) {
    const w = model.coefficients[k];
    if (w === undefined) continue; // a feature the model does not use (an older dump's feature table may lack it)
    const c = w * f[k];
    if (ABSENT_FEATURES.includes(k)) absent += c;
    else z += c;
  }
  z += model.absentCap === undefined ? absent : Math.max(absent, -model.absentCap);
  return 1 / (1 + Math.exp(-z));
}

/** The decision under `model`. */
export function decideRefusal(f: RefusalFeatures, model: RefusalModel = DEFAULT_REFUSAL_MODEL): RefusalDecision {
  const probability = refusalProbability(f, model);
  return { found: probability >= model.threshold, probability, features: f };
}
