/**
 * Definition questions: "how does my policy define X", "what does X mean", "what counts as X".
 * Plan documents carry their own definitions section — IRDAI's standard wordings number them
 * ("2.23 Hospitalisation means …", IRDAI Guidelines on Standardization in Health Insurance,
 * Definitions), CMS's model EOC has a chapter "Definitions of important words" — and rag/documents
 * reads each as a `definition` record whose label is the defined term. A definition question is
 * answered by that record, not by the clauses that use the term most.
 */

/**
 * Cues of a question asking what a term means (English and Spanish). Deliberately narrow: "what
 * is X" also asks for amounts ("what is the deductible?") and is not a cue.
 */
const DEFINITION_CUES: readonly RegExp[] = [
  /\bdefin(?:e|es|ed|ing|ition|itions)\b/i,
  /\bwhat\s+(?:does|do)\b.{1,80}\bmean\b/i,
  /\b(?:meaning\s+of|what\s+is\s+meant\s+by)\b/i,
  /\b(?:what|who|which)\b.{0,40}\bcounts?\s+as\b/i,
  /\bqu[eé]\s+significa\b|\bdefinici[oó]n\b|\bqu[eé]\s+se\s+considera\b/i,
];

/** True when the question asks what a term means (see {@link DEFINITION_CUES}). */
export function isDefinitionAsk(question: string): boolean {
  return DEFINITION_CUES.some((re) => re.test(question));
}

/**
 * How well a defined term's label matches a question: the number of the label's terms when every
 * one of them is among the question's terms, else 0 (a longer matching label is the more specific
 * term: "Day Care Treatment" over "Treatment").
 * @param labelTerms the label's analysed terms (the same analyzer as `questionTerms`)
 * @param questionTerms the question's analysed terms, without the plan-naming ones
 */
export function definedTermMatch(labelTerms: Iterable<string>, questionTerms: ReadonlySet<string>): number {
  let n = 0;
  for (const t of labelTerms) {
    if (!questionTerms.has(t)) return 0;
    n++;
  }
  return n;
}
