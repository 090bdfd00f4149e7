/**
 * Picking the answer's windows among the scored ones (select.ts `scoreWindows`): the best, then
 * further windows that add query coverage or values, or nearly tie with the best, each naming the
 * question's topic.
 */
import { repeats, wordTriples } from "./repeats.ts";
import { type AnswerIntent, coverage } from "./scoring.ts";
import type { Cand, SelectOptions, Window } from "./select.ts";

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
