/**
 * Choosing the answer passage: candidate *windows* of 1–3 consecutive sentences of one chunk,
 * scored as a unit, so a table value (an amount per individual and per family) is chosen together
 * with the sentence that names it (the row's label or its definition).
 */
import type { RetrievedChunk } from "../types.ts";
import type { Token } from "../text/tokenize.ts";
import { isAskedValue, labelValueStrength } from "./adjacency.ts";
import { hasPostalAddress, valueKinds } from "./values.ts";
import { repeats, wordTriples } from "./repeats.ts";
import { type AnswerIntent, coverage, intentBonus, type SentenceFeatures } from "./scoring.ts";

/** A sentence of a top chunk, with its features. */
export interface Cand {
  readonly chunk: RetrievedChunk;
  /** Which passage (run of neighbouring chunks) the sentence belongs to; 0 = the best chunk's. */
  readonly rank: number;
  /** Position of the sentence in its passage. */
  readonly idx: number;
  readonly text: string;
  /** Character offset of the sentence in the chunk text. */
  readonly start: number;
  readonly f: SentenceFeatures;
  /** Ends with "?": an SBC/FAQ heading. Never part of a window; lends context only. */
  readonly isQuestion: boolean;
}

/** Consecutive sentences of one passage. */
export interface Window {
  readonly sents: readonly Cand[];
  readonly terms: ReadonlySet<string>;
  readonly values: ReadonlySet<string>;
  score: number;
  /** The label–value adjacency part of `score`: it picks among passages, it does not raise the bar for further ones. */
  readonly adjacency: number;
}

/** Scoring knobs (validated by the synthesizer). */
export interface SelectOptions {
  readonly maxWindow: number;
  readonly ownWeight: number;
  readonly numericBonus: number;
  readonly adjacencyBonus: number;
  readonly chunkPriorWeight: number;
  readonly extraSentencePenalty: number;
  readonly minRelativeScore: number;
  readonly minGain: number;
  readonly maxSentences: number;
}



/**
 * `[coverage(terms), coverage(terms ∪ before ∪ after)]` (scoring.ts {@link coverage}) in one pass
 * over the weights, where `terms` is the union of the window's sentences' terms, without building
 * either union: the same sums in the same order.
 */
function windowCoverage(sents: readonly Cand[], before: ReadonlySet<string> | undefined, after: ReadonlySet<string> | undefined, weights: ReadonlyMap<string, number>): [number, number] {
  let total = 0;
  let own = 0;
  let ctx = 0;
  for (const [t, w] of weights) {
    total += w;
    let inWindow = false;
    for (const s of sents) if (s.f.terms.has(t)) inWindow = true;
    if (inWindow) {
      own += w;
      ctx += w;
    } else if (before?.has(t) || after?.has(t)) ctx += w;
  }
  return total > 0 ? [own / total, ctx / total] : [0, 0];
}

/** A value term (tokenize: an amount, a percentage, a phone number, a number). */
const VALUE_TERM_RE = /^(\$|inr|tel:|\d)/;

/**
 * Builds and scores every window of 1..maxWindow consecutive non-question sentences per chunk.
 * Score = ownWeight·coverage(window) + (1−ownWeight)·coverage(window ± 1 sentence)
 *       + value bonus + label–value adjacency bonus + chunk prior − extraSentencePenalty·(sentences − 1).
 */
