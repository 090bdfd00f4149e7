/**
 * The `input` step as one unit: normalise the question, decide the answer language, screen the
 * question for prompt injection.
 */
import { screenInjection, type InjectionKind } from "./injection.ts";
import { detectLanguage, type Language } from "./language.ts";
import { normalizeQuestion } from "./normalize.ts";

/** What the input step hands on. */
export interface PreparedInput {
  /** The normalised question as asked. */
  readonly normalized: string;
  /** The question without injected instruction clauses ("" when nothing else is left). */
  readonly question: string;
  readonly language: Language;
  /** Why {@link language} was chosen. */
  readonly languageReason: string;
  /** Injection kinds found in the question (empty when none). */
  readonly injection: readonly InjectionKind[];
}

/**
 * Runs the input step. The answer language is the question's; when the question is too short to
 * tell (e.g. "MRI?") and the conversation has a language, that one is kept.
 * @param message the user's message as received
 * @param conversationLanguage the language of the conversation's last answer, if any
 */
export function prepareInput(message: string, conversationLanguage?: Language): PreparedInput {
  const normalized = normalizeQuestion(message);
  const detected = detectLanguage(normalized);
  const keep = !detected.confident && conversationLanguage !== undefined;
  const language = keep ? conversationLanguage : detected.language;
  const languageReason = keep ? `${conversationLanguage}: kept from the conversation (question alone: ${detected.reason})` : detected.reason;
  const screen = screenInjection(normalized, { unit: "clause" });
  return { normalized, question: screen.sanitized, language, languageReason, injection: screen.kinds };
}
