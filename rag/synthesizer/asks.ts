/**
 * Questions with more than one ask ("how long is the waiting period, and how much does it pay?",
 * "for me alone versus for my family", "¿cuántos viajes … y a qué número llamo?"): split at a
 * conjunction followed by a question word, at a comparison ("versus", "compared with"), or
 * between two questions, so each ask can be covered by its own passage, possibly from another
 * page or document.
 */
import { tokenize } from "../text/tokenize.ts";

/** Share of a question term's weight kept when it is not in the ask being covered (it still names the topic). */
export const OTHER_ASK_TERM_SHARE = 0.3;
/** An ask needs at least this many words to stand on its own. */
export const MIN_ASK_WORDS = 2;

/** Question words that open a second ask after "and"/"y" (English and Spanish). */
const ASK_OPENERS =
  "what|what's|how|who|whom|which|when|where|why|is|are|does|do|did|can|will|would|should|if|whether|qué|que|cuánto|cuanto|cuánta|cuánta|cuántos|cuantos|cuántas|cuantas|cómo|como|cuándo|cuando|dónde|donde|a qué|quién|quien|hay|cubre";
const SPLIT_RE = new RegExp(
  `\\s*(?:,?\\s+(?:and|y|e)\\s+(?:also\\s+|then\\s+)?(?=(?:${ASK_OPENERS})\\b)|\\?\\s+(?=\\S)|;\\s+|,?\\s+(?:versus|vs\\.?|compared (?:with|to)|as opposed to|frente a|comparado con)\\s+)`,
  "i",
);

/**
 * The asks of a question, in order; one element when it has a single ask.
 * @param question the user's question
 */
export function splitAsks(question: string): string[] {
  const parts = question.split(SPLIT_RE).map((p) => p.trim()).filter((p) => tokenize(p).length >= MIN_ASK_WORDS);
  return parts.length >= 2 ? parts : [question];
}

/**
 * Query-term weights focused on one ask: terms of the ask keep their weight, the question's
 * other terms keep {@link OTHER_ASK_TERM_SHARE} of it.
 * @param weights the whole question's term weights
 * @param ask one ask of the question
 * @param expand the ask's own terms (e.g. with glossary expansions); default its tokens
 */
export function askWeights(weights: ReadonlyMap<string, number>, ask: string, expand?: (ask: string) => Iterable<string>): Map<string, number> {
  const own = new Set(expand ? expand(ask) : tokenize(ask).map((t) => t.term));
  const out = new Map<string, number>();
  for (const [t, w] of weights) out.set(t, own.has(t) ? w : w * OTHER_ASK_TERM_SHARE);
  return out;
}
