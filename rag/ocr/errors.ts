/** Errors of OCR. */

/** Machine-readable codes of {@link OcrError}. */
export type OcrErrorCode = "ocr_failed";

/** OCR could not read a page: a program is missing, failed, or ran out of time. `cause` holds the underlying error. */
export class OcrError extends Error {
  override readonly name = "OcrError";
  readonly code: OcrErrorCode = "ocr_failed";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
