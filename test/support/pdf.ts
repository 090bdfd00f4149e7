/**
 * Tiny valid PDFs for tests, so data-layer and actor tests need not depend on the (copyrighted)
 * corpus. `makePdf` writes a PDF 1.4 file by hand: one US-Letter page per string, the text set in
 * Helvetica (WinAnsiEncoding), word-wrapped into lines, with a byte-exact cross-reference table.
 * pdf.js (unpdf) reads the text back; see test/support/pdf.test.ts.
 */

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

const latin1Bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

function pageContent(text: string): string {
  const lines = wrapText(text).slice(0, PDF_MAX_LINES);
  if (lines.every((l) => l === "")) return "";
  const esc = (t: string) => t.replace(/[\\()]/g, (c) => `\\${c}`);
  const ops = lines.map((l, i) => (i === 0 ? `(${esc(l)}) Tj` : `T* (${esc(l)}) Tj`));
  return `BT\n/F1 ${FONT_PT} Tf\n${LEADING_PT} TL\n${LEFT_PT} ${TOP_PT} Td\n${ops.join("\n")}\nET`;
}

/**
 * Builds a PDF with one page per entry of `pages`; an empty string gives a page without text.
 * Text must be Latin-1 (other characters are truncated to their low byte).
 * @throws RangeError when `pages` is empty (a PDF needs at least one page)
 */
export function makePdf(pages: readonly string[]): Uint8Array {
  if (pages.length === 0) throw new RangeError("makePdf needs at least one page");
  // Objects: 1 catalog, 2 page tree, 3 font, then per page i: (4 + 2i) page, (5 + 2i) contents.
  const objects: string[] = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    `<< /Type /Pages /Kids [${pages.map((_, i) => `${4 + 2 * i} 0 R`).join(" ")}] /Count ${pages.length} >>`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
  ];
  pages.forEach((text, i) => {
    const content = pageContent(text);
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + 2 * i} 0 R >>`,
    );
    objects.push(`<< /Length ${latin1Bytes(content).length} >>\nstream\n${content}\nendstream`);
  });
  // Latin-1 throughout, so string length = byte offset.
  let out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefAt = out.length;
  // Each xref entry is exactly 20 bytes: 10-digit offset, space, 5-digit generation, space, type, CR LF.
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f\r\n`;
  for (const off of offsets) out += `${String(off).padStart(10, "0")} 00000 n\r\n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return latin1Bytes(out);
}

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
