/**
 * Sentence scoring for the extractive synthesizer: weighted query-term coverage (IDF over the
 * candidate sentences), neighbour context, a bonus for the kind of value the question asks for
 * (money / number / phone), and a prior from the chunk's retrieval rank.
 */
import { normalizeText, type Token, type TokenKind, tokenize } from "../text/tokenize.ts";
import { GENERIC_QUESTION_TERMS } from "../query/generic.ts";
import { nameTerms } from "../query/names.ts";
import type { QueryExpansion } from "../glossary/expand.ts";
import type { QueryTerms } from "../rerank/query.ts";
import { ENGLISH_STOPWORDS } from "../text/stopwords.ts";
import { detectValueAsk, hasContactDetails, stripEnumeration, withSpelledCounts, type ValueAsk, type ValueKind, valueKinds, valueMatch } from "./values.ts";
import { holdsNewName, namesOf } from "./entities.ts";
import { FRAMING_TERM_WEIGHT, framingTerms, LAY_PHRASE_TERM_WEIGHT, layPhraseTerms, networkClauseTerms } from "./focus.ts";

/** Weight multiplier for question words that belong to a plan/document name (see query/names.ts). */
export const NAME_TERM_WEIGHT = 0.02;
/** Weight multiplier for generic question words ("plan", "cover", "cost"; see query/generic.ts). */
export const GENERIC_TERM_WEIGHT = 0.3;

/** Share of the value bonus for a phone number when one is asked for. */
export const PHONE_BONUS_FACTOR = 1.5;
/** Share of the value bonus for a number that is not of the asked kind. */
export const OTHER_NUMBER_FACTOR = 0.6;

/** What kind of value the question asks for. */
export interface AnswerIntent extends Partial<ValueAsk> {
  /** Asks for an amount, count, duration or percentage ("how much", "cost", "how long"). */
  readonly numeric: boolean;
  /** Asks for a phone number ("phone", "call", "helpline", "TTY"). */
  readonly phone: boolean;
}

const NUMERIC_RE =
  /\b(run (?:me|us|you)|set (?:me|us|you) back|shell out|how much|how many|how often|how frequently|cada cuanto|con que frecuencia|how long|how quickly|how fast|how far (?:ahead|in advance)|how soon|cost|costs|price|copay|copayment|coinsurance|co-payment|deductibles?|limit|maximum|most|pay|paid|owe|charge|fee|amount|age|ages|percent|waiting period|days?|months?|years?|deadline|by when|until when|till when|hasta cuando|discount|cuanto|cuantos|cuantas|cuesta|pago)\b/;
const PHONE_RE = /\b(phone|telephone|call|helpline|help line|toll[- ]free|tty|contact number|service number|telefono|llamar|llamo|llame|marcar|a que numero|me comunico|comunicarme)\b/;

/**
 * Detects what kind of value a question asks for (English and Spanish cues).
 * @param question the user's question
 */
export function detectIntent(question: string): AnswerIntent {
  const q = normalizeText(question);
  const ask = detectValueAsk(q);
  return { phone: PHONE_RE.test(q), numeric: NUMERIC_RE.test(q) || ask.date === true, ...ask };
}

/** A tokenised sentence. */
export interface SentenceFeatures {
  readonly terms: ReadonlySet<string>;
  readonly kinds: ReadonlySet<TokenKind>;
  readonly words: number;
  /** The tokens in reading order (for label–value adjacency). */
  readonly toks: readonly Token[];
  /** Holds a postal or web address (see values.ts). */
  readonly contact?: boolean;
  /** The names it holds, as term lists (entities.ts `namesOf`). */
  readonly names?: readonly (readonly string[])[];
}

/**
 * Tokenises a sentence once; a leading section number ("36.", "3.1.8") is not part of it; a
 * spelled-out number before a content word is a number token ("two deliveries", values.ts
 * `withSpelledCounts`). With a count answering "how many" beside a money cue (values.ts
 * `valueMatch`), dev facts per document / library 78.8 / 77.4 → 79.0 / 77.6 (multi-hop 54.5 / 56.8
 * → 56.8 / 59.1), hit@5 89.6 / 89.2 → 89.8 / 89.4 (cited pages); either alone changes no fact.
 */
export function sentenceFeatures(text: string): SentenceFeatures {
  const stripped = stripEnumeration(text);
  const toks = withSpelledCounts(stripped, tokenize(stripped), (w) => ENGLISH_STOPWORDS.has(w));
  return { terms: new Set(toks.map((t) => t.term)), kinds: new Set(toks.map((t) => t.kind)), words: text.split(/\s+/).length, toks, contact: hasContactDetails(text), names: namesOf(text) };
}

