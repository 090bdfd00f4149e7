/**
 * Sentence segmentation tuned for text extracted from insurance PDFs.
 *
 * 1. Text is cut into *units* first: blank lines (paragraphs, table cells; see the PDF reader) are
 *    hard boundaries, and so is a line that starts a new item: a bullet (`•`, `◦`, `- `), or an
 *    enumerator (`1.`, `(a)`, `ii.`, `3.1.2 Title`, `Section 4`) unless the previous line ends
 *    mid-phrase (`…see Section` + `4.2 for details`). Other line breaks are plain spaces, so
 *    wrapped lines do not split sentences; a line-final hyphen before a lowercase word is joined.
 * 2. Each unit is segmented with `Intl.Segmenter(…, { granularity: "sentence" })` (ICU rules: no
 *    break inside `$170.50`, `1-800-559-3500`, `Section 2.1`, nor before a lowercase word).
 * 3. Breaks ICU makes after abbreviations are repaired (see `abbreviations.ts`): never after
 *    `e.g.`, `i.e.`, `Sec.`, `Dr.`…; after `No.`/`Jan.`… only when no number follows; after `U.S.`,
 *    `a.m.`, `p.m.`, `Inc.`, `P.O.` and initials only when the next word is a sentence opener
 *    (`…8 p.m. Monday through Friday` stays one sentence, `…8 p.m. From Oct. 1…` is two). A
 *    segment that is only a list marker (`1.`, `(a)`) is joined with its item.
 * 4. Sentences longer than {@link MAX_SENTENCE_CHARS} (glued table rows, lists without full stops)
 *    are cut at line breaks, then after semicolons, then at spaces, packing pieces greedily up to
 *    the limit; a single word longer than the limit is cut hard.
 * 5. Whitespace inside each sentence is collapsed to single spaces; empty sentences are dropped.
 */
import {
  BEFORE_NUMBER,
  BULLET_START,
  CONTINUES_LINE,
  ENUM_START,
  LABEL_ONLY,
  LABEL_WORDS,
  MAYBE_FINAL,
  NEVER_FINAL,
  SENTENCE_OPENERS,
  TRAILING_MARKER,
} from "./abbreviations.ts";

/** Default cap on a sentence's length in characters; longer ones are cut (see {@link splitSentences}). */
export const MAX_SENTENCE_CHARS = 1000;

