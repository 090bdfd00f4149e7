/**
 * Label–value adjacency. In benefit tables the extracted text puts a row's label right next to
 * its value (an SBC's deductible row: the question cell, then the amounts), whereas running
 * headers and boilerplate mention the same topic word far from any value of the asked kind (a
 * plan name holding "Deductible" in the page header). A value of the kind the question
 * asks for, within a few tokens of a topical question term, marks the passage that states it.
 */
import type { Token } from "../text/tokenize.ts";
import type { AnswerIntent } from "./scoring.ts";
import { type ValueKind, valueKinds, valueMatch } from "./values.ts";

/** Largest distance, in tokens (stopwords excluded), between a label term and its value. */
export const ADJACENCY_TOKENS = 3;
/** A label term must weigh at least this share of the heaviest question term (topical, not a name). */
export const ADJACENCY_MIN_TERM_SHARE = 0.5;

/** Whether a value kind is the kind the question asks for. */
export function isAskedValue(kind: ValueKind | undefined, intent: AnswerIntent): boolean {
  if (intent.phone) return kind === "phone";
  return intent.numeric && valueMatch(kind, { money: intent.money ?? false, duration: intent.duration ?? false, count: intent.count ?? false, date: intent.date ?? false }, 0) === 1;
}

/**
 * Strength (0..1) of the best label–value pair in a token sequence: the weight of the topical
 * question term next to a value of the asked kind, relative to the heaviest question term; 0
 * when no asked value sits within {@link ADJACENCY_TOKENS} of such a term.
 * @param toks the passage's tokens in reading order
 * @param weights query-term weights (see termWeights)
 * @param intent the kind of value asked for
 * @param tokenKinds `valueKinds(toks)` when the caller has it (saves computing it again)
 */
export function labelValueStrength(toks: readonly Token[], weights: ReadonlyMap<string, number>, intent: AnswerIntent, tokenKinds?: readonly (ValueKind | undefined)[]): number {
  if (!intent.numeric && !intent.phone) return 0;
  let max = 0;
  for (const w of weights.values()) max = Math.max(max, w);
  if (max <= 0) return 0;
  let best = 0;
  const kinds = tokenKinds ?? valueKinds(toks);
  toks.forEach((_, i) => {
    if (!isAskedValue(kinds[i], intent)) return;
    for (let j = Math.max(0, i - ADJACENCY_TOKENS); j <= Math.min(toks.length - 1, i + ADJACENCY_TOKENS); j++) {
      const share = (weights.get((toks[j] as Token).term) ?? 0) / max;
      if (j !== i && share >= ADJACENCY_MIN_TERM_SHARE) best = Math.max(best, share);
    }
  });
  return best;
}
