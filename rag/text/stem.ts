/**
 * Snowball stemmers (Porter & Boulton's Snowball algorithms, through the npm package
 * `snowball-stemmers`): English ("Porter2"), Spanish, and the original Porter (1980) algorithm the
 * textbook BM25 baseline uses. A stemmer call costs ~12 µs, so each stemmer memoises its words
 * (bounded: the memo is cleared when it holds {@link STEM_MEMO_MAX_WORDS} words).
 */
import snowball from "snowball-stemmers";

/** Languages with a stemmer here. */
export type StemLanguage = "english" | "spanish" | "porter";

/** Words memoised per stemmer before the memo is cleared (a corpus vocabulary is ~10k words). */
export const STEM_MEMO_MAX_WORDS = 100_000;

/** A word → stem function (input lower-case, accent-folded or not). */
export type StemFn = (word: string) => string;

/**
 * Creates a memoising stemmer.
 * @param language `english` (Snowball English), `spanish` (Snowball Spanish) or `porter` (Porter 1980)
 */
export function createStemmer(language: StemLanguage): StemFn {
  const s = snowball.newStemmer(language);
  const memo = new Map<string, string>();
  return (word) => {
    let out = memo.get(word);
    if (out === undefined) {
      if (memo.size >= STEM_MEMO_MAX_WORDS) memo.clear();
      out = s.stem(word);
      memo.set(word, out);
    }
    return out;
  };
}
