/**
 * Preparing one document: read the PDF (within the limits) → chunk (sentence_5) → embed (when the
 * embedder runs locally). The same function runs in an ingestion worker (parse-worker.ts) and, when
 * no pool is configured, in the calling thread; a later step (OCR, document profile) belongs here
 * too, so that it runs in the worker.
 */
import { EOC_BENEFITS_CHART, positionedFromContent, PROFILE_PAGES, readDocumentStructure, type DocumentStructure, type PositionedPage } from "../../../rag/documents/index.ts";
import { EmptyPdfError, PDF_PARSER, readPdf, readPdfPages, stripRepeatedLines, type PdfPageContent } from "../../../rag/pdf/index.ts";
import { createLlamaParseReader, withLocalFallback } from "../../../rag/providers/index.ts";
import type { ChunkDraft, DocumentReader, Embedder, PageText } from "../../../rag/types.ts";
import type { Logger } from "../../../runtime/index.ts";
import { DEFAULT_CHUNKER, type Chunker } from "../chunker.ts";
import { createLimitMeter, type IngestionLimits } from "./limits.ts";

/**
 * A page with fewer non-space characters than this in its text layer is OCR'd: a scanned page
 * often carries only a stamped page number or running header as text. A truly blank page costs
 * one OCR pass that finds nothing.
 */
export const OCR_MIN_TEXT_CHARS = 20;

/**
 * Page numbers whose text layer has fewer than {@link OCR_MIN_TEXT_CHARS} non-space characters
 * (the pages OCR reads), except `blank` pages: nothing is drawn on them (`readPdf`'s
 * `blankPages`), so OCR would read nothing (the 232-page EOC has two; OCRing them cost seconds
 * and a second preparation pass).
 */
export function pagesNeedingOcr(pages: readonly PageText[], blank: readonly number[] = []): number[] {
  const skip = new Set(blank);
  return pages.filter((p) => !skip.has(p.page) && p.text.replace(/\s+/g, "").length < OCR_MIN_TEXT_CHARS).map((p) => p.page);
}

/**
 * A document of at most this many pages keeps every page's text positions from the parse for the
 * structure pass (an SBC's tables may be on any page; SBCs have ~8–12). Longer ones keep the
 * first `PROFILE_PAGES` and the pages of an EOC's benefits chart; a page not kept is read again.
 */
export const STRUCTURE_ALL_LAYERS_MAX_PAGES = 40;

/** Chunks embedded per call to the embedder (progress is reported after each batch). */
export const PREPARE_EMBED_BATCH_CHUNKS = 128;

/**
 * A document of at least this many pages is read in page ranges by several workers at once
 * (`INGEST_PARSE_SPLIT`); a shorter one (an SBC has ~8–12 pages) is read by one worker, where
 * opening the PDF twice would cost more than the pages shared out save.
 */
export const SPLIT_MIN_PAGES = 48;

/**
 * Pages `[from, to]` (1-based, inclusive) that slice `index` of `of` reads of a document of
 * `pageCount` pages: contiguous ranges of near-equal size from {@link SPLIT_MIN_PAGES} pages
 * on; below that slice 0 reads every page and the others nothing (an empty range, `to` < `from`).
 */
export function sliceRange(pageCount: number, index: number, of: number): [number, number] {
  if (of <= 1 || pageCount < SPLIT_MIN_PAGES) return index === 0 ? [1, pageCount] : [1, 0];
  return [Math.floor((index * pageCount) / of) + 1, Math.floor(((index + 1) * pageCount) / of)];
}

/** One range of a document's pages as a worker read it ({@link readPageSlice}); plain data. */
export interface PageSlice {
  readonly pageCount: number;
  /** The range's pages, running headers and footers left in (they are stripped once all pages are joined). */
  readonly pages: readonly PageText[];
  /** Text positions of the range's pages the structure pass reads (see {@link STRUCTURE_ALL_LAYERS_MAX_PAGES}). */
  readonly layers: readonly PositionedPage[];
  /** The range's pages with nothing drawn on them (only with `keepEmptyPages`). */
  readonly blankPages: readonly number[];
}

/** Keeps the text positions of the pages the structure pass reads, into `into`. */
function layerKeeper(into: Map<number, PositionedPage>, pageCount: () => number) {
  return (n: number, text: string, content: PdfPageContent) => {
    if (n <= PROFILE_PAGES || pageCount() <= STRUCTURE_ALL_LAYERS_MAX_PAGES || text.split("\n").some((line) => EOC_BENEFITS_CHART.label.test(line))) {
      into.set(n, positionedFromContent(n, content.items, content.viewport));
    }
  };
}

/**
 * Reads slice `index` of `of` of a PDF ({@link sliceRange}) under the limits: the page limit when
 * it opens (then `onOpen` hears the page count), the text and heap limits per page of the range
 * (the text limit again over all slices in {@link prepareDocument}).
 * @throws LimitExceededError `too_many_pages`, `text_too_large`, `parse_memory_exceeded`; the reader's `invalid_pdf`, `encrypted_pdf`
 */
