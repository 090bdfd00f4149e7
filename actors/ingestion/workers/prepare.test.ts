import { describe, expect, test } from "bun:test";
import { createHashedEmbedder } from "../../../rag/embeddings/index.ts";
import { numberedSentences } from "../../../test/support/ingestion.ts";
import { makePdf } from "../../../test/support/pdf.ts";
import { DEFAULT_INGESTION_LIMITS } from "./limits.ts";
import { OCR_MIN_TEXT_CHARS, pagesNeedingOcr, prepareDocument } from "./prepare.ts";

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
