/**
 * OCR at ingestion: pages without a text layer are read by `pdftoppm` + `tesseract` (Debian
 * packages, installed by .ci/run); pages with text are never OCR'd. Skipped with a message when the
 * programs are missing outside CI; a failure under CI=true.
 */
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { createTesseractOcr, type OcrEngine, tesseractAvailable } from "../../rag/ocr/index.ts";
import { rasterisePdf } from "../../test/support/image-pdf.ts";
import { numberedSentences } from "../../test/support/ingestion.ts";
import { makePdf } from "../../test/support/pdf.ts";
import { useIngestionFixture } from "../../test/support/ingestion-fixture.ts";

const KAISER = resolve(import.meta.dir, "../../../shared/corpus/SBC_Kaiser.pdf");
const haveOcr = tesseractAvailable();
const haveCorpus = existsSync(KAISER);

test("OCR programs and corpus are present (required when CI=true)", () => {
  if (process.env.CI === "true") {
    expect(haveOcr).toBe(true);
    expect(haveCorpus).toBe(true);
  } else if (!haveOcr || !haveCorpus) console.warn(`skipping OCR ingestion tests: tesseract/pdftoppm ${haveOcr ? "found" : "missing"}, corpus ${haveCorpus ? "found" : "missing"}`);
});

/** The real engine, recording which pages it was asked for. */
const asked: number[][] = [];
const real = createTesseractOcr();
const ocr: OcrEngine = {
  name: real.name,
  readPages(bytes, pages, onPage) {
    asked.push([...pages]);
    return real.readPages(bytes, pages, onPage);
  },
};

describe.skipIf(!haveOcr || !haveCorpus)("ingestion with OCR", () => {
  // Documents are prepared in an ingestion worker, as in production; OCR runs after it.
  const fx = useIngestionFixture({ ocr, ocrMaxPages: 3, workers: { size: 1 } });

  test("an image-only SBC: OCR step, parser `ocr`, text, profile and the deductible record with its page", async () => {
    const scan = await rasterisePdf(KAISER, 1, 2);
    const { user, document, job, msg } = await fx.submitNew(scan, "kaiser-scan.pdf");
    const seen = fx.collect(job.id);
    const started = performance.now();
    const result = await fx.ingestRef(document.id).ask(msg, { timeoutMs: 240_000 });
    seen.stop();
    console.log(`OCR ingestion of 2 scanned SBC pages: ${Math.round(performance.now() - started)} ms`);
    expect(result).toMatchObject({ status: "complete", pages: 2 });
    expect(asked.at(-1)).toEqual([1, 2]);
    const statuses = seen.events.map((e) => e.status);
    expect(statuses.filter((s, i) => s !== statuses[i - 1])).toEqual(["parsing", "ocr", "chunking", "embedding", "storing", "complete"]);
    const doc = await fx.repos.documents.get(user.id, document.id);
    expect(doc).toMatchObject({ parser: "ocr", kind: "sbc", planName: "30/1000 Deductible", insurer: "Kaiser Permanente" });
    expect((await fx.chunkRows(document.id)).map((r) => r.text).join(" ")).toContain("$1,000");
    const [deductible] = await fx.repos.records.search(user.id, "overall deductible", { kinds: ["question"], limit: 1 });
    expect(deductible).toMatchObject({ page: 1, documentId: document.id });
    expect(deductible!.network).toContain("$1,000");
  }, 300_000);

  test("a mixed PDF: only pages without text (or only a stamped page number) are OCR'd, never a page with nothing drawn; parser `unpdf+ocr`", async () => {
    const text = numberedSentences(12, 5000).join(" ");
    const { user, document, msg } = await fx.submitNew(makePdf([text, "", "Page 3", text]), "mixed.pdf");
    expect((await fx.ingestRef(document.id).ask(msg, { timeoutMs: 120_000 })).status).toBe("complete");
    // Page 2 has no text and nothing else drawn (readPdf's blankPages): there is nothing to OCR.
    expect(asked.at(-1)).toEqual([3]);
    expect(await fx.repos.documents.get(user.id, document.id)).toMatchObject({ parser: "unpdf+ocr", pages: 4 });
  }, 180_000);

  test("more pages to OCR than OCR_MAX_PAGES: the job fails with ocr_page_limit and says the limit", async () => {
    const before = asked.length;
    const { user, document, job, msg } = await fx.submitNew(makePdf(["", "", "", ""]), "blank-scan.pdf");
    await fx.ingestRef(document.id).ask(msg, { timeoutMs: 60_000 }).catch(() => undefined);
    const failed = await fx.repos.jobs.get(user.id, job.id);
    expect(failed).toMatchObject({ status: "failed", lastError: { code: "ocr_page_limit" } });
    expect(failed!.lastError!.message).toContain("4 pages");
    expect(failed!.lastError!.message).toContain("OCR_MAX_PAGES");
    expect(asked.length).toBe(before);
  }, 120_000);
});