/**
 * Weighted IDF of each query term over a pool of sentences: w · ln(1 + N / df), 0 when absent;
 * words of a plan/document name in the question are multiplied by {@link NAME_TERM_WEIGHT}, generic
 * question words by {@link GENERIC_TERM_WEIGHT}, framing words of a value question ("how much") by
 * {@link FRAMING_TERM_WEIGHT} (so is the verb of a condition picking the network column, "if we stay
 * in network") and words only inside a glossary lay phrase by {@link LAY_PHRASE_TERM_WEIGHT}
 * (see focus.ts).
 *
 * Tried without gain (dev harness, 705 cases less members4/5/6, fusion, facts per document /
 * library, from 80.6 / 78.6): flattening the IDF so a story word found in one or two sentences
 * ("baby", "stay") weighs less against the topic word the retriever concentrated in the pool: a
 * cap at 3 / 3.5 / 4 / 4.5 / 5 nats 79.9 / 77.9, 80.2 / 78.4, 80.9 / 78.8, 80.6 / 78.8, 80.6 / 78.6;
 * df floored at 3 / 6 sentences 80.9 / 78.6, 80.2 / 78.3 (no consistent trend: cases move both
 * ways); the context-only words of a question whose ask stands alone (rag/query/preamble.ts, already
 * at 0.5 in rag/query) × 0.5 / 0.2 more here: 80.4 / 78.6, 79.9 / 78.6.
 * @param q the question's terms
 * @param pool features of every sentence of the retrieved chunks
 * @param question the raw question (for name detection; omit to skip it)
 * @param titles terms of the candidate documents' file and plan names: when given, a capitalised
 *   run of the question is a name only if one of its words is among them ("Kaiser" in
 *   SBC_Kaiser.pdf), so a capitalised service name ("Silver Sneakers Fitness") stays topical;
 *   otherwise any word present in the retrieved text makes it one
 * @param expansion `expandQuery(question)` when the caller has it (saves redoing it for name detection)
 * @param poolDf the number of `pool`'s sentences holding a term, when the caller counts it faster
 *   than a scan of `pool` (it must give the same count)
 */
export function termWeights(
  q: QueryTerms,
  pool: readonly SentenceFeatures[],
  question?: string,
  titles?: ReadonlySet<string>,
  expansion?: QueryExpansion,
  poolDf?: (term: string) => number,
): Map<string, number> {
  const out = new Map<string, number>();
  const n = pool.length;
  // Document frequency of the terms asked about only (counted on demand, not for every term of the pool).
  const counted = new Map<string, number>();
  const dfOf = (t: string): number => {
    let d = counted.get(t);
    if (d === undefined) {
      if (poolDf) d = poolDf(t);
      else {
        d = 0;
        for (const s of pool) if (s.terms.has(t)) d++;
      }
      counted.set(t, d);
    }
    return d;
  };
  for (const [t, w] of q.weights) {
    const d = dfOf(t);
    out.set(t, d === 0 ? 0 : w * Math.log(1 + n / d) * (GENERIC_QUESTION_TERMS.has(t) ? GENERIC_TERM_WEIGHT : 1));
  }
  const scale = (ts: Iterable<string>, k: number): void => {
    for (const t of ts) if (out.has(t)) out.set(t, (out.get(t) ?? 0) * k);
  };
  if (question) {
    scale(nameTerms(question, titles ? (x) => titles.has(x) : (x) => dfOf(x) > 0, expansion), NAME_TERM_WEIGHT);
    scale(framingTerms(q.expansion.expanded || question), FRAMING_TERM_WEIGHT);
    // "stay" in "if we stay in network" (focus.ts). Dev facts per document 78.4 → 78.6 (multi-hop 52.3 →
    // 54.5: the deductible ask quoted "an overnight hospital stay" examples), library 77.0 unchanged
    scale(networkClauseTerms(question), FRAMING_TERM_WEIGHT);
    if (!q.expansion.spanish) scale(layPhraseTerms(question, q.expansion), LAY_PHRASE_TERM_WEIGHT);
  }
  return out;
}

/**
 * Share (0..1) of the available query weight covered by `terms`.
 * @param terms the sentence's (or window's) terms
 * @param weights from {@link termWeights}
 * @param exclude terms already covered (for marginal gain)
 */
export function coverage(terms: ReadonlySet<string>, weights: ReadonlyMap<string, number>, exclude?: ReadonlySet<string>): number {
  let total = 0;
  let got = 0;
  for (const [t, w] of weights) {
    total += w;
    if (terms.has(t) && !exclude?.has(t)) got += w;
  }
  return total > 0 ? got / total : 0;
}

/**
 * Bonus when a sentence holds the kind of value asked for. Values the question itself contains
 * ("30/1000" in a plan name, "$20" in "is the $20 copay…") are not answers and do not count.
 * @param s the sentence's (or window's) features
 * @param intent the kind of value asked for
 * @param numericBonus the full bonus
 * @param questionTerms terms of the question (their values are ignored); omit to count every value
 * @param tokenKinds `valueKinds(s.toks)` when the caller has it (saves computing it again)
 */
export function intentBonus(
  s: SentenceFeatures,
  intent: AnswerIntent,
  numericBonus: number,
  questionTerms?: ReadonlyMap<string, unknown>,
  tokenKinds?: readonly (ValueKind | undefined)[],
): number {
  if (!intent.phone && !intent.contact && !intent.numeric && !intent.entity) return 0; // no value asked: the kinds are not looked at
  // "who hears a Level 3 appeal?": a name the question does not hold (entities.ts)
  if (intent.entity && holdsNewName(s.names, questionTerms ?? new Map())) return numericBonus;
  const kinds = (tokenKinds ?? valueKinds(s.toks)).filter((k, i) => k && !questionTerms?.has((s.toks[i] as Token).term));
  if (intent.phone && kinds.includes("phone")) return numericBonus * PHONE_BONUS_FACTOR;
  if (intent.contact && (s.contact || kinds.includes("phone"))) return numericBonus;
  if (!intent.numeric) return 0;
  const ask: ValueAsk = { money: intent.money ?? false, duration: intent.duration ?? false, count: intent.count ?? false, date: intent.date ?? false };
  let best = 0;
  for (const k of kinds) best = Math.max(best, valueMatch(k, ask, OTHER_NUMBER_FACTOR));
  return numericBonus * best;
}