export async function readPageSlice(
  bytes: Uint8Array,
  options: { readonly index: number; readonly of: number; readonly limits: IngestionLimits; readonly keepEmptyPages?: boolean; readonly onOpen?: (pageCount: number) => void },
): Promise<PageSlice> {
  const meter = createLimitMeter(options.limits);
  const layers = new Map<number, PositionedPage>();
  let pageCount = 0;
  const read = await readPdfPages(bytes, {
    range: (n) => sliceRange(n, options.index, options.of),
    onOpen: (n) => {
      meter.onOpen(n);
      pageCount = n;
      options.onOpen?.(n);
    },
    onPage: meter.onPage,
    onPageContent: layerKeeper(layers, () => pageCount),
    findBlankPages: options.keepEmptyPages === true,
  });
  return { pageCount: read.pageCount, pages: read.pages, layers: [...layers.values()], blankPages: read.blankPages };
}

/** The slices of one document as `readPdf` would have read it whole (pages joined, furniture stripped). */
function joinSlices(slices: readonly PageSlice[], meter: ReturnType<typeof createLimitMeter>, layers: Map<number, PositionedPage>, keepEmptyPages: boolean) {
  const pageCount = slices[0]?.pageCount ?? 0;
  const pages = slices.flatMap((s) => s.pages).sort((a, b) => a.page - b.page);
  if (pages.length !== pageCount || pages.some((p, i) => p.page !== i + 1)) throw new Error(`page slices do not cover the document's ${pageCount} pages`);
  meter.checkPages(pageCount);
  meter.checkText(pages);
  for (const s of slices) for (const l of s.layers) layers.set(l.page, l);
  if (pages.every((p) => p.text === "")) throw new EmptyPdfError(pageCount);
  const stripped = stripRepeatedLines(pages.map((p) => p.text)).map((text, i) => ({ page: i + 1, text }));
  return { pages: stripped, parser: PDF_PARSER, ...(keepEmptyPages ? { blankPages: slices.flatMap((s) => s.blankPages).sort((a, b) => a - b) } : {}) };
}

/** Which reader a worker builds (plain data: it crosses the thread boundary). */
export interface ReaderSpec {
  /** Read with LlamaParse first (local fallback), as `LLAMA_CLOUD_API_KEY` configures. */
  readonly llamaCloud?: { readonly apiKey: string; readonly baseUrl?: string };
}

/** A prepared document: what the ingestion actor stores. */
export interface PreparedDocument {
  readonly pages: readonly PageText[];
  /** Which reader produced the text (`documents.parser`). */
  readonly parser: string;
  readonly drafts: readonly ChunkDraft[];
  /** `Chunker.version` of the chunker that cut `drafts`. */
  readonly chunkerVersion: string;
  /** Pages with nothing drawn on them (never OCR'd), when the reader looked. */
  readonly blankPages?: readonly number[];
  /** The document's profile and records, read from its text layer; null when they could not be read (see `structureError`). */
  readonly structure: DocumentStructure | null;
  /** Why the structure could not be read (never fails the preparation: the chunks carry the text either way). */
  readonly structureError?: string;
  /** One vector per draft, in order, when the embedder ran here; absent: the caller embeds. */
  readonly vectors?: Float32Array[];
  /** `Embedder.model` of `vectors`. */
  readonly embeddingModel?: string;
}

/** Progress of a preparation: a step started, or `done` of `total` chunks are embedded. */
export type PrepareEvent = { readonly status: "chunking" } | { readonly status: "embedding"; readonly done: number; readonly total: number };

/** What {@link prepareDocument} reads and embeds with. */
export interface PrepareDeps {
  /**
   * A reader to use as is (its result is checked against the limits afterwards). Absent: the
   * local reader, hooked so that the page and text limits stop it as soon as they are passed.
   */
  readonly reader?: DocumentReader;
  /** Cuts the pages into chunks. Default {@link DEFAULT_CHUNKER}. */
  readonly chunker?: Chunker;
  /** Embeds the drafts when given; absent: no vectors in the result. */
  readonly embedder?: Embedder;
  readonly onEvent?: (event: PrepareEvent) => void;
  /** Told each batch of drafts as soon as it is embedded (`from`: the index of its first draft), so a caller can store it meanwhile. */
  readonly onEmbedded?: (from: number, drafts: readonly ChunkDraft[], vectors: Float32Array[]) => void;
}

/**
 * Reads, chunks and (with `deps.embedder`) embeds one PDF.
 * @throws LimitExceededError `too_many_pages`, `text_too_large`, `too_many_chunks`, `parse_memory_exceeded`
 * @throws the reader's coded errors (`invalid_pdf`, `encrypted_pdf`, `no_text`), the embedder's errors
 */
