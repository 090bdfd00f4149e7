/** Splitting page text into sentences and `sentence_5` chunks ({@link ChunkDraft}s). */
export type { ChunkDraft, PageText } from "../types.ts";
export {
  CHUNKER_VERSION,
  type PageSentence,
  SENTENCE5_MIN_CHARS,
  SENTENCE5_STRIDE,
  SENTENCE5_WINDOW,
  type Sentence5Options,
  sentence5,
  splitPageSentences,
} from "./sentence5.ts";
export { MAX_SENTENCE_CHARS, type SplitSentencesOptions, splitSentences } from "./sentences.ts";
