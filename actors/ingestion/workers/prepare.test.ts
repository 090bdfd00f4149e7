import { describe, expect, test } from "bun:test";
import { createHashedEmbedder } from "../../../rag/embeddings/index.ts";
import { numberedSentences } from "../../../test/support/ingestion.ts";
import { makePdf } from "../../../test/support/pdf.ts";
import { DEFAULT_INGESTION_LIMITS } from "./limits.ts";
import { OCR_MIN_TEXT_CHARS, pagesNeedingOcr, prepareDocument, readPageSlice, sliceRange, SPLIT_MIN_PAGES } from "./prepare.ts";

const text = numberedSentences(10, 1).join(" ");
const withBlankPage = makePdf([text, "7", text]);
const embedder = createHashedEmbedder();

describe("pagesNeedingOcr", () => {
  test("pages with fewer than OCR_MIN_TEXT_CHARS non-space characters", () => {
    const pages = [
      { page: 1, text: "x".repeat(OCR_MIN_TEXT_CHARS) },
      { page: 2, text: ` ${"y ".repeat(OCR_MIN_TEXT_CHARS - 1)}` },
      { page: 3, text: "" },
    ];
    expect(pagesNeedingOcr(pages)).toEqual([2, 3]);
  });
});

describe("prepareDocument before OCR", () => {
  test("when the caller OCRs and a page needs it: the pages only (the second pass chunks and embeds)", async () => {
    const first = await prepareDocument(withBlankPage, { limits: DEFAULT_INGESTION_LIMITS, keepEmptyPages: true }, { embedder });
    expect(first.pages.map((p) => p.page)).toEqual([1, 2, 3]);
    expect(pagesNeedingOcr(first.pages)).toEqual([2]);
    expect(first.drafts).toEqual([]);
    expect(first.vectors).toBeUndefined();
    expect(first.structure).toBeNull();

    const ocrd = { pages: first.pages.map((p) => (p.page === 2 ? { page: 2, text } : p)), parser: `${first.parser}+tesseract` };
    const second = await prepareDocument(withBlankPage, { limits: DEFAULT_INGESTION_LIMITS, keepEmptyPages: true, text: ocrd }, { embedder });
    expect(second.drafts.length).toBeGreaterThan(0);
    expect(second.vectors?.length).toBe(second.drafts.length);
  });

  test("without OCR (or with nothing to OCR) the first pass is the whole preparation", async () => {
    const plain = await prepareDocument(withBlankPage, { limits: DEFAULT_INGESTION_LIMITS }, { embedder });
    expect(plain.drafts.length).toBeGreaterThan(0);
    expect(plain.vectors?.length).toBe(plain.drafts.length);
    const full = await prepareDocument(makePdf([text, text]), { limits: DEFAULT_INGESTION_LIMITS, keepEmptyPages: true }, { embedder });
    expect(full.drafts.length).toBeGreaterThan(0);
  });
});

describe("a document read in page slices", () => {
  test("sliceRange: contiguous near-equal ranges from SPLIT_MIN_PAGES pages; below, slice 0 reads all", () => {
    expect(sliceRange(232, 0, 2)).toEqual([1, 116]);
    expect(sliceRange(232, 1, 2)).toEqual([117, 232]);
    expect([0, 1, 2].map((i) => sliceRange(100, i, 3))).toEqual([[1, 33], [34, 66], [67, 100]]);
    expect(sliceRange(SPLIT_MIN_PAGES - 1, 0, 2)).toEqual([1, SPLIT_MIN_PAGES - 1]);
    expect(sliceRange(SPLIT_MIN_PAGES - 1, 1, 2)).toEqual([1, 0]);
    expect(sliceRange(500, 0, 1)).toEqual([1, 500]);
  });

  test("joined, the slices prepare exactly what one read of the whole PDF prepares (running headers stripped over all pages)", async () => {
    const pages = Array.from({ length: SPLIT_MIN_PAGES + 2 }, (_, i) => `Plan Handbook header\n${numberedSentences(4, 10 * i + 1).join(" ")}\nPage ${i + 1}`);
    const pdf = makePdf(pages);
    const opened: number[] = [];
    const slices = await Promise.all([0, 1].map((index) => readPageSlice(pdf, { index, of: 2, limits: DEFAULT_INGESTION_LIMITS, keepEmptyPages: true, onOpen: (n) => opened.push(n) })));
    expect(opened).toEqual([pages.length, pages.length]);
    expect(slices.map((s) => [s.pages[0]!.page, s.pages.at(-1)!.page])).toEqual([[1, 25], [26, 50]]);
    const whole = await prepareDocument(pdf, { limits: DEFAULT_INGESTION_LIMITS, keepEmptyPages: true }, { embedder });
    const joined = await prepareDocument(pdf, { limits: DEFAULT_INGESTION_LIMITS, keepEmptyPages: true, slices }, { embedder });
    expect(joined.pages).toEqual(whole.pages);
    expect(joined.pages[0]!.text).not.toContain("Plan Handbook header");
    expect(joined.drafts).toEqual(whole.drafts);
    expect(joined.vectors).toEqual(whole.vectors!);
    expect(joined.blankPages).toEqual(whole.blankPages!);
    expect(joined.structure).toEqual(whole.structure);
  });

  test("the text limit holds over all slices together", async () => {
    const pdf = makePdf(Array.from({ length: SPLIT_MIN_PAGES }, (_, i) => numberedSentences(6, 10 * i + 1).join(" ")));
    const limits = { ...DEFAULT_INGESTION_LIMITS };
    const slices = await Promise.all([0, 1].map((index) => readPageSlice(pdf, { index, of: 2, limits })));
    const total = slices.flatMap((s) => s.pages).reduce((n, p) => n + Buffer.byteLength(p.text), 0);
    const tight = { ...limits, maxExtractedTextBytes: total - 1 };
    const error = await prepareDocument(pdf, { limits: tight, slices }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "text_too_large" });
  });
});
