/**
 * Sentence spans with character offsets, so a sentence can be mapped back to its page.
 */

/** A sentence of a chunk: its text and [start, end) offsets in the chunk text. */
export interface SentenceSpan {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** Splits text into sentences (strings only). Same contract as the splitter's `splitSentences`. */
export type SentenceSplitter = (text: string) => readonly string[];

const ABBREV = /\b(?:e\.g|i\.e|etc|vs|no|dr|mr|mrs|ms|st|inc|co|approx|sec|ch|pg|p\.o|u\.s|a\.m|p\.m|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.$/i;

/**
 * A simple fallback splitter: breaks at `.`, `?`, `!` followed by whitespace and an upper-case
 * letter, digit, bullet or quote; at blank lines and page breaks (`\f`); and after bullet lines.
 * Known abbreviations ("e.g.", "P.O.", "No.") do not end a sentence.
 * @param text chunk or page text
 */
export function basicSplitSentences(text: string): string[] {
  const out: string[] = [];
  for (const block of text.split(/\n\s*\n|\f/)) {
    let buf = "";
    const parts = block.split(/(?<=[.?!])\s+(?=[A-Z0-9•\-"“(¿¡$])|\n(?=\s*[•▪◦●]\s)/);
    for (const p of parts) {
      buf = buf ? `${buf} ${p}` : p;
      if (ABBREV.test(buf.trim())) continue;
      if (buf.trim()) out.push(buf.trim());
      buf = "";
    }
    if (buf.trim()) out.push(buf.trim());
  }
  return out;
}

/**
 * Splits `text` with `split` and locates each sentence in `text` (searching forward, tolerant of
 * whitespace differences), giving offsets for page mapping.
 * @param text the chunk text
 * @param split a sentence splitter (default {@link basicSplitSentences})
 */
export function sentenceSpans(text: string, split: SentenceSplitter = basicSplitSentences): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let cursor = 0;
  for (const s of split(text)) {
    const clean = s.trim();
    if (!clean) continue;
    const head = clean.slice(0, Math.min(12, clean.length));
    let at = text.indexOf(head, cursor);
    if (at < 0) at = cursor;
    const end = Math.min(text.length, Math.max(at + clean.length, at));
    spans.push({ text: clean.replace(/\s+/g, " "), start: at, end });
    cursor = Math.max(cursor, at + 1);
  }
  return spans;
}
