/**
 * PDF → per-page text, using unpdf's serverless pdf.js build (no worker, no native deps).
 */
import { getDocumentProxy, getResolvedPDFJS } from "unpdf";
import type { PageText, ParsedDocument } from "../types.ts";
import { EmptyPdfError, EncryptedPdfError, InvalidPdfError } from "./errors.ts";
import { stripRepeatedLines } from "./furniture.ts";
import { type LayoutItem, layoutPageText, normalizePageText } from "./layout.ts";
import { createInThreadPdfWorker, type InThreadPdfWorker } from "./port.ts";
import { useTextOnlyPdfjs } from "./text-only-fonts.ts";

/** Value of {@link ParsedDocument.parser} for documents read by {@link readPdf}. */
export const PDF_PARSER = "unpdf";

/**
 * Version of the reader's text output (layout heuristics + normalisation). Bump it whenever the
 * text `readPdf` produces for the same bytes changes, so stored documents can be re-parsed.
 */
export const PDF_READER_VERSION = "unpdf-layout@1";

/** How far into the file the `%PDF-` header may start (PDF 1.7 §7.5.2 implementation note: 1024 bytes). */
export const PDF_MAGIC_WINDOW = 1024;

const MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

/** Options of {@link readPdf}. */
export interface ReadPdfOptions {
  /** Read at most this many pages from the start (a positive integer). Default: all pages. */
  readonly maxPages?: number;
  /**
   * Remove running headers, footers and page numbers repeated on most pages
   * (see `stripRepeatedLines`). Default `true`.
   */
  readonly stripRepeatedLines?: boolean;
  /** Password for encrypted PDFs. Without it (or if wrong), encrypted PDFs throw {@link EncryptedPdfError}. */
  readonly password?: string;
  /**
   * Called once the document is open, with its page count, before any page is read; a throw
   * stops the read and `readPdf` rejects with it (how callers enforce a page limit).
   */
  readonly onOpen?: (pageCount: number) => void;
  /**
   * Called after each page is read, with its 1-based number and its text (before running
   * headers/footers are stripped); a throw stops the read and `readPdf` rejects with it (how
   * callers enforce text-size, memory or cancellation limits between pages).
   */
  readonly onPage?: (page: number, text: string) => void;
  /**
   * Called after each page is read with pdf.js's own view of it: its text content (the
   * `getTextContent()` result this reader laid out) and its viewport at scale 1, so a caller that
   * needs text positions (rag/documents) reuses them instead of opening and reading the PDF again.
   * Called before `onPage`; a throw stops the read like `onPage`'s.
   */
  readonly onPageContent?: (page: number, text: string, content: PdfPageContent) => void;
  /**
   * Look at the drawing operators of pages without text and list those with nothing drawn (no
   * image, path, shading or text) as `blankPages`: OCR would find nothing there. Default false.
   */
  readonly findBlankPages?: boolean;
}

/**
 * pdf.js operators that put marks on a page (`OPS` names): text, paths, shadings and images.
 * A page whose operator list has none of them is blank, whatever its state operators.
 */
export const PAINT_OPERATORS: readonly string[] = [
  "showText", "showSpacedText", "nextLineShowText", "nextLineSetSpacingShowText",
  "constructPath", "stroke", "closeStroke", "fill", "eoFill", "fillStroke", "eoFillStroke", "closeFillStroke", "closeEOFillStroke",
  "shadingFill", "paintSolidColorImageMask",
  "paintImageXObject", "paintInlineImageXObject", "paintInlineImageXObjectGroup", "paintImageXObjectRepeat",
  "paintImageMaskXObject", "paintImageMaskXObjectGroup", "paintImageMaskXObjectRepeat", "paintJpegXObject",
];

/** True when the page's operator list draws nothing ({@link PAINT_OPERATORS}). */
async function drawsNothing(page: { getOperatorList(): Promise<{ fnArray: number[] }> }): Promise<boolean> {
  const { OPS } = (await getResolvedPDFJS()) as unknown as { OPS: Record<string, number> };
  const paint = new Set(PAINT_OPERATORS.map((name) => OPS[name]).filter((op): op is number => op !== undefined));
  const { fnArray } = await page.getOperatorList();
  return !fnArray.some((op) => paint.has(op));
}

