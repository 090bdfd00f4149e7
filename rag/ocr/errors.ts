/** Errors of OCR. */
import { NavigatorError } from "../../runtime/index.ts";

/** Machine-readable codes of {@link OcrError}. */
export type OcrErrorCode = "ocr_failed";

/** OCR could not read a page: a program is missing, failed, or ran out of time. `cause` holds the underlying error. */
export class OcrError extends NavigatorError<OcrErrorCode> {
  readonly code = "ocr_failed" as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
