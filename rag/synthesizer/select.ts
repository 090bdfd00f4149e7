/**
 * Scoring the answer's candidate *windows*: 1–3 consecutive sentences of one chunk, scored as a
 * unit, so a table value (an amount per individual and per family) is chosen together with the
 * sentence that names it (the row's label or its definition). Which windows are quoted: pick.ts;
 * the value sentence added after the best one: complete-value.ts.
 */
import type { RetrievedChunk } from "../types.ts";
import { labelValueStrength } from "./adjacency.ts";
import { valueKinds } from "./values.ts";
import { type AnswerIntent, intentBonus, type SentenceFeatures } from "./scoring.ts";

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

/**
 * A sentence opening an illustration ("For example, if the plan's allowed amount for an overnight
 * hospital stay is $1,000, your coinsurance payment of 20% would be $200."): its figures are made
 * up to explain a term (the SBC uniform glossary and the SBC template's definitions are written so),
 * not the plan's value, so they earn no value bonus and no label–value adjacency in
 * {@link scoreWindows}. A dev question in Spanish on a hospital stay's daily cost was answered with
 * the glossary's overnight-stay example, the plan's own per-day row ranking below it. Dev
 * harness (fusion, facts per document / library): ALL 83.1 / 82.0 → 83.3 / 82.0, FRESH 75.4 / 74.9 →
 * 75.9 / 74.9, no case lower, 27 answers 2,052 characters shorter in all.
 */
export const ILLUSTRATION_RE = /^\W*(?:for example|for instance|e\.g\.)\b/i;

/** A value term (tokenize: an amount, a percentage, a phone number, a number). */
const VALUE_TERM_RE = /^(\$|inr|tel:|\d)/;

/**
 * Builds and scores every window of 1..maxWindow consecutive non-question sentences per chunk.
 * Score = ownWeight·coverage(window) + (1−ownWeight)·coverage(window ± 1 sentence)
 *       + value bonus + label–value adjacency bonus + chunk prior − extraSentencePenalty·(sentences − 1).
 * The value bonuses read the window's sentences less those opening an illustration ({@link ILLUSTRATION_RE}).
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
      // (only its tokens and contact flag are read: one sentence's are its own, a union's sets are built when read);
      // they are its sentences' less those opening an illustration (ILLUSTRATION_RE), 0 when none is left.
      const valued = valuesAsked ? sents.filter((s) => !ILLUSTRATION_RE.test(s.text)) : sents;
      const merged: SentenceFeatures | undefined = !valuesAsked || valued.length === 0
        ? undefined
        : valued.length === 1
          ? (valued[0] as Cand).f
          : {
              get terms() {
                return termsOf();
              },
              get kinds() {
                return new Set(valued.flatMap((s) => [...s.f.kinds]));
              },
              words: valued.reduce((a, s) => a + s.f.words, 0),
              toks: valued.flatMap((s) => s.f.toks),
              contact: valued.some((s) => s.f.contact),
              names: valued.flatMap((s) => s.f.names ?? []),
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
