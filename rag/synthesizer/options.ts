/**
 * Options of the extractive synthesizer: defaults (with the dev figures that set them), the sizes
 * of its memos, and its plain not-found answers.
 */
import { SPANISH_LEAD } from "./render.ts";
import type { SentenceSplitter } from "./sentences.ts";

/** Plain not-found answer (English). */
export const NOT_FOUND_TEXT = "I couldn't find that in your documents.";
/** Plain not-found answer for Spanish questions. */
export const NOT_FOUND_TEXT_ES = "No encontré eso en sus documentos.";
/**
 * Opens a found answer given in Spanish (`language: "es"`, or a Spanish question), before the
 * document's name: record answers are Spanish sentences around the cells as printed; quoted
 * passages stay in the documents' own words (English, said so), so the facts are exactly as printed.
 */
export const ANSWER_PREFIX_ES = SPANISH_LEAD;

/**
 * Defaults of {@link ExtractiveSynthesizerOptions}. Set in an earlier round; re-checked on the
 * development set (in-memory harness, `fusion`, per document, 273 answerable cases, answer facts):
 * default 50.5%; maxSentences 3: 49.1, 5: 51.3; chunkPriorWeight 0: 49.1, 0.3: 50.5. None moved by
 * more than 1.5 points, so they stay. Re-checked after value completion for counts and contacts
 * (dev, 273 answerable, per document / library facts): maxChunks 5: 63.4 / 61.9, 6: 64.5 / 61.9
 * (a value a row further down the ranking), 7: 64.5 / 61.9; so 6. maxSentences 5 (+0.3 / +0.4) and
 * minRelativeScore 0.5 (+0.3 / +0.4) lengthen every answer for one case each, so they stay.
 * Round 2 (dev 870 with members4/5/6, per-case diffs against these defaults, per document): chunkPriorWeight
 * 0.2: +1 case per document, −1 library, answers 707 → 714 characters; 0.25–0.3: +1–2, 719–723 characters;
 * 0.05: −2; 0.4: −5; maxChunks 7: members4/5/6 +2, the rest −2, 721 characters; minRelativeScore 0.7:
 * unchanged. None kept.
 */
export const DEFAULT_EXTRACTIVE_OPTIONS = {
  /** Chunks (best first) whose sentences may be quoted. */
  maxChunks: 6,
  /** Sentences in the whole answer. */
  maxSentences: 4,
  /** Longest window of consecutive sentences scored as one passage. */
  maxWindow: 3,
  /** Share of a window's own query coverage vs. coverage including its neighbours. */
  ownWeight: 0.8,
  /** Bonus when the passage holds the kind of value asked for (money/percent, number, phone). */
  numericBonus: 0.25,
  /** Bonus when a value of the asked kind sits next to a topical question term (see adjacency.ts). */
  adjacencyBonus: 0.2,
  /** Bonus for the chunk's rank score (score / best score). */
  chunkPriorWeight: 0.15,
  /** Cost of each sentence beyond the first in a window. */
  extraSentencePenalty: 0.08,
  /** A further passage must score at least this share of the best one… */
  minRelativeScore: 0.6,
  /** …and add at least this much new query coverage (0..1), or a new value of the asked kind. */
  minGain: 0.12,
  /** Sentences longer than this many characters are trimmed around the matched terms. */
  maxSentenceChars: 360,
} as const;

/**
 * Distinct chunk texts whose sentences and sentence features a synthesizer keeps between
 * questions (least recently used out): splitting and tokenising the ~50 candidates was most of a
 * turn's CPU, and a member's questions retrieve the same chunks again and again. ≈ 10 KB each.
 */
export const DEFAULT_SENTENCE_MEMO_CHUNKS = 2048;
/** (File name, plan name) pairs whose title terms the synthesizer keeps between questions, count. */
export const DEFAULT_TITLE_MEMO_ENTRIES = 1024;
/** Sentences whose furniture-cleaning preparation (furniture.ts `prepareSentence`) the synthesizer keeps between questions, count. ≈ 2 KB each. */
export const DEFAULT_FURNITURE_MEMO_SENTENCES = 4096;
/** Words of long quoted sentences whose features (for trimming, render.ts) the synthesizer keeps between questions, count. */
export const DEFAULT_WORD_FEATURE_MEMO_WORDS = 4096;
/** Sentences (furniture-cleaned, or a record's line) whose features the synthesizer keeps between questions, count. */
export const DEFAULT_SENTENCE_FEATURE_MEMO_SENTENCES = 8192;

/** Options of {@link createExtractiveSynthesizer}. */
export interface ExtractiveSynthesizerOptions extends Partial<{ readonly [K in keyof typeof DEFAULT_EXTRACTIVE_OPTIONS]: number }> {
  /**
   * When set, not found unless some candidate's `similarity` reaches it: for callers that pass
   * candidates no retriever has filtered. Unset by default, because the retriever admits
   * candidates itself (vector hits at or above its threshold, full-text hits by their words).
   */
  readonly similarityThreshold?: number;
  /** Use the insurance glossary when matching sentences. Default true. */
  readonly useGlossary?: boolean;
  /** Sentence splitter. Default: `splitSentences` of rag/splitter (the one chunks are built with). */
  readonly splitSentences?: SentenceSplitter;
  /** Chunk texts whose sentence analysis is kept between questions. Default {@link DEFAULT_SENTENCE_MEMO_CHUNKS}. */
  readonly sentenceMemoChunks?: number;
}
