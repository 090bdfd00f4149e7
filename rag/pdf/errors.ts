/** Errors thrown by the PDF reader. Each carries a stable machine-readable `code`. */
import { NavigatorError } from "../../runtime/index.ts";

/** Machine-readable codes of {@link PdfError}s. */
export type PdfErrorCode = "invalid_pdf" | "encrypted_pdf" | "no_text";

/** Base class of every error `readPdf` throws on purpose. Branch on `code`, not on the message. */
export abstract class PdfError extends NavigatorError {
  /** Stable code for API responses and logs. */
  abstract override readonly code: PdfErrorCode;
}

/** The bytes are not a readable PDF: no `%PDF-` header, truncated, or corrupt. `cause` holds the parser's error. */
export class InvalidPdfError extends PdfError {
  override readonly name = "InvalidPdfError";
  readonly code = "invalid_pdf" as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The PDF is encrypted and cannot be opened without a password (or the password given is wrong). */
export class EncryptedPdfError extends PdfError {
  override readonly name = "EncryptedPdfError";
  readonly code = "encrypted_pdf" as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The PDF opened but no page has extractable text (e.g. a scan without an OCR text layer). */
export class EmptyPdfError extends PdfError {
  override readonly name = "EmptyPdfError";
  readonly code = "no_text" as const;
  /** Number of pages that were read. */
  readonly pageCount: number;
  constructor(pageCount: number) {
    super(`The PDF has no extractable text on any of its ${pageCount} page(s); it may be a scan without OCR.`);
    this.pageCount = pageCount;
  }
}