/** A page as pdf.js read it (see {@link ReadPdfOptions.onPageContent}); valid only during the call's synchronous part. */
export interface PdfPageContent {
  /** pdf.js `TextContent.items` (text runs and marked-content markers). */
  readonly items: readonly unknown[];
  /** pdf.js `PageViewport` at scale 1. */
  readonly viewport: {
    readonly width: number;
    readonly height: number;
    readonly rotation: number;
    convertToViewportPoint(x: number, y: number): number[];
  };
}

/**
 * True when `%PDF-` occurs within the first {@link PDF_MAGIC_WINDOW} bytes. Readers accept leading
 * garbage before the header, so this is the same leniency; it says nothing about the rest of the file.
 */
export function isPdfMagic(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, PDF_MAGIC_WINDOW) - MAGIC.length;
  outer: for (let i = 0; i <= end; i++) {
    for (let j = 0; j < MAGIC.length; j++) if (bytes[i + j] !== MAGIC[j]) continue outer;
    return true;
  }
  return false;
}

function errorName(err: unknown): string {
  return typeof err === "object" && err !== null && "name" in err ? String(err.name) : "";
}

type DocumentProxy = Awaited<ReturnType<typeof getDocumentProxy>>;

/** pdf.js's verbosity for the reader: errors only. */
const PDF_VERBOSITY = 0;

/** An open document and the in-thread worker it runs on (destroy the document first, then the worker). */
interface OpenDocument {
  readonly pdf: DocumentProxy;
  readonly worker: InThreadPdfWorker | null;
}

async function openDocument(bytes: Uint8Array, password: string | undefined): Promise<OpenDocument> {
  // The parser runs in this thread on a port that copies plain data instead of structuredClone-ing
  // every message (port.ts): the same text, ~9% less parse CPU. pdf.js is loaded without the
  // repair of embedded TrueType programs, which only drawing needs (text-only-fonts.ts).
  useTextOnlyPdfjs();
  const worker = createInThreadPdfWorker(await getResolvedPDFJS(), PDF_VERBOSITY);
  try {
    // pdf.js takes ownership of (detaches) the buffer it is given: always hand it a copy.
    // (`new Uint8Array(x)` copies; `Buffer#slice` would only make a view.)
    const pdf = await getDocumentProxy(new Uint8Array(bytes), {
      verbosity: PDF_VERBOSITY,
      ...(worker ? { worker: worker.worker as never } : {}),
      ...(password === undefined ? {} : { password }),
    });
    return { pdf, worker };
  } catch (err) {
    worker?.destroy();
    if (errorName(err) === "PasswordException") {
      throw new EncryptedPdfError(
        password === undefined ? "The PDF is encrypted and needs a password." : "The PDF password is incorrect.",
        { cause: err },
      );
    }
    throw new InvalidPdfError("The file could not be parsed as a PDF (truncated or corrupt).", { cause: err });
  }
}

async function readPage(
  pdf: DocumentProxy,
  pageNumber: number,
  onContent?: (text: string, content: PdfPageContent) => void,
  onBlank?: () => void,
): Promise<string> {
  let text: string;
  let content: PdfPageContent | undefined;
  try {
    const page = await pdf.getPage(pageNumber);
    const textContent = await page.getTextContent();
    const items = textContent.items.filter((it): it is LayoutItem & (typeof textContent.items)[number] => "str" in it);
    if (onContent) content = { items: textContent.items, viewport: page.getViewport({ scale: 1 }) };
    text = normalizePageText(layoutPageText(items));
    if (onBlank && text === "" && (await drawsNothing(page))) onBlank();
    page.cleanup();
  } catch (err) {
    throw new InvalidPdfError(`Page ${pageNumber} of the PDF could not be read (corrupt content).`, {
      cause: err,
    });
  }
  if (content) onContent?.(text, content);
  return text;
}

