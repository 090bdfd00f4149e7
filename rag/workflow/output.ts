/**
 * The `output` step as one unit: the next steps an answer implies and the suggested follow-up
 * questions, both in the answer's language.
 */
import type { Language } from "./language.ts";
import { nextSteps } from "./next-steps.ts";
import { suggestQuestions } from "./suggestions.ts";

/** What the output step adds to an answer. */
export interface AnswerOutput {
  /** Plain-language actions (prior authorization, referral, appeal deadline); often empty. */
  readonly nextSteps: string[];
  readonly suggestedQuestions: string[];
}

/**
 * Runs the output step.
 * @param question the standalone question that was answered
 * @param answer the answer text
 * @param found whether the documents answered it (no next steps otherwise)
 * @param language the answer's language
 */
export function composeOutput(question: string, answer: string, found: boolean, language: Language): AnswerOutput {
  return { nextSteps: nextSteps(answer, found, language).map((s) => s.text), suggestedQuestions: suggestQuestions(question, language) };
}