export function scoreWindows(cands: readonly Cand[], weights: ReadonlyMap<string, number>, intent: AnswerIntent, maxChunkScore: number, o: SelectOptions): Window[] {
  const out: Window[] = [];
  // Value kinds are read only when a value is asked for (intentBonus and labelValueStrength return 0 otherwise).
  const valuesAsked = intent.numeric || intent.phone || intent.contact || intent.entity;
  // A sentence's value terms, once per sentence: a window's are the union of its sentences' in order.
  const valueTerms = new Map<Cand, string[]>();
  const valueTermsOf = (c: Cand): string[] => {
    let v = valueTerms.get(c);
    if (!v) valueTerms.set(c, (v = [...c.f.terms].filter((t) => VALUE_TERM_RE.test(t))));
    return v;
  };
  for (let i = 0; i < cands.length; i++) {
    // The best chunk score among the window's sentences, grown with the window.
    let maxScore = Number.NEGATIVE_INFINITY;
    for (let n = 1; n <= o.maxWindow; n++) {
      // The window's sentences before the last passed this check for the window one shorter.
      const newest = cands[i + n - 1];
      if (!newest || newest.isQuestion || newest.rank !== cands[i]?.rank) break;
      const sents = cands.slice(i, i + n);
      maxScore = Math.max(maxScore, newest.chunk.score);
      // The window's terms (their union) and values are built when read: most windows are scored and never read.
      let terms: Set<string> | undefined;
      const termsOf = (): Set<string> => {
        if (!terms) {
          terms = new Set<string>();
          for (const s of sents) for (const t of s.f.terms) terms.add(t);
        }
        return terms;
      };
      // The context: the window ± 1 sentence of the same chunk.
      const before = cands[i - 1]?.rank === cands[i]?.rank ? cands[i - 1]?.f.terms : undefined;
      const after = cands[i + n]?.rank === cands[i]?.rank ? cands[i + n]?.f.terms : undefined;
      // The window's features and value kinds feed only the value bonuses, both 0 when no value is asked
      // (only its tokens and contact flag are read: one sentence's are its own, a union's sets are built when read).
      const merged: SentenceFeatures | undefined = !valuesAsked
        ? undefined
        : n === 1
          ? (sents[0] as Cand).f
          : {
              get terms() {
                return termsOf();
              },
              get kinds() {
                return new Set(sents.flatMap((s) => [...s.f.kinds]));
              },
              words: sents.reduce((a, s) => a + s.f.words, 0),
              toks: sents.flatMap((s) => s.f.toks),
              contact: sents.some((s) => s.f.contact),
              names: sents.flatMap((s) => s.f.names ?? []),
            };
      const prior = maxScore / (maxChunkScore || 1);
      const kinds = merged ? valueKinds(merged.toks) : undefined;
      const adjacency = o.adjacencyBonus * (merged ? labelValueStrength(merged.toks, weights, intent, kinds) : 0);
      const bonus = merged ? intentBonus(merged, intent, o.numericBonus, weights, kinds) : 0;
      const [own, ctx] = windowCoverage(sents, before, after, weights);
      const score = o.ownWeight * own + (1 - o.ownWeight) * ctx + bonus + adjacency +
        o.chunkPriorWeight * Math.max(0, prior) - o.extraSentencePenalty * (n - 1);
      let values: Set<string> | undefined;
      out.push({
        sents,
        get terms() {
          return termsOf();
        },
        get values() {
          if (!values) {
            values = new Set<string>();
            for (const s of sents) for (const t of valueTermsOf(s)) values.add(t);
          }
          return values;
        },
        score,
        adjacency,
      });
    }
  }
  return out;
}

/**
 * A further passage scoring at least this share of the best is quoted even when it adds no new
 * query coverage or value ({@link NEAR_TIE_PASSAGES} of them): two passages that match the
 * question's terms alike are both evidence, and the term scores cannot tell which one answers (a
 * heading sentence naming the topic and the sentence after it giving the answer; two table rows of
 * one service). Dev harness (fusion, hit@5 / facts per document, library; 705 dev cases less
 * members4), with `repeats` (./repeats.ts): without 91.2 / 78.8, 89.9 / 76.6; 0.97: 91.0 / 79.7, 89.9 /
 * 77.5; 0.95: 90.8 / 79.9, 89.7 / 77.6; 0.9: 91.0 / 79.9, 89.9 / 77.9 (lookup 88.0 → 89.6 / 85.2 →
 * 87.7); 0.85: 90.8 / 79.7, 89.9 / 77.8; 0.8: 91.0 / 79.9, 90.0 / 78.1. Fresh wording (members2,
 * members3, asks-lay: 107 answerable) facts 59.8 / 61.7 → 60.7 / 61.7 at 0.9 (0.8 and 0.85: 59.8 /
 * 61.7). Without `repeats` (alone it moves one case) the tie is often the best passage
 * again, split otherwise by overlapping chunks: 0.9 gives 79.1 / 77.3.
 */
