/**
 * Sentence → page mapping inside a chunk.
 */
import type { RetrievedChunk } from "../types.ts";

/** Page-break character the splitter may leave between pages inside a chunk (form feed). */
export const PAGE_BREAK = "\f";

/**
 * The 1-based physical page of the character at `offset` in `chunk.text`.
 * - single-page chunk: `pageStart`;
 * - text containing form feeds: `pageStart` + number of `\f` before `offset` (exact);
 * - otherwise: proportional position across `pageStart..pageEnd` (an estimate).
 * @returns a page within `pageStart..pageEnd`
 */
export function pageAtOffset(chunk: Pick<RetrievedChunk, "text" | "pageStart" | "pageEnd">, offset: number): number {
  const { text, pageStart, pageEnd } = chunk;
  if (pageEnd <= pageStart) return pageStart;
  const at = Math.max(0, Math.min(offset, text.length));
  if (text.includes(PAGE_BREAK)) {
    let n = 0;
    for (let i = text.indexOf(PAGE_BREAK); i >= 0 && i < at; i = text.indexOf(PAGE_BREAK, i + 1)) n++;
    return Math.min(pageEnd, pageStart + n);
  }
  const span = pageEnd - pageStart + 1;
  return Math.min(pageEnd, pageStart + Math.floor((at / Math.max(1, text.length)) * span));
}