export async function prepareDocument(
  bytes: Uint8Array,
  options: {
    readonly filename?: string;
    readonly limits: IngestionLimits;
    /**
     * The caller OCRs pages without a text layer ({@link pagesNeedingOcr}) and then prepares again
     * with `text`: a PDF without any text layer yields its pages empty instead of rejecting with
     * `no_text`, and when some page needs OCR only the pages are returned (no structure, chunks or
     * vectors: the second pass makes them from the OCR'd text).
     */
    readonly keepEmptyPages?: boolean;
    /** The text is already known (a second pass after OCR): no read; the structure, chunks and vectors are made from it. */
    readonly text?: { readonly pages: readonly PageText[]; readonly parser: string };
    /** Positioned text of OCR'd pages, by page number (for the structure). */
    readonly positioned?: ReadonlyMap<number, PositionedPage>;
    /** The document was read in page ranges ({@link readPageSlice}): no read; the slices are joined as `readPdf` would have read the whole. */
    readonly slices?: readonly PageSlice[];
  },
  deps: PrepareDeps = {},
): Promise<PreparedDocument> {
  const meter = createLimitMeter(options.limits);
  // The structure pass reads text positions of a few pages (the first ones, an EOC's chart pages,
  // every page of a short document): keep them from this read instead of parsing those pages twice.
  const textLayers = new Map<number, PositionedPage>();
  let pageCount = 0;
  const keepLayer = layerKeeper(textLayers, () => pageCount);
  const onOpen = (count: number) => {
    meter.onOpen(count);
    pageCount = count;
  };
  const slices = options.slices;
  const read = slices
    ? async () => joinSlices(slices, meter, textLayers, options.keepEmptyPages === true)
    : deps.reader
    ? async () => {
        const doc = await deps.reader!(bytes, { filename: options.filename });
        meter.checkPages(doc.pages.length);
        meter.checkText(doc.pages);
        return doc;
      }
    : () => readPdf(bytes, { onOpen, onPage: meter.onPage, onPageContent: keepLayer, findBlankPages: options.keepEmptyPages === true });
  const parsed = options.text ?? await read().catch((cause: { code?: string; pageCount?: number }) => {
    // A scan without any text layer: every page goes to OCR, when the caller has OCR.
    if (options.keepEmptyPages && cause?.code === "no_text" && typeof cause.pageCount === "number") {
      return { pages: Array.from({ length: cause.pageCount }, (_, i) => ({ page: i + 1, text: "" })), parser: "unpdf" };
    }
    throw cause;
  });
  const chunker = deps.chunker ?? DEFAULT_CHUNKER;
  // OCR comes next, then a second pass over the OCR'd text: reading the structure, chunking and
  // embedding this text now would be thrown away (~1 s of CPU for the 232-page EOC).
  const blankPages = (parsed as { blankPages?: readonly number[] }).blankPages;
  if (options.keepEmptyPages && !options.text && pagesNeedingOcr(parsed.pages, blankPages).length > 0) {
    return { pages: parsed.pages, parser: parsed.parser, drafts: [], chunkerVersion: chunker.version, structure: null, ...(blankPages ? { blankPages } : {}) };
  }
  let structure: DocumentStructure | null = null;
  let structureError: string | undefined;
  try {
    structure = await readDocumentStructure(bytes, {
      filename: options.filename ?? "document.pdf",
      pages: parsed.pages,
      positioned: options.positioned,
      ...(textLayers.size > 0 ? { textLayers } : {}),
    });
  } catch (error) {
    structureError = error instanceof Error ? error.message : String(error);
  }
  deps.onEvent?.({ status: "chunking" });
  const drafts = chunker.split(parsed.pages);
  meter.checkChunks(drafts.length);
  const chunkerVersion = chunker.version;
  const base = { pages: parsed.pages, parser: parsed.parser, drafts, chunkerVersion, structure, ...(structureError ? { structureError } : {}), ...(blankPages ? { blankPages } : {}) };
  if (!deps.embedder || drafts.length === 0) return base;
  deps.onEvent?.({ status: "embedding", done: 0, total: drafts.length });
  const vectors: Float32Array[] = [];
  for (let i = 0; i < drafts.length; i += PREPARE_EMBED_BATCH_CHUNKS) {
    const batch = drafts.slice(i, i + PREPARE_EMBED_BATCH_CHUNKS);
    const embedded = await deps.embedder.embedDocuments(batch.map((d) => d.text));
    vectors.push(...embedded);
    deps.onEmbedded?.(i, batch, embedded);
    const done = Math.min(drafts.length, i + PREPARE_EMBED_BATCH_CHUNKS);
    if (done < drafts.length) deps.onEvent?.({ status: "embedding", done, total: drafts.length });
  }
  return { ...base, vectors, embeddingModel: deps.embedder.model };
}

/**
 * The reader `spec` describes, or undefined for the local reader (which {@link prepareDocument}
 * hooks into its limits). LlamaParse falls back to the local reader under the same limits.
 */
export function readerFor(spec: ReaderSpec, limits: IngestionLimits, logger?: Logger): DocumentReader | undefined {
  if (!spec.llamaCloud) return undefined;
  const local: DocumentReader = (b) => {
    const meter = createLimitMeter(limits);
    return readPdf(b, { onOpen: meter.onOpen, onPage: meter.onPage });
  };
  return withLocalFallback(createLlamaParseReader({ apiKey: spec.llamaCloud.apiKey, baseUrl: spec.llamaCloud.baseUrl }), { logger, fallback: local });
}
