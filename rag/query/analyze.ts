/**
 * Question analysis, computed once per question (the agent's `input` step, again only when the
 * `rewrite` step changes the question) and handed to every later stage: the retriever, the
 * reranker, the refusal decision and the synthesizer.
 */
import { expandQuery, type QueryExpansion } from "../glossary/index.ts";
import { buildQueryTerms, type QueryTerms } from "../rerank/query.ts";
import { loadCommonEnglishWords } from "../text/common-words.ts";
import { createStemmer, type StemFn } from "../text/stem.ts";
import { normalizeText, tokenize } from "../text/tokenize.ts";
import { COGNATE_PREFIX_CHARS } from "./cognates.ts";
import { capitalisedRuns } from "./names.ts";

/** Weight of a term that glossary expansion added, relative to the question's own (1). */
export const DEFAULT_GLOSSARY_TERM_WEIGHT = 0.6;
/** Weight of an untranslated word of a Spanish question (English documents rarely hold it). */
export const UNTRANSLATED_SPANISH_WEIGHT = 0.3;

/** What every stage reads about a question. */
export interface QuestionAnalysis {
  /** The question as analysed. */
  readonly text: string;
  /** The glossary expansion (lay wording → document terms; Spanish → English). */
  readonly expansion: QueryExpansion;
  readonly spanish: boolean;
  /**
   * Retrieval terms (Snowball-stemmed, numbers and amounts as exact tokens) → weight: 1 for the
   * question's own terms, {@link DEFAULT_GLOSSARY_TERM_WEIGHT} for glossary additions.
   */
  readonly terms: ReadonlyMap<string, number>;
  /**
   * The question's own retrieval terms that an answer's text should hold (the refusal's coverage
   * features): every own term of an English question; of a Spanish one, the translated words and
   * the numbers (untranslated Spanish words never occur in English documents).
   */
  readonly ownTerms: readonly string[];
  /**
   * Retrieval terms of the question's name-like words: capitalised words other than a sentence's
   * first, all-capitals words, words mixing letters and digits ("Ozempic", "HSA", "23andMe").
   */
  readonly nameTerms: readonly string[];
  /**
   * Retrieval terms of runs of two or more name-like words (./names.ts `capitalisedRuns`: "the
   * Kaiser Permanente 30/1000 HMO plan"), less those the question also uses outside such runs
   * (a "deductible" asked about on a plan whose name holds "Deductible"): the words that name a
   * plan rather than ask about it.
   */
  readonly nameRunTerms: readonly string[];
  /**
   * Retrieval terms of the question's uncommon words: English words outside the common-word list
   * (rag/text/common-words.ts), e.g. names of drugs, products and services; none for a Spanish question.
   */
  readonly uncommonTerms: readonly string[];
  /** Words of a Spanish question the Spanish vocabulary did not translate (accent-folded, lower-case); none for English. */
  readonly untranslated: readonly string[];
  /** Own term inside a matched glossary or Spanish phrase → the document terms the phrase stands for. */
  readonly glossaryGroups: ReadonlyMap<string, ReadonlySet<string>>;
  /** The same in the light stemmer's terms, for the reranker and the extractive synthesizer. */
  readonly queryTerms: QueryTerms;
}

/** Builds question analyses; owns its memoising stemmer. */
export interface QuestionAnalyzer {
  analyze(question: string): QuestionAnalysis;
  /** The retrieval tokeniser (documents must be indexed with the same). */
  readonly terms: (text: string) => string[];
}

/**
 * Creates an analyzer.
 * @param options `commonWords`: the common English words (default {@link loadCommonEnglishWords})
 */
export function createQuestionAnalyzer(options: { commonWords?: ReadonlySet<string> } = {}): QuestionAnalyzer {
  const common = options.commonWords ?? loadCommonEnglishWords();
  const stem: StemFn = createStemmer("english");
  const terms = (text: string): string[] => tokenize(text, stem).map((t) => t.term);
  return {
    terms,
    analyze(question) {
      const expansion = expandQuery(question);
      const weights = new Map<string, number>();
      const put = (t: string, w: number) => weights.set(t, Math.max(weights.get(t) ?? 0, w));
      const own = tokenize(question, stem);
      for (const t of own) put(t.term, expansion.spanish && t.kind === "word" ? UNTRANSLATED_SPANISH_WEIGHT : 1);
      const groups = new Map<string, Set<string>>();
      for (const m of expansion.matches) {
        const w = m.via === "spanish" ? 1 : DEFAULT_GLOSSARY_TERM_WEIGHT;
        const docTerms = m.expansions.flatMap((e) => terms(e));
        for (const t of docTerms) put(t, w);
        for (const t of terms(m.phrase)) {
          let g = groups.get(t);
          if (!g) groups.set(t, (g = new Set()));
          for (const d of docTerms) g.add(d);
        }
      }
      return {
        text: question,
        expansion,
        spanish: expansion.spanish,
        terms: weights,
        ownTerms: own.filter((t) => !t.compound && (!expansion.spanish || t.kind !== "word" || groups.has(t.term))).map((t) => t.term),
        glossaryGroups: groups,
        untranslated: expansion.spanish
          ? (normalizeText(question).match(/[a-z]+/g) ?? []).filter((w) => w.length >= COGNATE_PREFIX_CHARS && !groups.has(terms(w)[0] ?? ""))
          : [],
        nameTerms: nameLikeWords(question).flatMap((w) => terms(w)),
        nameRunTerms: nameRunTermsOf(question, terms),
        uncommonTerms: expansion.spanish
          ? []
          : (question.toLowerCase().match(/[a-z][a-z0-9']*[a-z0-9]/g) ?? []).filter((w) => w.length >= 3 && !common.has(w) && !common.has(w.replace(/'s$/, ""))).flatMap((w) => terms(w)),
        queryTerms: buildQueryTerms(question, true, undefined, expansion),
      };
    },
  };
}

/** A word that names something: capitalised (not opening a sentence), all capitals, or letters mixed with digits. */
function nameLikeWords(question: string): string[] {
  const out: string[] = [];
  const words = question.split(/\s+/);
  words.forEach((raw, i) => {
    const w = raw.replace(/^[("'“‘¿¡]+|[)"'”’?.,;:!]+$/g, "");
    const opensSentence = i === 0 || /[.?!:]$/.test(words[i - 1] ?? "");
    if (!/\p{L}/u.test(w) || w.length < 2) return;
    if (/^\p{Lu}{2,}$/u.test(w) || (/\d/.test(w) && /\p{L}/u.test(w)) || (!opensSentence && /^\p{Lu}/u.test(w))) out.push(w);
  });
  return out;
}

/** Terms of the question's runs of ≥ 2 name-like words that it does not also use outside them. */
function nameRunTermsOf(question: string, terms: (text: string) => string[]): string[] {
  let rest = question;
  const inRuns = new Set<string>();
  for (const run of capitalisedRuns(question)) {
    if (run.length < 2) continue;
    for (const t of terms(run.join(" "))) inRuns.add(t);
    for (const w of run) rest = rest.replace(w, " ");
  }
  for (const t of terms(rest)) inRuns.delete(t);
  return [...inRuns];
}
