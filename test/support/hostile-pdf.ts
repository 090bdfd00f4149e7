/**
 * Hostile PDFs for limit tests and benches, generated in memory (never committed): many blank
 * pages (a page-count bomb) and a small file whose shared Flate content stream inflates to a lot
 * of text (a decompression bomb). Both are valid PDFs that pdf.js reads.
 */
import { deflateSync } from "node:zlib";
import { buildPdf } from "../../rag/pdf/testing.ts";

/** A PDF of `pages` blank pages (no text at all); 5,000 pages is ~800 KB. */
export function makeBlankPagesPdf(pages: number): Uint8Array {
  return buildPdf(Array.from({ length: pages }, () => []));
}

/** Options of {@link makeInflatingPdf}. */
export interface InflatingPdfOptions {
  /** Pages, each drawing the same content stream. Default 1. */
  readonly pages?: number;
  /** Text the content stream draws, bytes (approximately; whole lines of `lineChars`). */
  readonly textBytesPerPage: number;
  /** Characters per drawn line. Default 200. */
  readonly lineChars?: number;
}

/**
 * A PDF whose one content stream (FlateDecode, shared by every page) inflates to about
 * `textBytesPerPage` bytes of drawn text: the file stays small (a 50 MB text is ~100 KB
 * compressed) while the extracted text is `pages × textBytesPerPage`.
 * Lines are distinct ("line N …") so the reader's repeated-line stripping keeps them.
 */
export function makeInflatingPdf(options: InflatingPdfOptions): Uint8Array {
  const pages = options.pages ?? 1;
  const lineChars = options.lineChars ?? 200;
  const lines = Math.max(1, Math.ceil(options.textBytesPerPage / lineChars));
  const filler = "coverage ".repeat(Math.ceil(lineChars / 9));
  const ops: string[] = [];
  for (let i = 0; i < lines; i++) {
    const text = `line ${i} ${filler}`.slice(0, lineChars);
    ops.push(`BT /F1 4 Tf 10 ${10 + (i % 700)} Td (${text}) Tj ET`);
  }
  const stream = deflateSync(Buffer.from(ops.join("\n"), "latin1"), { level: 9 });
  const objects: (string | Uint8Array)[] = [];
  const kids = Array.from({ length: pages }, (_, i) => `${5 + i} 0 R`).join(" ");
  objects.push("<< /Type /Catalog /Pages 2 0 R >>");
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`);
  objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  objects.push(`<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n${stream.toString("latin1")}\nendstream`);
  for (let i = 0; i < pages; i++) {
    objects.push("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>");
  }
  let body = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  const offsets: number[] = [];
  objects.forEach((obj, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${obj}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Uint8Array.from(body, (c) => c.charCodeAt(0) & 255);
}
