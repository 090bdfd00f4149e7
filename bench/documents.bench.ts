/**
 * Document understanding at ingestion (rag/documents) and OCR (rag/ocr), per corpus PDF: the time
 * `readPdf` takes, the extra time the profile + records take, how many records of each kind, and
 * (when poppler + tesseract are installed) OCR of two rasterised SBC pages. Prints a table.
 * Corpus: ../shared/corpus (skipped with a message when missing).
 */
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { readDocumentStructure } from "../rag/documents/index.ts";
import { createTesseractOcr, tesseractAvailable } from "../rag/ocr/index.ts";
import { readPdf } from "../rag/pdf/index.ts";
import { rasterisePdf } from "../test/support/image-pdf.ts";

const CORPUS = resolve(import.meta.dir, "../../shared/corpus");
if (!existsSync(CORPUS)) {
  console.log(`corpus missing at ${CORPUS}: skipped`);
  process.exit(0);
}
const rows: string[] = ["| file | pages | readPdf ms | profile + records ms | kind | questions | benefits | definitions |", "|---|---|---|---|---|---|---|---|"];
for (const file of readdirSync(CORPUS).filter((f) => f.endsWith(".pdf")).sort()) {
  const bytes = new Uint8Array(await Bun.file(join(CORPUS, file)).arrayBuffer());
  let t = performance.now();
  const doc = await readPdf(bytes);
  const parseMs = performance.now() - t;
  t = performance.now();
  const s = await readDocumentStructure(bytes, { filename: file, pages: doc.pages });
  const structureMs = performance.now() - t;
  const n = (k: string) => s.records.filter((r) => r.kind === k).length;
  rows.push(`| ${file} | ${doc.pages.length} | ${parseMs.toFixed(0)} | ${structureMs.toFixed(0)} | ${s.profile.kind} | ${n("question")} | ${n("benefit")} | ${n("definition")} |`);
}
console.log(rows.join("\n"));
console.log(`RSS after all: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);

const kaiser = join(CORPUS, "SBC_Kaiser.pdf");
if (tesseractAvailable() && existsSync(kaiser)) {
  const scan = await rasterisePdf(kaiser, 1, 2);
  const ocr = createTesseractOcr();
  const t = performance.now();
  const pages = await ocr.readPages(scan, [1, 2]);
  const ms = performance.now() - t;
  console.log(`OCR (pdftoppm + tesseract, 150 dpi, OMP_THREAD_LIMIT=1): 2 scanned SBC pages in ${ms.toFixed(0)} ms wall (${(ms / 2).toFixed(0)} ms/page), ${pages.reduce((a, p) => a + p.text.length, 0)} characters`);
} else console.log("OCR: skipped (pdftoppm/tesseract missing)");
