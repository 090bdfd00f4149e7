/** PDF reading: bytes → per-page text ({@link ParsedDocument}). */
export type { ParsedDocument, PageText } from "../types.ts";
export { EmptyPdfError, EncryptedPdfError, InvalidPdfError, PdfError, type PdfErrorCode } from "./errors.ts";
export {
  FURNITURE_EDGE_LINES,
  FURNITURE_MIN_PAGES,
  FURNITURE_MIN_SHARE,
  stripRepeatedLines,
} from "./furniture.ts";
export { type LayoutItem, layoutPageText, normalizePageText } from "./layout.ts";
export {
  isPdfMagic,
  PAINT_OPERATORS,
  PDF_MAGIC_WINDOW,
  PDF_PARSER,
  PDF_READER_VERSION,
  type PdfPageContent,
  type PdfPageRange,
  type ReadPdfOptions,
  readPdf,
  readPdfPages,
} from "./reader.ts";
export { FONT_REPAIR_CALL, PDFJS_MODULE_FILTER, textOnlyPdfjsPlugin, useTextOnlyPdfjs, withoutFontRepair } from "./text-only-fonts.ts";
