/**
 * The words a member uses to name one of their plans, derived from each document's profile
 * (rag/documents `detectProfile`: plan name, insurer, plan type) and its file name — nothing is
 * listed per plan. A plan is named by
 * - a run of two or more consecutive words of one of its names ("Health Net", "Blue Shield",
 *   "30/1000 Deductible", "SCAN Classic"), at least one of them not a generic word, or
 * - one distinctive word of its names ("Kaiser", "Aetna", "SCAN", "HealthNet", or an acronym of
 *   three or more of their words: "BCBS"), written as a word of its own (not "Cal" of "Medi-Cal"): not a function
 *   word, not insurance vocabulary (the glossary's terms: "deductible" in a plan name never names
 *   it), not a bare number; a common English word ("scan", "blue", "classic") only when the member
 *   writes it in capitals ("SCAN"), or capitalised and not as the question's first word.
 * Which plans a word names, and whether that is all of them, is decided in ./plan-scope.ts.
 */
import { GLOSSARY } from "../glossary/index.ts";
import { ENGLISH_STOPWORDS, loadCommonEnglishWords, SPANISH_STOPWORDS } from "../text/index.ts";

/**
 * Words of plan names that never name a plan on their own: the vocabulary of plan documents
 * themselves (document kinds and their titles, corporate suffixes). With the glossary's terms.
 */
export const PLAN_NAME_GENERIC_WORDS: readonly string[] = [
  "plan", "plans", "insurance", "insurer", "policy", "health", "healthcare", "medical", "coverage", "benefits", "benefit",
  "summary", "evidence", "sbc", "eoc", "wording", "document", "pdf", "company", "co", "inc", "ins", "corp", "llc", "group",
  "com", "org", "www",
];

/** A question or name split into words, each with how it was written. */
export interface NameWord {
  /** Lower-case, accent-folded. */
  readonly word: string;
  /** Written with a capital first letter (or all capitals) in the original text. */
  readonly capitalised: boolean;
  /** Written in capitals, two letters or more ("SCAN", "BCBS"): a name even as the question's first word. */
  readonly allCaps: boolean;
  /** Position in the text's word sequence. */
  readonly index: number;
  /** Part of a hyphenated or camelCase word ("Medi-Cal", "HealthNet"): names a plan only with its neighbours. */
  readonly joined: boolean;
}

/**
 * Splits text into words: camelCase is split ("HealthNet" → health, net), separators and
 * punctuation too ("30/1000" → 30, 1000; "SBC_Kaiser.pdf" → sbc, kaiser, pdf).
 */
export function nameWords(text: string): NameWord[] {
  const folded = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  const out: NameWord[] = [];
  // Whole words first (letters and digits, joined by hyphens), then their camelCase / hyphen parts.
  for (const whole of folded.matchAll(/[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*/g)) {
    const parts = [...whole[0].replace(/([a-z])([A-Z])/g, "$1 $2").matchAll(/[A-Za-z0-9]+/g)].map((m) => m[0]);
    for (const raw of parts) out.push({ word: raw.toLowerCase(), capitalised: /^[A-Z]/.test(raw), allCaps: /^[A-Z]{2,}$/.test(raw), index: out.length, joined: parts.length > 1 });
  }
  return out;
}

/**
 * Acronyms of a name: the initials of its runs of three or more words that are not function words
 * ("Anthem Blue Cross and Blue Shield" → abcbs, abc, bcb, cbs, abcb, bcbs…). A member writes
 * "BCBS" for Blue Cross Blue Shield.
 * @param isFunctionWord words skipped when taking initials ("and", "of")
 */
export function acronyms(text: string, isFunctionWord: (w: string) => boolean): string[] {
  const initials = nameWords(text)
    .filter((w) => /^[a-z]/.test(w.word) && !isFunctionWord(w.word))
    .map((w) => w.word[0])
    .join("");
  const out = new Set<string>();
  for (let i = 0; i < initials.length; i++) for (let j = i + 3; j <= initials.length; j++) out.add(initials.slice(i, j));
  return [...out];
}

/**
 * Compound forms of a camelCase or hyphenated name ("HealthNet" → healthnet, "Blue-Shield" →
 * blueshield): a member may write the name as one word.
 */
export function compoundWords(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/[A-Za-z][A-Za-z0-9]*(?:[-][A-Za-z0-9]+)*/g)) {
    const parts = nameWords(m[0]);
    if (parts.length > 1) out.push(parts.map((p) => p.word).join(""));
  }
  return out;
}

/** Word classes used by the naming rules (build once per process with {@link createNameVocabulary}). */
export interface NameVocabulary {
  /** Function words (English and Spanish) and generic plan-document words: never name on their own nor make a run distinctive. */
  isGeneric(word: string): boolean;
  /** A common English word (SCOWL ≤ 35): names a plan alone only when written capitalised. */
  isCommon(word: string): boolean;
  /** A function word (English or Spanish stopword): skipped when taking a name's initials. */
  isFunctionWord(word: string): boolean;
}

/** Builds the vocabulary: stopwords, {@link PLAN_NAME_GENERIC_WORDS}, the glossary's terms, SCOWL common words. */
export function createNameVocabulary(): NameVocabulary {
  const generic = new Set<string>([...ENGLISH_STOPWORDS, ...SPANISH_STOPWORDS, ...PLAN_NAME_GENERIC_WORDS]);
  for (const e of GLOSSARY) for (const p of [e.term, ...e.expansions]) for (const w of nameWords(p)) generic.add(w.word);
  const common = loadCommonEnglishWords();
  return { isGeneric: (w) => generic.has(w), isCommon: (w) => common.has(w), isFunctionWord: (w) => ENGLISH_STOPWORDS.has(w) || SPANISH_STOPWORDS.has(w) };
}

/** File name without its extension. */
export function fileBase(filename: string): string {
  return filename.replace(/\.[A-Za-z0-9]{2,4}$/, "");
}

/** An insurer read from a web address ("healthreformplansbc.com") without its top-level label. */
export function insurerText(insurer: string, source: string | null | undefined): string {
  return source === "url" ? insurer.replace(/\.[a-z]{2,4}$/i, "") : insurer;
}
