/**
 * Language detection of a question (English or Spanish), with the reason, so the answer, the next
 * steps and the suggested questions can be given in the question's language.
 */
import { isSpanishQuery } from "../glossary/index.ts";
import { foldForMatching } from "./normalize.ts";

/** Languages the workflow answers in (BCP 47 primary tags). */
export const LANGUAGES = ["en", "es"] as const;
/** A language the workflow answers in. */
export type Language = (typeof LANGUAGES)[number];
/** Language used when a question carries no evidence either way. */
export const DEFAULT_LANGUAGE: Language = "en";

/** What {@link detectLanguage} decided and why. */
export interface LanguageDetection {
  readonly language: Language;
  /** Human-readable evidence, e.g. `"es: ¿ ; Spanish words: cuanto, de, la"`. */
  readonly reason: string;
  /**
   * False when the evidence is thin (a short fragment such as "and out of network?" is English by
   * its function words, but "¿y?"-less "MRI?" has none): callers may then keep the conversation's
   * language.
   */
  readonly confident: boolean;
  /** Evidence points per language. */
  readonly scores: { readonly en: number; readonly es: number };
}

/**
 * Spanish function and question words that are not English words (accent-folded). Words shared
 * with English ("a", "no", "me", "con"…) are left out.
 */
const SPANISH_WORDS = new Set(
  ("el la los las del al de que en por para mi mis su sus es esta este estos estas eso esto una unos unas " +
    "cual cuales cuanto cuanta cuantos cuantas como donde cuando quien porque puedo puede necesito necesita tengo tiene " +
    "hay y pero tambien se lo le les si muy mas hace hacer cubre cuesta pago pagar sobre desde hasta entre sin cada").split(" "),
);
/** English function and question words that are not Spanish words. */
const ENGLISH_WORDS = new Set(
  ("the is are was were what which who whom whose when where why how do does did my your our their it its this that " +
    "these those of to in on for with and or but can could will would should may might must have has had need needs " +
    "much many any about an i we you they out if than then there here be been being not yes").split(" "),
);

/**
 * Detects whether `text` is English or Spanish. Evidence: inverted punctuation `¿`/`¡` (3 points
 * each, Spanish only), `ñ` or an acute accent (1 point, at most 2), Spanish and English function
 * words (1 point each), and the insurance glossary's Spanish detection (2 points). Spanish wins on
 * a higher score; ties and no evidence are {@link DEFAULT_LANGUAGE}. Confident when the winner
 * leads by at least 2 points.
 * @param text a normalised question
 */
export function detectLanguage(text: string): LanguageDetection {
  const evidence: { es: string[]; en: string[] } = { es: [], en: [] };
  let es = 0;
  let en = 0;
  const inverted = (text.match(/[¿¡]/g) ?? []).length;
  if (inverted > 0) {
    es += 3 * Math.min(inverted, 2);
    evidence.es.push("¿/¡");
  }
  const accents = (text.normalize("NFC").match(/[ñáéíóúü]/gi) ?? []).length;
  if (accents > 0) {
    es += Math.min(accents, 2);
    evidence.es.push("accents");
  }
  const words = foldForMatching(text).match(/[a-z]+/g) ?? [];
  const esWords = words.filter((w) => SPANISH_WORDS.has(w));
  const enWords = words.filter((w) => ENGLISH_WORDS.has(w));
  es += esWords.length;
  en += enWords.length;
  if (esWords.length > 0) evidence.es.push(`Spanish words: ${[...new Set(esWords)].slice(0, 5).join(", ")}`);
  if (enWords.length > 0) evidence.en.push(`English words: ${[...new Set(enWords)].slice(0, 5).join(", ")}`);
  if (isSpanishQuery(text)) {
    es += 2;
    evidence.es.push("Spanish insurance vocabulary");
  }
  const language: Language = es > en ? "es" : en > es ? "en" : DEFAULT_LANGUAGE;
  const reason =
    es === 0 && en === 0 ? `${DEFAULT_LANGUAGE}: no language evidence (default)` : `${language}: ${(language === "es" ? evidence.es : evidence.en).join("; ") || "tie (default)"}`;
  return { language, reason, confident: Math.abs(es - en) >= 2, scores: { en, es } };
}

/** True when `value` is one of {@link LANGUAGES}. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}