export const NEAR_TIE_MIN_SHARE = 0.9;

/** How many near-tie passages ({@link NEAR_TIE_MIN_SHARE}) an answer may quote: 2 (at 0.95) lengthens answers for no further fact on dev. */
export const NEAR_TIE_PASSAGES = 1;

/**
 * Picks the best window, then further windows that add new query coverage (multi-part questions)
 * or, for value questions, new values, and one that scores nearly as well as the best
 * ({@link NEAR_TIE_MIN_SHARE}); at most `maxSentences` sentences in all; no overlaps, and no
 * sentence repeating one already picked (./repeats.ts).
 */
export function pickWindows(windows: Window[], weights: ReadonlyMap<string, number>, intent: AnswerIntent, o: SelectOptions): Window[] {
  const sorted = [...windows].sort((a, b) => b.score - a.score || a.sents.length - b.sents.length);
  const best = sorted[0];
  if (!best) return [];
  const picked: Window[] = [best];
  const used = new Set<Cand>(best.sents);
  const covered = new Set([...best.terms].filter((t) => (weights.get(t) ?? 0) > 0));
  const values = new Set(best.values);
  let count = best.sents.length;
  const bar = best.score - best.adjacency;
  // word triples once per sentence looked at (most windows share sentences)
  const triples = new Map<Cand, ReadonlySet<string>>();
  const triplesOf = (c: Cand): ReadonlySet<string> => {
    let t = triples.get(c);
    if (!t) triples.set(c, (t = wordTriples(c.text)));
    return t;
  };
  let ties = NEAR_TIE_PASSAGES;
  for (const w of sorted.slice(1)) {
    if (w.score < o.minRelativeScore * bar) break;
    if (count + w.sents.length > o.maxSentences || w.sents.some((s) => used.has(s))) continue;
    if (!namesTopic(w.terms, weights)) continue;
    if (w.sents.some((s) => [...used].some((u) => repeats(u, s, triplesOf)))) continue;
    const gain = coverage(w.terms, weights, covered);
    const newValue = (intent.numeric || intent.phone) && w.score >= 0.85 * bar && [...w.values].some((v) => !values.has(v));
    if (gain < o.minGain && !newValue) {
      if (ties <= 0 || w.score < NEAR_TIE_MIN_SHARE * best.score) continue;
      ties--;
    }
    picked.push(w);
    count += w.sents.length;
    for (const s of w.sents) used.add(s);
    for (const t of w.terms) if ((weights.get(t) ?? 0) > 0) covered.add(t);
    for (const v of w.values) values.add(v);
  }
  return picked.sort((a, b) => (a.sents[0] as Cand).rank - (b.sents[0] as Cand).rank || (a.sents[0] as Cand).idx - (b.sents[0] as Cand).idx);
}



/** How many sentences past the best passage {@link completeValue} looks for the asked value. */
export const VALUE_LOOKAHEAD_SENTENCES = 4;

/**
 * How many sentences past the best passage {@link completeValue} looks when the answer already
 * holds a value of the asked kind elsewhere (another passage's). A policy's list item is often cut
 * in two by the sentence splitter at a glued label ("… without any co-paymentb. Availing treatment
 * in Zone I will be subject to …"), so the value is two sentences on. Dev harness (705 cases less
 * members4/5/6, fusion, facts per document / library): 1: 81.4 / 79.4; 2: 81.5 / 79.6 (lookup 90.5
 * / 88.6 → 90.9 / 89.0), one answer changed, no case lower; 3: the same facts, one answer longer.
 */
export const VALUE_NEXT_SENTENCES = 2;

/**
 * Value completion: when the question asks for a value of a kind (a phone number, an amount, a
 * duration) and no picked sentence holds one, the passage often names the topic first and gives
 * the value a few sentences on ("… please call 1-800-…"). Adds the first following sentence of
 * the best passage's run, within {@link VALUE_LOOKAHEAD_SENTENCES}, that holds a value of the
 * asked kind (a value the question itself contains does not count); contact questions ("how do I
 * file …") take a phone number or an address, postal ones ("where do I send …") a postal address. When the answer already holds such a value but the
 * best passage's last sentence does not (another office's number quoted beside it), only the
 * first sentence within {@link VALUE_NEXT_SENTENCES} after that passage holding one is added. Record units are left alone.
 * @param picked picked windows, best first
 * @param cands every candidate sentence in passage order
 * @param intent the kind of value asked for
 * @param questionTerms terms of the question (values echoed from it are not answers)
 */
