/** Named errors of document submission and ingestion. */

/** The upload is not a PDF (judged by its bytes, not its name). HTTP 415. */
export class UnsupportedMediaTypeError extends Error {
  readonly code = "unsupported_media_type";
  constructor(readonly detected: string, options?: { cause?: unknown }) {
    super(`only PDF documents are accepted; this file looks like ${detected}`, options);
    this.name = "UnsupportedMediaTypeError";
  }
}

/** The upload is larger than the limit. HTTP 413. */
export class PayloadTooLargeError extends Error {
  readonly code = "payload_too_large";
  constructor(readonly bytes: number, readonly limitBytes: number) {
    super(`the file is ${bytes} bytes; the limit is ${limitBytes} bytes`);
    this.name = "PayloadTooLargeError";
  }
}

/** The upload has no bytes. HTTP 422. */
export class EmptyFileError extends Error {
  readonly code = "empty_file";
  constructor() {
    super("the file is empty");
    this.name = "EmptyFileError";
  }
}

/** An ingestion step failed; `retryable` says whether another attempt may succeed. */
export class IngestionError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "IngestionError";
  }
}
