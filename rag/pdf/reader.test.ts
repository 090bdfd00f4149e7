import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { sentence5 } from "../splitter/index.ts";
import {
  EmptyPdfError,
  EncryptedPdfError,
  InvalidPdfError,
  isPdfMagic,
  PDF_PARSER,
  PdfError,
  readPdf,
} from "./index.ts";
import { buildPdf } from "./testing.ts";

const enc = (s: string) => new TextEncoder().encode(s);

/** Expects `promise` to reject with an instance of `type`, and returns the error. */
async function rejection<T extends Error>(promise: Promise<unknown>, type: new (...a: never[]) => T): Promise<T> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(type);
  return err as T;
}

describe("isPdfMagic", () => {
  test("finds %PDF- at the start or within the first 1024 bytes", () => {
    expect(isPdfMagic(enc("%PDF-1.7\n"))).toBe(true);
    expect(isPdfMagic(enc(`${" ".repeat(1019)}%PDF-`))).toBe(true);
    expect(isPdfMagic(enc(`${" ".repeat(1020)}%PDF-`))).toBe(false);
    expect(isPdfMagic(enc("%PDF"))).toBe(false);
    expect(isPdfMagic(new Uint8Array())).toBe(false);
    expect(isPdfMagic(enc("PK\u0003\u0004 zip"))).toBe(false);
  });
});

describe("readPdf on generated PDFs", () => {
  const pages = [
    [
      { text: "Your plan pays “most” costs.", x: 72, y: 700 },
      { text: "• Copayment is $20.", x: 72, y: 686 },
      { text: "A new paragraph.", x: 72, y: 640 },
    ],
    [],
    [{ text: "Third page.", x: 72, y: 700 }],
  ];

  test("returns 1-based physical pages, empty pages included, and leaves the input intact", async () => {
    const bytes = buildPdf(pages);
    const doc = await readPdf(bytes);
    expect(bytes.byteLength).toBeGreaterThan(0); // not detached by pdf.js
    expect(doc.parser).toBe(PDF_PARSER);
    expect(doc.pages).toEqual([
      { page: 1, text: "Your plan pays “most” costs.\n• Copayment is $20.\n\nA new paragraph." },
      { page: 2, text: "" },
      { page: 3, text: "Third page." },
    ]);
    const buffer = Buffer.from(bytes);
    await readPdf(buffer);
    expect(buffer.byteLength).toBe(bytes.byteLength); // a Node Buffer is not detached either
    expect((await readPdf(bytes, { maxPages: 1 })).pages).toHaveLength(1);
    await expect(readPdf(bytes, { maxPages: 0 })).rejects.toThrow(RangeError);
  });

  test("findBlankPages lists the pages on which nothing is drawn (no text, image or path)", async () => {
    const bytes = buildPdf(pages);
    expect((await readPdf(bytes, { findBlankPages: true })).blankPages).toEqual([2]);
    expect((await readPdf(bytes)).blankPages).toBeUndefined();
  });

  test("no text at all → EmptyPdfError (code no_text)", async () => {
    const err = await rejection(readPdf(buildPdf([[], []])), EmptyPdfError);
    expect(err.code).toBe("no_text");
    expect(err.pageCount).toBe(2);
    expect(err).toBeInstanceOf(PdfError);
  });

  test("encrypted → EncryptedPdfError (code encrypted_pdf) unless the password is given", async () => {
    const bytes = buildPdf(pages, { userPassword: "s3cret" });
    const err = await rejection(readPdf(bytes), EncryptedPdfError);
    expect(err.code).toBe("encrypted_pdf");
    await rejection(readPdf(bytes, { password: "wrong" }), EncryptedPdfError);
    expect((await readPdf(bytes, { password: "s3cret" })).pages[2]?.text).toBe("Third page.");
  });

  test("not a PDF, garbage after the header, or truncated → InvalidPdfError with a cause", async () => {
    const random = crypto.getRandomValues(new Uint8Array(4096));
    random.set(enc("XXXX")); // make sure it does not start with %PDF-
    const full = buildPdf(pages);
    for (const bytes of [random, enc("hello"), enc("%PDF-1.4\ngarbage"), full.slice(0, full.length * 0.3)]) {
      const err = await rejection(readPdf(bytes), InvalidPdfError);
      expect(err.code).toBe("invalid_pdf");
      expect(err.cause).toBeDefined();
    }
  });
});

