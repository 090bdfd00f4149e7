export { createExtractiveSynthesizer } from "./extractive.ts";
export {
  ANSWER_PREFIX_ES,
  DEFAULT_EXTRACTIVE_OPTIONS,
  DEFAULT_SENTENCE_MEMO_CHUNKS,
  type ExtractiveSynthesizerOptions,
  NOT_FOUND_TEXT,
  NOT_FOUND_TEXT_ES,
} from "./options.ts";
export { PAGE_BREAK, pageAtOffset } from "./pages.ts";
export { type AnalyzedText, analyzeText, isHeadingQuestion, stitchPassages } from "./passages.ts";
export { renderAnswer, trimSentence } from "./render.ts";
export { type AnswerIntent, coverage, GENERIC_TERM_WEIGHT, NAME_TERM_WEIGHT, detectIntent, intentBonus, sentenceFeatures, type SentenceFeatures, termWeights } from "./scoring.ts";
export { pickWindows } from "./pick.ts";
export { type Cand, scoreWindows, type SelectOptions, type Window } from "./select.ts";
export { basicSplitSentences, type SentenceSpan, type SentenceSplitter, sentenceSpans } from "./sentences.ts";
