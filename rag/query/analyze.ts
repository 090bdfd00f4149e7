/**
 * Question analysis, computed once per question (the agent's `input` step, again only when the
 * `rewrite` step changes the question) and handed to every later stage: the retriever, the
 * reranker, the refusal decision and the synthesizer.
 */
import { expandQuery, type QueryExpansion } from "../glossary/index.ts";
import { buildQueryTerms, type QueryTerms } from "../rerank/query.ts";
import { loadCommonEnglishWords, loadEnglishWordSizes, wordRarity } from "../text/common-words.ts";
import { createStemmer, type StemFn } from "../text/stem.ts";
import { normalizeText, tokenize } from "../text/tokenize.ts";
import { COGNATE_FORM_MIN_CHARS } from "./cognate-forms.ts";
import { capitalisedRuns } from "./names.ts";
import { contractionTerms } from "./contractions.ts";
import { placeNames, splitAsk } from "./preamble.ts";
import { CALENDAR_WORDS, compoundSplitsOf, nameLikeWords, nameRunTermsOf, rarityOfTerms } from "./word-signals.ts";
import { correctSpelling } from "./spelling.ts";

/** Weight of a term that glossary expansion added, relative to the question's own (1). */
export const DEFAULT_GLOSSARY_TERM_WEIGHT = 0.6;
/**
 * Weight, relative to the ask's own terms (1), of a plain word only the context before the ask uses
 * (./preamble.ts): "my husband collapsed at home last night" sets the scene; the ask names the
 * thing. Names, numbers and glossary phrases of the context keep their weight (the plan's name and
 * "paramedics" often stand only there). Chosen on the dev set (bench/answers.ts, eval/dev/members.json).
 */
export const DEFAULT_PREAMBLE_TERM_WEIGHT = 0.5;
/**
 * A context-only word at most this rare (rag/text/common-words.ts `wordRarity`: 0 for common English)
 * is no question word for the refusal features (`ownTerms`, `termRarity`, `uncommonTerms`): the
 * documents need not hold "collapsed" or "Saturday" to answer; a rarer one ("Wegovy", "pediatrician")
 * may be what "it" in the ask refers to, so it stays.
 */
export const PREAMBLE_OWN_MAX_RARITY = 0;
/**
 * Weight, relative to the ask's own terms (1), of a plain context-only word when the ask points back
 * into the context (./preamble.ts `anaphoric`: "will the plan pay for it?"): the context may name what
 * "it" is, but most of its words still set the scene, so they weigh less than the ask's, more than
 * {@link DEFAULT_PREAMBLE_TERM_WEIGHT}. Retrieval weights only (the refusal's question words keep the
 * whole context). Dev, no refusal, contractions left out, hit@5/facts per-document · library
 * (bench/answers.ts --sweep): all dev 1 90.6/76.7 · 88.7/74.4, 0.75 90.6/77.0 · 88.5/74.6, 0.5
 * 90.1/76.5 · 88.5/74.6; lay sets (members, members2, members3, asks-lay; 147 answerable) 1
 * 84.4/62.6 · 80.3/61.2, 0.75 84.4/63.9 · 80.3/61.9, 0.5 83.7/63.3 · 81.6/62.6.
 */
export const DEFAULT_ANAPHORIC_PREAMBLE_TERM_WEIGHT = 0.75;
/** Weight of an untranslated word of a Spanish question (English documents rarely hold it). */
export const UNTRANSLATED_SPANISH_WEIGHT = 0.3;

