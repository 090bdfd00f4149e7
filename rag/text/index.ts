export { createBaselineTokenizer, LUCENE_ENGLISH_STOPWORDS } from "./baseline.ts";
export { stem as lightStem } from "./light-stem.ts";
export { createStemmer, STEM_MEMO_MAX_WORDS, type StemFn, type StemLanguage } from "./stem.ts";
export { ENGLISH_STOPWORDS, SPANISH_STOPWORDS } from "./stopwords.ts";
export { normalizeText, terms, type Token, type TokenKind, tokenize } from "./tokenize.ts";
export { COMMON_WORD_SCOWL_SIZES, loadCommonEnglishWords, loadEnglishWordSizes, SCOWL_SIZES, wordRarity } from "./common-words.ts";
export { createSpellingCorrector, type SpellingCorrector, TYPO_MIN_CHARS, withinOneEdit } from "./typos.ts";
export { createTextMemo, type TextMemo } from "./memo.ts";