/** Options of {@link splitSentences}. */
export interface SplitSentencesOptions {
  /** Cap on a sentence's length (a positive integer). Default {@link MAX_SENTENCE_CHARS}. */
  readonly maxChars?: number;
}

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });
const OPENING_PUNCT = /^[("“'‘[]+/;

function startsItem(line: string, prev: string): boolean {
  return BULLET_START.test(line) || (ENUM_START.test(line) && !CONTINUES_LINE.test(prev));
}

/** Cuts text into units (see module doc, step 1); lines inside a unit stay joined by `\n`. */
function units(text: string): string[] {
  const out: string[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    let cur: string[] = [];
    for (const raw of block.split("\n")) {
      const line = raw.trim();
      if (line === "") continue;
      const prev = cur.at(-1);
      if (prev === undefined) cur.push(line);
      else if (startsItem(line, prev)) {
        out.push(cur.join("\n"));
        cur = [line];
      } else if (/\p{L}-$/u.test(prev) && /^\p{Ll}/u.test(line)) cur[cur.length - 1] = prev + line;
      else cur.push(line);
    }
    if (cur.length > 0) out.push(cur.join("\n"));
  }
  return out;
}

/** Whether the segment `next` continues the sentence `acc` although ICU put a break between them. */
function continues(acc: string, next: string): boolean {
  const a = acc.trimEnd();
  const n = next.trimStart();
  if (!/[\p{L}\p{N}]/u.test(n)) return true;
  if (LABEL_ONLY.test(a)) return true;
  const rawToken = (/\S+$/.exec(a)?.[0] ?? "").replace(OPENING_PUNCT, "");
  const token = rawToken.toLowerCase();
  const nextWord = (/^\S+/.exec(n)?.[0] ?? "").replace(OPENING_PUNCT, "");
  const opener = SENTENCE_OPENERS.has(nextWord.replace(/[^\p{L}\p{N}]+$/u, "").toLowerCase());
  if (NEVER_FINAL.has(token)) return true;
  if (BEFORE_NUMBER.has(token)) return /^\d/.test(nextWord);
  if (MAYBE_FINAL.has(token) || /^(?:\p{L}\.){2,}$/u.test(token)) return !opener;
  if (/^\p{Lu}\.$/u.test(rawToken)) {
    const before = /(\S+)\s*$/.exec(a.slice(0, a.length - rawToken.length))?.[1];
    if (before !== undefined && LABEL_WORDS.has(before.toLowerCase())) return false;
    return !opener;
  }
  return false;
}

/** ICU segments of one unit, with abbreviation and list-marker breaks repaired. */
function segmentUnit(unit: string): string[] {
  const flat = unit.replaceAll("\n", " "); // same length: offsets map back onto `unit`
  const pieces: string[] = [];
  for (const { segment, index } of segmenter.segment(flat)) {
    const piece = unit.slice(index, index + segment.length);
    const m = TRAILING_MARKER.exec(piece.trimEnd());
    if (m) pieces.push(`${m[1]} `, `${m[2]} `);
    else pieces.push(piece);
  }
  const out: string[] = [];
  let acc = "";
  for (const piece of pieces) {
    if (acc === "" || continues(acc, piece)) acc += piece;
    else {
      out.push(acc);
      acc = piece;
    }
  }
  if (acc !== "") out.push(acc);
  return out;
}

const CAP_SEPARATORS = [/\n+/, /(?<=;)\s+/, /\s+/];

/** Cuts an over-long sentence at line breaks, then after semicolons, then at spaces (step 4). */
function cap(text: string, max: number, level = 0): string[] {
  if (text.length <= max) return [text];
  const sep = CAP_SEPARATORS[level];
  if (sep === undefined) {
    const hard: string[] = [];
    for (let i = 0; i < text.length; i += max) hard.push(text.slice(i, i + max));
    return hard;
  }
  const parts = text.split(sep).flatMap((p) => cap(p, max, level + 1));
  const out: string[] = [];
  let cur = "";
  for (const p of parts) {
    if (p === "") continue;
    if (cur !== "" && cur.length + 1 + p.length > max) {
      out.push(cur);
      cur = p;
    } else cur = cur === "" ? p : `${cur} ${p}`;
  }
  if (cur !== "") out.push(cur);
  return out;
}

/**
 * Splits text into sentences (see the module documentation for the exact rules).
 *
 * @param text page text with `\n` line breaks and `\n\n` paragraph breaks, as `readPdf` produces
 * @returns trimmed sentences with single spaces, in order; none empty, none longer than `maxChars`
 * @throws {RangeError} `options.maxChars` is not a positive integer
 */
export function splitSentences(text: string, options: SplitSentencesOptions = {}): string[] {
  const max = options.maxChars ?? MAX_SENTENCE_CHARS;
  if (!(Number.isSafeInteger(max) && max > 0)) {
    throw new RangeError(`maxChars must be a positive integer, got ${max}`);
  }
  const clean = text
    .replace(/\r\n?/g, "\n")
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "")
    .replace(/[^\S\n]+/g, " ");
  const sentences: string[] = [];
  for (const unit of units(clean)) {
    for (const sentence of segmentUnit(unit)) {
      for (const piece of cap(sentence.trim(), max)) {
        const s = piece.replace(/\s+/g, " ").trim();
        if (s !== "") sentences.push(s);
      }
    }
  }
  return sentences;
}