/**
 * Reads a PDF into per-page text.
 *
 * Pages are the 1-based physical pages (as `pdftotext -f N -l N`), including pages without text
 * (their `text` is `""`). Text keeps line structure: `\n` between lines, `\n\n` between paragraphs
 * and table cells that are not on one row; see `layoutPageText` and `normalizePageText`.
 *
 * @param bytes the file's bytes; not modified (pdf.js gets a copy)
 * @throws {InvalidPdfError} not a PDF (no `%PDF-` header in the first 1024 bytes), truncated or corrupt
 * @throws {EncryptedPdfError} encrypted and no / a wrong `options.password`
 * @throws {EmptyPdfError} no page has any extractable text
 * @throws {RangeError} `options.maxPages` is not a positive integer
 * @throws whatever `options.onOpen` or `options.onPage` threw
 */
export async function readPdf(bytes: Uint8Array, options: ReadPdfOptions = {}): Promise<ParsedDocument> {
  const { maxPages } = options;
  if (maxPages !== undefined && !(Number.isSafeInteger(maxPages) && maxPages > 0)) {
    throw new RangeError(`maxPages must be a positive integer, got ${maxPages}`);
  }
  const read = await readPdfPages(bytes, { ...options, range: (n) => [1, Math.min(n, maxPages ?? n)] });
  const count = read.to;
  const texts = read.pages.map((p) => p.text);
  if (texts.every((t) => t === "")) throw new EmptyPdfError(count);
  const cleaned = options.stripRepeatedLines === false ? texts : stripRepeatedLines(texts);
  const pages: PageText[] = cleaned.map((text, i) => ({ page: i + 1, text }));
  return { pages, parser: PDF_PARSER, ...(options.findBlankPages ? { blankPages: read.blankPages } : {}) };
}

/** What {@link readPdfPages} read: pages `from`…`to` of a document of `pageCount` pages. */
export interface PdfPageRange {
  readonly pageCount: number;
  /** First page read (1-based); `to` < `from` when the range is empty. */
  readonly from: number;
  readonly to: number;
  /** The pages read, in order, as laid out but with running headers and footers left in. */
  readonly pages: PageText[];
  /** Pages of the range with nothing drawn on them (with `findBlankPages`; otherwise empty). */
  readonly blankPages: number[];
}

/**
 * Reads one range of a PDF's pages: `options.range` gets the page count once the document is
 * open and returns the first and last page to read (1-based, inclusive; an empty range reads
 * nothing). Running headers and footers are not stripped (that needs every page) and a range
 * without text is no error: how a document's pages are read by several threads at once, then
 * joined and stripped (`stripRepeatedLines`). `maxPages` and `stripRepeatedLines` are ignored.
 * @throws {InvalidPdfError} / {@link EncryptedPdfError} as {@link readPdf}; whatever the hooks threw
 */
export async function readPdfPages(
  bytes: Uint8Array,
  options: ReadPdfOptions & { readonly range: (pageCount: number) => readonly [number, number] },
): Promise<PdfPageRange> {
  if (!isPdfMagic(bytes)) {
    throw new InvalidPdfError("Not a PDF: no %PDF- header in the first 1024 bytes.", {
      cause: new Error(`missing %PDF- header (${bytes.length} bytes)`),
    });
  }
  const { pdf, worker } = await openDocument(bytes, options.password);
  try {
    options.onOpen?.(pdf.numPages);
    const [from, to] = options.range(pdf.numPages);
    const first = Math.max(1, from);
    const last = Math.min(pdf.numPages, to);
    // Sequential on purpose: pdf.js runs in this thread either way, and one page at a time keeps
    // memory flat and measured faster than Promise.all over all pages (EOC: ~400 vs ~600 ms).
    const pages: PageText[] = [];
    const blankPages: number[] = [];
    for (let n = first; n <= last; n++) {
      const onContent = options.onPageContent;
      const text = await readPage(pdf, n, onContent && ((t, c) => onContent(n, t, c)), options.findBlankPages ? () => blankPages.push(n) : undefined);
      options.onPage?.(n, text);
      pages.push({ page: n, text });
    }
    return { pageCount: pdf.numPages, from: first, to: last, pages, blankPages };
  } finally {
    try {
      await pdf.loadingTask.destroy();
    } finally {
      worker?.destroy();
    }
  }
}
