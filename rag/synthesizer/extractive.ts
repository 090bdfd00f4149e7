/**
 * The extractive synthesizer: answers with the few retrieved sentences that best cover the
 * question, each passage followed by a `[n]` citation to its document page. No model, no network.
 */
import { buildQueryTerms, type QueryTerms } from "../rerank/query.ts";
import { splitSentences } from "../splitter/index.ts";
import { createTextMemo } from "../text/memo.ts";
import type { RetrievedChunk, SynthesizedAnswer, SynthesizeOptions, Synthesizer } from "../types.ts";
import { renderAnswer } from "./render.ts";
import { type AnalyzedText, analyzeText, stitchPassages } from "./passages.ts";
import { detectIntent, termWeights } from "./scoring.ts";
import { type Cand, pickWindows, scoreWindows, type SelectOptions } from "./select.ts";
import type { SentenceSplitter } from "./sentences.ts";

/** Plain not-found answer (English). */
export const NOT_FOUND_TEXT = "I couldn't find that in your documents.";
/** Plain not-found answer for Spanish questions. */
export const NOT_FOUND_TEXT_ES = "No encontré eso en sus documentos.";
/**
 * Opens a found answer given in Spanish (`language: "es"`, or a Spanish question): the quoted
 * passages stay in the documents' own words (English), so the facts are exactly as printed.
 */
export const ANSWER_PREFIX_ES = "Según sus documentos: ";

/**
 * Defaults of {@link ExtractiveSynthesizerOptions}. Set in an earlier round; re-checked on the
 * development set (in-memory harness, `fusion`, per document, 273 answerable cases, answer facts):
 * default 50.5%; maxSentences 3: 49.1, 5: 51.3; chunkPriorWeight 0: 49.1, 0.3: 50.5. None moved by
 * more than 1.5 points, so they stay.
 */
export const DEFAULT_EXTRACTIVE_OPTIONS = {
  /** Chunks (best first) whose sentences may be quoted. */
  maxChunks: 5,
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

/**
 * Creates the extractive synthesizer. Pass it all reranked candidates (e.g. 50), best first by
 * `score`: the top `maxChunks` supply the answer sentences; all of them the term statistics.
 * Not found (`found: false`, no citations) when there is no candidate, when none reaches
 * `similarityThreshold` (if set), or when no sentence matches the question. Whether the retrieved
 * text answers the question at all is decided before synthesis (rag/refusal, in the retriever).
 * @throws RangeError on invalid options
 */
export function createExtractiveSynthesizer(options: ExtractiveSynthesizerOptions = {}): Synthesizer {
  const o = { ...DEFAULT_EXTRACTIVE_OPTIONS, ...options };
  const threshold = options.similarityThreshold ?? -1;
  if (!(threshold >= -1 && threshold <= 1)) throw new RangeError("similarityThreshold must be in -1..1");
  for (const k of ["maxChunks", "maxSentences", "maxWindow", "maxSentenceChars"] as const)
    if (!Number.isInteger(o[k]) || o[k] < 1) throw new RangeError(`${k} must be a positive integer`);
  for (const k of ["ownWeight", "numericBonus", "adjacencyBonus", "chunkPriorWeight", "extraSentencePenalty", "minRelativeScore", "minGain"] as const)
    if (!(o[k] >= 0 && o[k] <= 1)) throw new RangeError(`${k} must be in 0..1`);
  const split: SentenceSplitter = options.splitSentences ?? ((t) => splitSentences(t));
  // A text's sentences and their features depend on the text (and `split`) alone: once per text.
  const memo = createTextMemo<AnalyzedText>(options.sentenceMemoChunks ?? DEFAULT_SENTENCE_MEMO_CHUNKS);
  const analyze = (text: string): AnalyzedText => memo.get(text, (t) => analyzeText(t, split));
  const useGlossary = options.useGlossary ?? true;
  const provider = "extractive";
  const sel: SelectOptions = { ...o, maxWindow: Math.min(o.maxWindow, o.maxSentences) };
  const notFound = (spanish: boolean): SynthesizedAnswer => ({ text: spanish ? NOT_FOUND_TEXT_ES : NOT_FOUND_TEXT, found: false, citations: [], provider });

  return {
    provider,
    async synthesize(question: string, chunks: readonly RetrievedChunk[], options?: SynthesizeOptions): Promise<SynthesizedAnswer> {
      const answer = compose(question, chunks, options?.language, options?.analysis?.queryTerms);
      // The extractive answer is known whole at once; it streams one piece per sentence.
      if (options?.onDelta) for (const piece of sentencePieces(answer.text)) options.onDelta(piece);
      return answer;
    },
  };

  function compose(question: string, chunks: readonly RetrievedChunk[], language: string | undefined, known: QueryTerms | undefined): SynthesizedAnswer {
    {
      const q = known && useGlossary ? known : buildQueryTerms(question, useGlossary);
      // Answer language: the caller's, else the question's (the glossary's Spanish detection).
      const spanish = language === undefined ? q.expansion.spanish : language === "es";
      const ranked = [...chunks].sort((a, b) => b.score - a.score);
      const top = ranked.slice(0, o.maxChunks);
      if (top.length === 0 || Math.max(...ranked.map((c) => c.similarity)) < threshold) return notFound(spanish);

      const cands: Cand[] = stitchPassages(ranked, o.maxChunks, split, analyze);
      if (cands.length === 0) return notFound(spanish);
      // Term statistics over every chunk given: words of running headers or the plan's name occur
      // everywhere and weigh little; the question's topic words weigh most.
      const all = ranked.flatMap((c) => analyze(c.text).features);
      const weights = termWeights(q, all, question);
      const intent = detectIntent(q.expansion.spanish ? q.expansion.expanded : question);
      const windows = scoreWindows(cands, weights, intent, top[0]?.score ?? 1, sel);
      const picked = pickWindows(windows, weights, intent, sel).flatMap((w) => w.sents);
      if (picked.length === 0) return notFound(spanish);
      const answer = renderAnswer(picked, o.maxSentenceChars, weights, provider);
      return spanish ? { ...answer, text: ANSWER_PREFIX_ES + answer.text } : answer;
    }
  }
}

/**
 * Splits an answer into consecutive pieces, one per sentence (a piece ends after sentence-final
 * punctuation or a citation marker `[n]`, and the whitespace that follows). The pieces
 * concatenated are exactly `text`.
 */
export function sentencePieces(text: string): string[] {
  const pieces = text.match(/[^]*?(?:(?:[.!?…](?:\s*\[\d+\])*|\[\d+\])(?:\s+|$)|$)/g) ?? [];
  const out = pieces.filter((p) => p.length > 0);
  return out.length > 0 ? out : [text];
}
