/**
 * The textbook tokeniser of the BM25 baseline: lower-case, split on anything that is not a letter
 * or digit, drop stop words, Porter-stem (Manning, Raghavan & Schütze, "Introduction to
 * Information Retrieval", 2008, ch. 2). No insurance knowledge, no number handling.
 */
import { createStemmer, type StemFn } from "./stem.ts";

/**
 * Lucene's classic English stop set (`EnglishAnalyzer.ENGLISH_STOP_WORDS_SET`, 33 words), the
 * stop list of the best-known BM25 implementation.
 */
export const LUCENE_ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(
  "a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with".split(" "),
);

/** Creates the baseline tokeniser (it owns a memoising Porter stemmer). */
export function createBaselineTokenizer(): (text: string) => string[] {
  const stem: StemFn = createStemmer("porter");
  return (text) => {
    const out: string[] = [];
    for (const w of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (w && !LUCENE_ENGLISH_STOPWORDS.has(w)) out.push(stem(w));
    return out;
  };
}
