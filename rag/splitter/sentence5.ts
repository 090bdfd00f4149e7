/**
 * The `sentence_5` chunker of the seed project: sliding windows of 5 sentences, advancing by 4
 * (one sentence of overlap), dropping chunks of 50 characters or fewer.
 */
import type { ChunkDraft, PageText } from "../types.ts";
import { MAX_SENTENCE_CHARS, splitSentences } from "./sentences.ts";

/** Sentences per chunk. */
export const SENTENCE5_WINDOW = 5;
/** Sentences between the starts of two consecutive windows (window − stride = overlap). */
export const SENTENCE5_STRIDE = 4;
/** Chunks whose trimmed text has this many characters or fewer are dropped. */
export const SENTENCE5_MIN_CHARS = 50;
/**
 * Version of the chunker's output; part of deterministic chunk ids. Bump it whenever the chunks
 * produced for the same pages change (windowing, sentence splitting, abbreviation lists…).
 */
export const CHUNKER_VERSION = "sentence_5@2";

/** A sentence and the pages it comes from (two pages when it continues across a page break). */
export interface PageSentence {
  /** The sentence, trimmed, single-spaced. */
  readonly text: string;
  /** 1-based page the sentence starts on. */
  readonly pageStart: number;
  /** 1-based page the sentence ends on (= `pageStart` unless it continues across a page break). */
  readonly pageEnd: number;
}

/** Options of {@link sentence5}, for experiments; the defaults are the seed project's rule. */
export interface Sentence5Options {
  /** Sentences per window, a positive integer. Default {@link SENTENCE5_WINDOW}. */
  readonly window?: number;
  /** Advance between windows, an integer in `[1, window]`. Default {@link SENTENCE5_STRIDE}. */
  readonly stride?: number;
  /** Drop chunks with at most this many characters, an integer ≥ 0. Default {@link SENTENCE5_MIN_CHARS}. */
  readonly minChars?: number;
  /** Cap on one sentence's length, passed to `splitSentences`. Default {@link MAX_SENTENCE_CHARS}. */
  readonly maxSentenceChars?: number;
}

const TERMINAL = /[.!?:;"”’)\]]$/;

/**
 * Splits every page into sentences, in page order. A page's first sentence is joined to the
 * previous page's last one when that one has no terminal punctuation and this one starts with a
 * lowercase letter (a sentence broken by the page break), unless the result would exceed the cap.
 *
 * @param pages pages in any order; they are processed by ascending `page`
 * @param maxSentenceChars cap on one sentence's length (see `splitSentences`)
 */
export function splitPageSentences(
  pages: readonly PageText[],
  maxSentenceChars: number = MAX_SENTENCE_CHARS,
): PageSentence[] {
  const out: PageSentence[] = [];
  const ordered = [...pages].sort((a, b) => a.page - b.page);
  for (const { page, text } of ordered) {
    const sentences = splitSentences(text, { maxChars: maxSentenceChars });
    sentences.forEach((s, i) => {
      const prev = out.at(-1);
      if (
        i === 0 &&
        prev !== undefined &&
        prev.pageEnd < page &&
        !TERMINAL.test(prev.text) &&
        /^\p{Ll}/u.test(s) &&
        prev.text.length + 1 + s.length <= maxSentenceChars
      ) {
        out[out.length - 1] = { text: `${prev.text} ${s}`, pageStart: prev.pageStart, pageEnd: page };
      } else out.push({ text: s, pageStart: page, pageEnd: page });
    });
  }
  return out;
}

function checkInt(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer in [${min}, ${max}], got ${value}`);
  }
  return value;
}

/**
 * Chunks pages with the `sentence_5` rule: sentences (see {@link splitPageSentences}) flow across
 * pages; windows of `window` sentences start at sentence 0, `stride`, `2·stride`, … while the start
 * is before the last sentence (so 13 sentences give windows at 0, 4, 8 and 12, the last one holding
 * only sentence 12) — except that a window reaching the last sentence is the last one, so 13 sentences
 * give windows at 0, 4 and 8; a window's text is its sentences joined by single spaces (a form feed
 * where the page changes); windows whose trimmed
 * text has `minChars` characters or fewer are dropped. Kept chunks get consecutive 0-based ordinals;
 * `pageStart`/`pageEnd` are the min/max pages of their sentences. Deterministic: same input, same output.
 *
 * @throws {RangeError} an option is out of range (`stride` > `window` would skip sentences)
 */
export function sentence5(pages: readonly PageText[], options: Sentence5Options = {}): ChunkDraft[] {
  const window = checkInt("window", options.window ?? SENTENCE5_WINDOW, 1);
  const stride = checkInt("stride", options.stride ?? SENTENCE5_STRIDE, 1, window);
  const minChars = checkInt("minChars", options.minChars ?? SENTENCE5_MIN_CHARS, 0);
  const maxSentenceChars = checkInt("maxSentenceChars", options.maxSentenceChars ?? MAX_SENTENCE_CHARS, 1);
  const sentences = splitPageSentences(pages, maxSentenceChars);
  const chunks: ChunkDraft[] = [];
  for (let start = 0; start < sentences.length; start += stride) {
    const group = sentences.slice(start, start + window);
    const text = joinSentences(group);
    if (text.length <= minChars) continue;
    chunks.push({
      ordinal: chunks.length,
      text,
      pageStart: Math.min(...group.map((s) => s.pageStart)),
      pageEnd: Math.max(...group.map((s) => s.pageEnd)),
    });
    // A window that reached the last sentence ends the document: the next one would only repeat it.
    if (start + window >= sentences.length) break;
  }
  return chunks;
}

/**
 * Joins a window's sentences with single spaces, but with one form feed (`\f`) per page advanced
 * between sentences, so a reader of the chunk text can tell on which page each sentence stands
 * (the synthesizer cites the page of the quoted sentence, not just the chunk's first page).
 */
function joinSentences(group: readonly PageSentence[]): string {
  const first = group[0];
  if (!first) return "";
  let text = "";
  let page = first.pageStart;
  for (const s of group) {
    const advance = Math.max(0, s.pageStart - page);
    text += text === "" ? s.text : (advance > 0 ? "\f".repeat(advance) : " ") + s.text;
    page += advance;
  }
  return text.trim();
}