/** What every stage reads about a question. */
export interface QuestionAnalysis {
  /** The question as asked (its terms are read with misspelt common words corrected: ./spelling.ts). */
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
   * the numbers (untranslated Spanish words never occur in English documents); never a function-word
   * contraction ("I'm", "dont": ./contractions.ts), which is also left out of `termRarity` and `uncommonTerms`.
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
  /**
   * Retrieval term of each word of an English question → its rarity in 0..1 (rag/text/common-words.ts
   * `wordRarity`: 0 for common English, 1 for a word in no SCOWL list, a name or brand); the rarest
   * word wins when two words share a term. Empty for a Spanish question.
   */
  readonly termRarity: ReadonlyMap<string, number>;
  /**
   * Retrieval term of a word in no SCOWL list → the ways it splits into listed words of ≥ 4
   * letters, each way a list of retrieval terms that together stand for the word: two joined words
   * ("SignatureValue" → [signatur, valu]), or the initials of three or more ("UnitedHealthcare" →
   * united|health|care → [uhc]): a name written joined that the documents may write apart or abbreviate.
   * Empty for a Spanish question.
   */
  readonly compoundSplits: ReadonlyMap<string, readonly (readonly string[])[]>;
  /**
   * Words of a Spanish question the Spanish vocabulary did not translate, of at least
   * `COGNATE_FORM_MIN_CHARS` (./cognate-forms.ts) letters (accent-folded, lower-case): the
   * retriever looks their English cognates up in the member's documents. Never a function word the
   * retrieval tokeniser drops ("cuándo"). None for English.
   */
  readonly untranslated: readonly string[];
  /**
   * Retrieval terms of the question's function-word contractions ("I'm", "dont", "what's":
   * ./contractions.ts), which the tokeniser's stopword list misses once apostrophes are dropped.
   * Empty for a Spanish question.
   */
  readonly contractionTerms: readonly string[];
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
 * @param options `commonWords`: the common English words (default {@link loadCommonEnglishWords});
 *   `wordSizes`: word → smallest SCOWL size holding it (default {@link loadEnglishWordSizes}; when
 *   only `commonWords` is given, a common word has size 10 and any other none)
 */
export function createQuestionAnalyzer(options: { commonWords?: ReadonlySet<string>; wordSizes?: ReadonlyMap<string, number> } = {}): QuestionAnalyzer {
  const common = options.commonWords ?? loadCommonEnglishWords();
  const sizes = options.wordSizes ?? (options.commonWords ? new Map([...common].map((w) => [w, 10])) : loadEnglishWordSizes());
  const stem: StemFn = createStemmer("english");
  const terms = (text: string): string[] => tokenize(text, stem).map((t) => t.term);
  const isWord = (w: string): boolean => sizes.has(w) || common.has(w);
  return {
    terms,
    analyze(asked) {
      const first = expandQuery(asked, { isWord });
      // An English question is read with its misspelt common words corrected (./spelling.ts).
      const question = first.spanish ? asked : correctSpelling(asked, sizes);
      const expansion = question === asked ? first : expandQuery(question, { isWord });
      const weights = new Map<string, number>();
      const put = (t: string, w: number) => weights.set(t, Math.max(weights.get(t) ?? 0, w));
      const own = tokenize(question, stem);
      for (const t of own) put(t.term, expansion.spanish && t.kind === "word" ? UNTRANSLATED_SPANISH_WEIGHT : 1);
      const groups = new Map<string, Set<string>>();
      // Plain words only the context before the ask uses (./preamble.ts), for an English question.
      const scene = expansion.spanish ? new Set<string>() : sceneTerms(question, terms, false);
      const leaning = expansion.spanish || scene.size > 0 ? new Set<string>() : sceneTerms(question, terms, true);
      // A Spanish question's context phrases (./preamble.ts) weigh as an English question's context words.
      const inScene = expansion.spanish ? spanishScenePhrases(question) : undefined;
      for (const m of expansion.matches) {
        const w = (m.via === "spanish" ? 1 : DEFAULT_GLOSSARY_TERM_WEIGHT) * (inScene?.(m.phrase) ? DEFAULT_PREAMBLE_TERM_WEIGHT : 1);
        const docTerms = m.expansions.flatMap((e) => terms(e));
        for (const t of docTerms) put(t, w);
        for (const t of terms(m.phrase)) {
          let g = groups.get(t);
          if (!g) groups.set(t, (g = new Set()));
          for (const d of docTerms) g.add(d);
        }
      }
      // Function-word contractions ("I'm", "dont") are no question words for the refusal features.
      const contracted = expansion.spanish ? new Set<string>() : contractionTerms(question, isWord, terms);
      const rarity = expansion.spanish ? new Map<string, number>() : rarityOfTerms(question, sizes, terms);
      for (const t of contracted) rarity.delete(t);
      // "I'm", "I've" are capitalised as the pronoun is, wherever they stand: no names.
      const names = new Set(nameLikeWords(question).flatMap((w) => terms(w)).filter((t) => !contracted.has(t)));
      const runTerms = nameRunTermsOf(question, terms);
      // A lone place name only the context uses ("visiting my son in Oregon") sets the scene: no question word for the refusal.
      const places = new Set(terms(placeNames(splitAsk(question).preamble).join(" ")));
      const sceneNames = new Set([...scene, ...leaning].filter((t) => names.has(t) && places.has(t) && !runTerms.includes(t)));
      for (const t of own) {
        if (t.kind !== "word" || names.has(t.term) || groups.has(t.term)) {
          scene.delete(t.term);
          leaning.delete(t.term);
        }
      }
      // A context clause stating what the member wants to do ("I want to file a complaint") names the ask's topic: full weight.
      const intent = expansion.spanish || (scene.size === 0 && leaning.size === 0) ? new Set<string>() : new Set(terms(splitAsk(question).intent));
      for (const t of scene) if (!intent.has(t)) weights.set(t, (weights.get(t) ?? 1) * DEFAULT_PREAMBLE_TERM_WEIGHT);
      for (const t of leaning) if (!intent.has(t)) weights.set(t, (weights.get(t) ?? 1) * DEFAULT_ANAPHORIC_PREAMBLE_TERM_WEIGHT);
      // Context words as common as these are no question words for the refusal features.
      const notAsked = new Set([...contracted, ...sceneNames, ...[...scene].filter((t) => (rarity.get(t) ?? 0) <= PREAMBLE_OWN_MAX_RARITY)]);
      for (const t of notAsked) rarity.delete(t);
      return {
        text: asked,
        expansion,
        spanish: expansion.spanish,
        terms: weights,
        ownTerms: own.filter((t) => !t.compound && !notAsked.has(t.term) && (!expansion.spanish || t.kind !== "word" || groups.has(t.term))).map((t) => t.term),
        glossaryGroups: groups,
        contractionTerms: [...contracted],
        untranslated: expansion.spanish
          ? (normalizeText(question).match(/[a-z]+/g) ?? []).filter((w) => w.length >= COGNATE_FORM_MIN_CHARS && !groups.has(terms(w)[0] ?? w) && terms(w).length > 0)
          : [],
        nameTerms: [...names].filter((t) => !sceneNames.has(t)),
        nameRunTerms: runTerms,
        uncommonTerms: expansion.spanish
          ? []
          : (question.toLowerCase().match(/[a-z][a-z0-9']*[a-z0-9]/g) ?? []).filter((w) => w.length >= 3 && !common.has(w) && !common.has(w.replace(/'s$/, "")) && !CALENDAR_WORDS.has(w)).flatMap((w) => terms(w)).filter((t) => !notAsked.has(t)),
        termRarity: rarity,
        compoundSplits: expansion.spanish ? new Map() : compoundSplitsOf(question, sizes, terms),
        queryTerms: demoteScene(buildQueryTerms(question, true, undefined, expansion), expansion.spanish ? "" : question, names.size > 0 ? nameLikeWords(question) : []),
      };
    },
  };
}

/**
 * Plain retrieval terms of the context before the ask that the ask does not use (./preamble.ts),
 * when the ask is `anaphoricAsk` (leans on the context) or not (else none); the caller removes
 * names, numbers and glossary phrase words.
 */
function sceneTerms(question: string, terms: (text: string) => string[], anaphoricAsk: boolean): Set<string> {
  const { preamble, ask, anaphoric } = splitAsk(question);
  if (preamble === "" || anaphoric !== anaphoricAsk) return new Set();
  const asked = new Set(terms(ask));
  return new Set(terms(preamble).filter((t) => !asked.has(t)));
}

/**
 * For a Spanish question with a context before its ask (./preamble.ts: the split is by sentence
 * and "¿", so it holds for Spanish), a test of whether a matched phrase (lower-case, accent-free,
 * rag/glossary) stands only in the context; undefined when there is no such context or the ask
 * leans on it.
 */
export function spanishScenePhrases(question: string): ((phrase: string) => boolean) | undefined {
  const { preamble, ask, anaphoric } = splitAsk(question);
  if (preamble === "" || anaphoric) return undefined;
  const words = (text: string) => ` ${normalizeText(text).replace(/[^a-z0-9ñ]+/g, " ").trim()} `;
  const [pre, asked] = [words(preamble), words(ask)];
  return (phrase) => {
    const p = words(phrase);
    return p.trim() !== "" && pre.includes(p) && !asked.includes(p);
  };
}

/**
 * The reranker's and synthesizer's query terms with the context-only plain words weighted by
 * {@link DEFAULT_PREAMBLE_TERM_WEIGHT} (light-stemmed terms; names, numbers and glossary additions kept).
 */
function demoteScene(q: QueryTerms, question: string, nameWords: readonly string[]): QueryTerms {
  const { preamble, ask, anaphoric } = splitAsk(question);
  if (preamble === "" || anaphoric) return q;
  const light = (text: string) => tokenize(text).filter((t) => t.kind === "word").map((t) => t.term);
  const kept = new Set([...light(ask), ...light(nameWords.join(" ")), ...light(q.expansion.added), ...q.expansion.matches.flatMap((m) => light(m.phrase))]);
  const weights = new Map(q.weights);
  for (const t of new Set(light(preamble))) if (!kept.has(t) && weights.has(t)) weights.set(t, (weights.get(t) ?? 1) * DEFAULT_PREAMBLE_TERM_WEIGHT);
  return { ...q, weights };
}

export { CALENDAR_WORDS, RARITY_MIN_CHARS } from "./word-signals.ts";