const CORPUS = resolve(import.meta.dir, "../../../shared/corpus");
const EOC = join(CORPUS, "scan_classic_hmo_2025_EOC.pdf");
const SBC = join(CORPUS, "SBC_HealthNet_PPO_Platinum_2014-2015.pdf");
const haveCorpus = existsSync(EOC) && existsSync(SBC);
const inCI = process.env.CI === "true";
const corpusTitle = haveCorpus
  ? `readPdf on the real corpus (${CORPUS})`
  : `readPdf on the real corpus — SKIPPED: no corpus at ${CORPUS}`;

// Always runs (never reported as skipped): fails under CI=true when the corpus is missing.
test("the real PDF corpus is present (required when CI=true)", () => {
  if (!haveCorpus && inCI) {
    throw new Error(`Corpus missing: expected ${EOC} and ${SBC}. CI must provide the corpus at ../shared/corpus relative to the repository root.`);
  }
  expect(haveCorpus || !inCI).toBe(true);
});

describe.skipIf(!haveCorpus)(corpusTitle, () => {
  const load = async (path: string) => new Uint8Array(await Bun.file(path).arrayBuffer());

  test("the SCAN EOC has 232 pages; page 57 states the $1,500 maximum out-of-pocket", async () => {
    const doc = await readPdf(await load(EOC));
    expect(doc.pages).toHaveLength(232);
    expect(doc.pages.map((p) => p.page)).toEqual(Array.from({ length: 232 }, (_, i) => i + 1));
    const p57 = doc.pages[56]!.text;
    expect(p57).toContain("$1,500");
    expect(p57).toContain("For calendar year 2025 this amount is $1,500.");
    expect(p57).toContain("maximum out-of-pocket amount"); // hyphenated line break joined
    // Running header and page number are stripped…
    expect(p57).not.toContain("2025 Evidence of Coverage for SCAN Classic");
    // …but kept when asked.
    const raw = await readPdf(await load(EOC), { stripRepeatedLines: false, maxPages: 57 });
    expect(raw.pages[56]!.text).toContain("2025 Evidence of Coverage for SCAN Classic");
    expect(doc.pages.some((p) => p.text.includes("1-800-559-3500"))).toBe(true);
    // Its two pages without text draw nothing at all (an image-only page is OCR'd: actors/ingestion/ocr.test.ts).
    expect((await readPdf(await load(EOC), { findBlankPages: true, maxPages: 231 })).blankPages).toEqual([2, 231]);
  }, 90_000); // two whole-EOC reads: seconds on a loaded 2-core machine

  test("the SBC reads and chunks", async () => {
    const doc = await readPdf(await load(SBC));
    expect(doc.pages).toHaveLength(8);
    expect(doc.pages.map((p) => p.text).join("\n")).toContain("$4,000");
    const chunks = sentence5(doc.pages);
    expect(chunks.length).toBeGreaterThan(20);
    expect(chunks.every((c) => c.pageStart >= 1 && c.pageEnd <= 8 && c.pageStart <= c.pageEnd)).toBe(true);
  });

  test("a truncated EOC (first 30% of the bytes) throws InvalidPdfError", async () => {
    const bytes = await load(EOC);
    const err = await rejection(readPdf(bytes.slice(0, Math.floor(bytes.length * 0.3))), InvalidPdfError);
    expect(err.cause).toBeDefined();
  });
});
