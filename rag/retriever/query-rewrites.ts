/**
 * The retriever's query rewrites (split from retriever.ts), each memoised per unit index and query
 * object so a turn that retrieves one question plan by plan reuses them (and BM25 its scores,
 * rag/bm25/bm25.ts): contraction terms dropped, lay words the index lacks bridged to their
 * glossary group (./lay-bridge.ts), one-edit spelling corrections of unknown uncommon terms, and a
 * Spanish question's untranslated words matched to document cognates.
 */
import type { UnitIndex } from "../bm25/index.ts";
import { type CognateFormMatcher, cognateIndex, cognateSkeleton, createCognateFormMatcher, type QuestionAnalysis, type QuestionAnalyzer } from "../query/index.ts";
import { createSpellingCorrector, type SpellingCorrector } from "../text/index.ts";
import { bridgeAbsentLayWords } from "./lay-bridge.ts";
import { withoutTerms } from "./unit-memos.ts";

/** The rewrites of {@link createQueryRewrites}; every one returns its input unchanged when it has nothing to do. */
export interface QueryRewrites {
  /** `query` without the question's contraction terms (the same object for the same query). */
  readonly withoutContractions: (query: ReadonlyMap<string, number>, drop: readonly string[]) => ReadonlyMap<string, number>;
  /** `query` with the glossary groups of lay words the index lacks, at their lay word's weight (./lay-bridge.ts). */
  readonly withBridges: (analysis: QuestionAnalysis, index: UnitIndex, query: ReadonlyMap<string, number>) => ReadonlyMap<string, number>;
  /** `query` with each unknown uncommon term's one-edit correction at `typoWeight` (English questions only). */
  readonly withCorrections: (analysis: QuestionAnalysis, index: UnitIndex, query: ReadonlyMap<string, number>) => ReadonlyMap<string, number>;
  /** Whether an unknown term has a one-edit spelling correction in the index's vocabulary. */
  readonly hasCorrection: (index: UnitIndex, t: string) => boolean;
  /** A Spanish question's terms plus the document terms its untranslated words are cognates of. */
  readonly withCognates: (analysis: QuestionAnalysis, index: UnitIndex) => ReadonlyMap<string, number>;
}

/**
 * Creates the rewrites.
 * @param analyzer the question analyzer (its `terms` stems cognate forms)
 * @param options weights already validated by rag/retriever `createRetriever` (`typoWeight` 0 and
 *   both cognate weights 0 turn their rewrite off; `layBridge` false turns bridging off)
 */
export function createQueryRewrites(
  analyzer: QuestionAnalyzer,
  options: { typoWeight: number; cognateWeight: number; cognateFormWeight: number; layBridge: boolean },
): QueryRewrites {
  const { typoWeight, cognateWeight, cognateFormWeight, layBridge } = options;
  // The same query object for the same question terms: BM25 reuses the last query's scores (rag/bm25/bm25.ts) when a turn retrieves one question plan by plan.
  const lessContractions = new WeakMap<ReadonlyMap<string, number>, ReadonlyMap<string, number>>();
  const withoutContractions = (query: ReadonlyMap<string, number>, drop: readonly string[]): ReadonlyMap<string, number> => {
    let out = lessContractions.get(query);
    if (!out) lessContractions.set(query, (out = withoutTerms(query, drop)));
    return out;
  };
  const bridged = new WeakMap<UnitIndex, WeakMap<ReadonlyMap<string, number>, ReadonlyMap<string, number>>>();
  /** The query with glossary groups of lay words the index lacks at their lay word's weight (./lay-bridge.ts), once per index and query. */
  const withBridges = (analysis: QuestionAnalysis, index: UnitIndex, query: ReadonlyMap<string, number>): ReadonlyMap<string, number> => {
    if (!layBridge || analysis.glossaryGroups.size === 0) return query;
    let m = bridged.get(index);
    if (!m) bridged.set(index, (m = new WeakMap()));
    let out = m.get(query);
    if (!out) m.set(query, (out = bridgeAbsentLayWords(query, analysis.glossaryGroups, (t) => index.fielded.has(t))));
    return out;
  };
  const correctors = new WeakMap<UnitIndex, SpellingCorrector>();
  /** The query with each unknown uncommon term's one-edit correction added (English questions only). */
  const withCorrections = (analysis: QuestionAnalysis, index: UnitIndex, query: ReadonlyMap<string, number>): ReadonlyMap<string, number> => {
    if (typoWeight === 0 || analysis.spanish) return query;
    let correct = correctors.get(index);
    if (!correct) correctors.set(index, (correct = createSpellingCorrector(index.fielded.terms(), (t) => index.fielded.df(t))));
    let out: Map<string, number> | undefined;
    // Only words outside the common-English list: a real word the documents lack ("shell") is no typo.
    const uncommon = new Set(analysis.uncommonTerms);
    for (const [t, w] of query) {
      if (index.fielded.has(t) || !uncommon.has(t)) continue;
      const c = correct(t);
      if (!c || c === t) continue;
      out ??= new Map(query);
      out.set(c, Math.max(out.get(c) ?? 0, w * typoWeight));
    }
    return out ?? query;
  };
  /** Whether an unknown term has a one-edit spelling correction in the index's vocabulary. */
  const hasCorrection = (index: UnitIndex, t: string): boolean => {
    let correct = correctors.get(index);
    if (!correct) correctors.set(index, (correct = createSpellingCorrector(index.fielded.terms(), (x) => index.fielded.df(x))));
    const c = correct(t);
    return c !== undefined && c !== t;
  };
  const cognates = new WeakMap<UnitIndex, Map<string, string[]>>();
  const cognateForms = new WeakMap<UnitIndex, CognateFormMatcher>();
  /**
   * A Spanish question's terms plus the document terms its untranslated words are cognates of: the
   * suffix cognates (rag/query/cognate-forms.ts) at `cognateFormWeight`, else the prefix-skeleton
   * ones (rag/query/cognates.ts) at `cognateWeight`.
   */
  const withCognates = (analysis: QuestionAnalysis, index: UnitIndex): ReadonlyMap<string, number> => {
    if (analysis.untranslated.length === 0 || (cognateWeight === 0 && cognateFormWeight === 0)) return analysis.terms;
    let byKey = cognates.get(index);
    if (!byKey) cognates.set(index, (byKey = cognateIndex(index.fielded.terms())));
    let forms = cognateForms.get(index);
    if (!forms) cognateForms.set(index, (forms = createCognateFormMatcher(index.fielded.terms(), (w) => analyzer.terms(w)[0] ?? w)));
    const out = new Map(analysis.terms);
    for (const w of analysis.untranslated) {
      // A regular suffix cognate the documents hold is the word's translation; the looser prefix
      // skeleton ("medica" → medical, medicaid, medicare, medication) is for words without one.
      const exact = cognateFormWeight > 0 ? forms.match(w) : [];
      for (const t of exact) out.set(t, Math.max(out.get(t) ?? 0, cognateFormWeight));
      if (exact.length > 0 || cognateWeight === 0) continue;
      const k = cognateSkeleton(w, true);
      for (const t of (k && byKey.get(k)) || []) out.set(t, Math.max(out.get(t) ?? 0, cognateWeight));
    }
    return out;
  };

  return { withoutContractions, withBridges, withCorrections, hasCorrection, withCognates };
}
