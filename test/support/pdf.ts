/**
 * Tiny valid PDFs for tests, so data-layer and actor tests need not depend on the (copyrighted)
 * corpus. `makePdf` word-wraps each string onto one US-Letter page and writes it with
 * `buildPdf` of rag/pdf/testing.ts; pdf.js (unpdf) reads the text back (test/support/pdf.test.ts).
 */
import { buildPdf } from "../../rag/pdf/testing.ts";

/** Characters per line when wrapping a page's text (11 pt Helvetica fits ~95 on 612 − 2×50 pt). */
export const PDF_LINE_CHARS = 90;
/** Lines per page; text beyond this is not drawn (keep test pages short). */
export const PDF_MAX_LINES = 50;

const LEFT_PT = 50;
const TOP_PT = 742;
const LEADING_PT = 14;
const FONT_PT = 11;

/** Splits `text` into lines of at most `width` characters at spaces (explicit `\n` kept). */
export function wrapText(text: string, width = PDF_LINE_CHARS): string[] {
  const lines: string[] = [];
  for (const para of text.split("\n")) {
    let line = "";
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line !== "" && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line === "" ? word : `${line} ${word}`;
    }
    lines.push(line);
  }
  return lines;
}

/**
 * Builds a PDF with one page per entry of `pages` (word-wrapped, top-down lines, through the
 * reader's own {@link buildPdf}); an empty string gives a page without text.
 * @throws RangeError when `pages` is empty (a PDF needs at least one page)
 */
export function makePdf(pages: readonly string[]): Uint8Array {
  if (pages.length === 0) throw new RangeError("makePdf needs at least one page");
  return buildPdf(
    pages.map((text) =>
      wrapText(text)
        .slice(0, PDF_MAX_LINES)
        .map((line, i) => ({ text: line, x: LEFT_PT, y: TOP_PT - i * LEADING_PT, size: FONT_PT }))
        .filter((run) => run.text !== ""),
    ),
  );
}

const latin1Bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

/**
 * A file that passes upload checks (`%PDF-` header, `%%EOF` at the end) but is not a PDF inside:
 * deterministic pseudo-random bytes between the two.
 */
export function makeGarbagePdf(size = 4096, seed = 1): Uint8Array {
  const head = latin1Bytes("%PDF-1.4\n");
  const tail = latin1Bytes("\n%%EOF\n");
  const out = new Uint8Array(head.length + size + tail.length);
  out.set(head);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[head.length + i] = x & 0xff;
  }
  out.set(tail, head.length + size);
  return out;
}