export function completeValue(picked: readonly Window[], cands: readonly Cand[], intent: AnswerIntent, questionTerms: ReadonlyMap<string, unknown>): Cand | undefined {
  const contact = intent.contact === true;
  if (!asksForValue(intent) && !contact) return undefined;
  // a postal address is asked for: a phone number or a website elsewhere in the answer does not give it
  const has = intent.postal
    ? (c: Cand): boolean => hasPostalAddress(c.text)
    : (c: Cand): boolean => holdsAskedValue(c, intent, questionTerms) || (contact && (c.f.contact === true || c.f.kinds.has("phone")));
  const best = picked[0];
  const last = best?.sents[best.sents.length - 1];
  if (!last || last.chunk.record) return undefined;
  const at = cands.indexOf(last);
  if (picked.some((w) => w.sents.some(has))) {
    // a value elsewhere in the answer (another office's number) does not answer the best passage:
    // the first of the sentences right after it ({@link VALUE_NEXT_SENTENCES}) that holds the asked
    // value, when the passage's last sentence does not
    if (has(last)) return undefined;
    for (let i = at + 1; i <= at + VALUE_NEXT_SENTENCES && i < cands.length; i++) {
      const next = cands[i] as Cand;
      if (next.rank !== last.rank || next.isQuestion) return undefined;
      if (has(next)) return next;
    }
    return undefined;
  }
  for (let i = at + 1; i < cands.length && i <= at + VALUE_LOOKAHEAD_SENTENCES; i++) {
    const c = cands[i] as Cand;
    if (c.rank !== last.rank) break;
    if (has(c)) return c;
  }
  return undefined;
}

/**
 * Whether a sentence holds a value of the asked kind that the question itself does not contain.
 * @param c a candidate sentence
 * @param intent the kind of value asked for
 * @param questionTerms terms of the question
 */
export function holdsAskedValue(c: Cand, intent: AnswerIntent, questionTerms: ReadonlyMap<string, unknown>): boolean {
  return valueKinds(c.f.toks).some((k, i) => isAskedValue(k, intent) && !questionTerms.has((c.f.toks[i] as Token).term));
}

/** Whether the question asks for a value of a definite kind: a phone number, an amount, a duration, a count ("how many") or a time ("when is …"). */
export function asksForValue(intent: AnswerIntent): boolean {
  return intent.phone || (intent.numeric && ((intent.money ?? false) || (intent.duration ?? false) || (intent.count ?? false) || (intent.date ?? false)));
}

/**
 * A further passage must hold a question term weighing at least this share of the heaviest one.
 * Dev (273 answerable, per document / library): facts 68.5 / 65.6 at 0, 0.25 and 0.4 (0.4 less one
 * evidence-page citation, hit@5 library 80.2 → 79.9), 67.4 / 63.4 at 0.6; 0.25 shortens 8 answers
 * by 2,351 characters in all (a coverage example's cost table after an excluded-services answer).
 */
export const TOPIC_TERM_MIN_SHARE = 0.25;

/**
 * Whether a passage names the question's topic: one of its terms weighs at least
 * {@link TOPIC_TERM_MIN_SHARE} of the heaviest question term. A passage matching only light words
 * ("pay", the plan's name) is another table's row, not a further part of the answer.
 * @param terms the passage's terms
 * @param weights query-term weights
 */
export function namesTopic(terms: ReadonlySet<string>, weights: ReadonlyMap<string, number>): boolean {
  let heaviest = 0;
  for (const w of weights.values()) heaviest = Math.max(heaviest, w);
  for (const t of terms) if ((weights.get(t) ?? 0) >= TOPIC_TERM_MIN_SHARE * heaviest && heaviest > 0) return true;
  return false;
}
