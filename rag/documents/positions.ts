/**
 * Text items with their positions, per page, for reading tables: pdf.js (through unpdf) gives every
 * text run a transform; this module turns it into page coordinates with the origin at the top left
 * (as a reader sees the page, after the page's `/Rotate`), in PDF points (1/72 inch).
 */
import { getDocumentProxy } from "unpdf";
import { useTextOnlyPdfjs } from "../pdf/index.ts";

/** One text run of a page, in page points from the top-left corner. */
export interface PositionedItem {
  readonly str: string;
  /** Left edge (points from the left). */
  readonly x: number;
  /** Baseline (points from the top). */
  readonly y: number;
  /** Advance width (points). */
  readonly w: number;
  /** Font size (points); the run spans roughly `[y - 0.8h, y + 0.2h]`. */
  readonly h: number;
  /** pdf.js font id of the run (headings set in another font than body text differ here); absent from OCR. */
  readonly font?: string;
}

/** A page's positioned text. */
export interface PositionedPage {
  /** 1-based physical page number. */
  readonly page: number;
  /** Page size in points, after rotation. */
  readonly width: number;
  readonly height: number;
  readonly items: readonly PositionedItem[];
}

/** Options of {@link readPositionedPages}. */
export interface ReadPositionsOptions {
  /** Read at most this many pages from the start. Default: all. */
  readonly maxPages?: number;
  /** Only these 1-based pages (others come back with no items). Default: every page. */
  readonly pages?: ReadonlySet<number>;
}

/** An open PDF whose pages are read one at a time (see {@link openPositionedPdf}). */
export interface PositionedPdf {
  readonly numPages: number;
  /** Positioned runs of the 1-based page `n`. */
  page(n: number): Promise<PositionedPage>;
  /** Releases pdf.js's resources; always call it. */
  close(): Promise<void>;
}

/**
 * Opens a PDF for reading positioned text page by page.
 * @throws whatever pdf.js throws for unreadable bytes (callers read the PDF with `readPdf` first)
 */
export async function openPositionedPdf(bytes: Uint8Array): Promise<PositionedPdf> {
  // pdf.js detaches the buffer it is given: hand it a copy.
  useTextOnlyPdfjs(); // text only: no font program repair (rag/pdf/text-only-fonts.ts)
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  return {
    numPages: pdf.numPages,
    async page(n) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const positioned = positionedFromContent(n, content.items, page.getViewport({ scale: 1 }));
      page.cleanup();
      return positioned;
    },
    close: () => pdf.loadingTask.destroy(),
  };
}

/** pdf.js's view of one page, as `getTextContent()` and `getViewport({ scale: 1 })` give it (rag/pdf's `PdfPageContent`). */
export interface PageContentLike {
  readonly items: readonly unknown[];
  readonly viewport: { readonly width: number; readonly height: number; readonly rotation: number; convertToViewportPoint(x: number, y: number): number[] };
}

/**
 * The positioned runs of page `n` from its pdf.js text content and viewport (what
 * {@link PositionedPdf.page} returns for it): whitespace-only runs, runs placed off the page and
 * fake-bold twins are dropped.
 */
export function positionedFromContent(n: number, items: PageContentLike["items"], vp: PageContentLike["viewport"]): PositionedPage {
  const out: PositionedItem[] = [];
  for (const raw of items) {
    if (typeof raw !== "object" || raw === null || !("str" in raw)) continue;
    const it = raw as { str: string; transform: number[]; width: number; height: number; fontName?: string };
    if (it.str.trim() === "") continue;
    const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = it.transform;
    const [x, y] = vp.convertToViewportPoint(e, f) as [number, number];
    const h = Math.max(Math.hypot(c, d), Math.abs(it.height), 0.5);
    const horizontal = Math.abs(b) <= Math.abs(a) * 0.1 || vp.rotation !== 0;
    // Runs placed off the page (hidden text) are not part of what a reader sees.
    if (x < -1 || y < -1 || x > vp.width + 1 || y > vp.height + 1) continue;
    // Fake bold draws the same run twice, a hair apart: keep one.
    const twin = out.findLast((o) => o.str === it.str && Math.abs(o.x - x) < 1.5 && Math.abs(o.y - y) < 1.5);
    if (!twin) out.push({ str: it.str, x, y, w: horizontal ? Math.abs(it.width) : h, h, font: it.fontName });
  }
  return { page: n, width: vp.width, height: vp.height, items: out };
}

/**
 * Reads every page's text runs with positions. Runs that are only whitespace are dropped.
 * Upright text only is positioned faithfully (rotated runs keep their origin point).
 * @throws whatever pdf.js throws for unreadable bytes (callers read the PDF with `readPdf` first)
 */
export async function readPositionedPages(bytes: Uint8Array, options: ReadPositionsOptions = {}): Promise<PositionedPage[]> {
  const pdf = await openPositionedPdf(bytes);
  try {
    const count = Math.min(pdf.numPages, options.maxPages ?? pdf.numPages);
    const out: PositionedPage[] = [];
    for (let n = 1; n <= count; n++) {
      out.push(options.pages === undefined || options.pages.has(n) ? await pdf.page(n) : { page: n, width: 0, height: 0, items: [] });
    }
    return out;
  } finally {
    await pdf.close();
  }
}
