/** OCR for pages without a text layer (poppler `pdftoppm` + Debian `tesseract`). */
export { OcrError, type OcrErrorCode } from "./errors.ts";
export {
  createTesseractOcr,
  DEFAULT_OCR_DPI,
  DEFAULT_OCR_LANGUAGE,
  DEFAULT_OCR_PAGE_TIMEOUT_MS,
  type OcrEngine,
  type OcrPage,
  parseTesseractTsv,
  tesseractAvailable,
  type TesseractOptions,
} from "./tesseract.ts";
