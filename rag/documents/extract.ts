/**
 * Document understanding at ingestion: the profile and the records of a parsed document.
 */
import type { PageText } from "../types.ts";
import { BENEFIT_TABLE_TEXT, benefitTableRecords } from "./benefit-table.ts";
import { coverageExampleRecords } from "./coverage-examples.ts";
import { definitionRecords } from "./definitions.ts";
import { EOC_BENEFITS_CHART, eocRecords } from "./eoc.ts";
import { openPositionedPdf, type PositionedPage, type PositionedPdf } from "./positions.ts";
import { detectProfile, PROFILE_PAGES } from "./profile.ts";
import { sbcRecords } from "./sbc.ts";
import type { DocumentProfile, RecordDraft } from "./types.ts";

/**
 * Version of the record extraction. Record ids are UUIDv5(document id, `${version}:${ordinal}`):
 * bump it when the records read from the same bytes change.
 */
export const RECORD_EXTRACTOR_VERSION = "documents@3";

/** What {@link readDocumentStructure} learns. */
export interface DocumentStructure {
  readonly profile: DocumentProfile;
  /** Table rows and definitions in page order. */
  readonly records: readonly RecordDraft[];
}

/** Options of {@link readDocumentStructure}. */
export interface ReadStructureOptions {
  readonly filename: string;
  /** The document's page text (as `readPdf` or OCR returned it). */
  readonly pages: readonly PageText[];
  /**
   * Positioned text of pages that have no text layer (OCR word boxes), by page number. Pages
   * listed here are not read from the PDF's text layer.
   */
  readonly positioned?: ReadonlyMap<number, PositionedPage>;
  /**
   * Positioned text layers already read (`positionedFromContent` of the parse's own pdf.js
   * content), by page number: used instead of reading those pages again; the PDF is opened only
   * when a page needed is not here.
   */
  readonly textLayers?: ReadonlyMap<number, PositionedPage>;
}

/** Stand-in positions for pages known only as text: one run per line, 12 points apart. */
export function textAsPositioned(page: PageText): PositionedPage {
  const lines = page.text.split("\n");
  return {
    page: page.page,
    width: 612,
    height: Math.max(792, 12 * lines.length + 24),
    items: lines.filter((l) => l.trim() !== "").map((str, i) => ({ str, x: 36, y: 24 + 12 * i, w: 6 * str.length, h: 10 })),
  };
}

/**
 * Reads the profile (from the first pages) and the records (SBC tables and coverage examples, EOC
 * benefits chart, an IRDAI wording's Table of Benefits, definitions) of a PDF.
 * @throws whatever pdf.js throws for bytes it cannot open (callers parse with `readPdf` first)
 */
export async function readDocumentStructure(bytes: Uint8Array, options: ReadStructureOptions): Promise<DocumentStructure> {
  const ocr = options.positioned ?? new Map<number, PositionedPage>();
  const merge = (pages: PositionedPage[]) =>
    // A page read without any text run but with text (OCR'd elsewhere) stands in as lines; pages not read (width 0) stay empty.
    pages.map((p) => ocr.get(p.page) ?? (p.items.length === 0 && p.width > 0 && options.pages[p.page - 1]?.text ? textAsPositioned(options.pages[p.page - 1]!) : p));
  let opened: Promise<PositionedPdf> | undefined;
  const open = () => (opened ??= openPositionedPdf(bytes));
  const layer = async (n: number) => options.textLayers?.get(n) ?? (await open()).page(n);
  // The page count is the parse's (every page, empty ones too) unless the caller's pages are not all of them.
  const numPages = options.textLayers && options.pages.length > 0 && options.pages.every((p, i) => p.page === i + 1) ? options.pages.length : (await open()).numPages;
  let profile: DocumentProfile;
  let tables: RecordDraft[] = [];
  try {
    // One pass: the first pages decide the kind; only SBCs and EOCs are read further for tables.
    const read: PositionedPage[] = [];
    for (let n = 1; n <= Math.min(PROFILE_PAGES, numPages); n++) read.push(await layer(n));
    profile = detectProfile({ filename: options.filename, pages: merge(read) });
    if (profile.kind === "sbc" || profile.kind === "eoc") {
      // An EOC's chart repeats its header on each of its pages: only those pages (of ~230) are
      // read for positions. When the text shows none (a reader that drops the header), all are.
      const chart = options.pages.filter((p) => p.text.split("\n").some((line) => EOC_BENEFITS_CHART.label.test(line))).map((p) => p.page);
      const wanted = profile.kind === "eoc" && chart.length > 0 ? new Set(chart) : undefined;
      for (let n = read.length + 1; n <= numPages; n++) {
        read.push(wanted === undefined || wanted.has(n) ? await layer(n) : { page: n, width: 0, height: 0, items: [] });
      }
      const all = merge(read);
      tables = profile.kind === "sbc" ? [...sbcRecords(all), ...coverageExampleRecords(all)] : eocRecords(all);
    } else if (profile.kind === "policy_wording") {
      // an IRDAI wording's Table of Benefits: only the pages naming it are read for positions
      for (const p of options.pages) if (p.page > read.length && BENEFIT_TABLE_TEXT.test(p.text)) read.push(await layer(p.page));
      tables = benefitTableRecords(merge(read.filter((p) => BENEFIT_TABLE_TEXT.test(options.pages[p.page - 1]?.text ?? ""))));
    }
  } finally {
    if (opened) await (await opened).close();
  }
  const definitions = definitionRecords(options.pages);
  const records = [...tables, ...definitions].sort((a, b) => a.page - b.page);
  return { profile, records };
}
