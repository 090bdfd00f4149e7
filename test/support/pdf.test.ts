import { describe, expect, test } from "bun:test";
import { readPdf } from "../../rag/pdf/index.ts";
import { makeGarbagePdf, makePdf, wrapText } from "./pdf.ts";

const latin1 = (b: Uint8Array) => new TextDecoder("latin1").decode(b);

describe("makePdf", () => {
  test("pdf.js reads every page's text back, in order", async () => {
    const pages = ["First page says hello (world) and a back\\slash.", "", "Third page: the deductible is $1,500."];
    const parsed = await readPdf(makePdf(pages));
    expect(parsed.pages.map((p) => p.page)).toEqual([1, 2, 3]);
    expect(parsed.pages.map((p) => p.text)).toEqual(pages);
  });

  test("long text is wrapped into lines that read back as the same words", async () => {
    const words = Array.from({ length: 120 }, (_, i) => `word${i}`);
    const parsed = await readPdf(makePdf([words.join(" ")]));
    expect(parsed.pages[0]!.text.split(/\s+/)).toEqual(words);
    expect(parsed.pages[0]!.text.split("\n").length).toBeGreaterThan(1);
  });

  test("the xref table points at every object", () => {
    const text = latin1(makePdf(["a", "b"]));
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
    expect(text.slice(startxref, startxref + 4)).toBe("xref");
    const entries = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n[ \r]$/gm)].map((m) => Number(m[1]));
    expect(entries).toHaveLength(7);
    entries.forEach((off, i) => expect(text.slice(off).startsWith(`${i + 1} 0 obj\n`)).toBe(true));
  });

  test("wrapText breaks at spaces within the width and drops no words", () => {
    const lines = wrapText("aaa bbb ccc ddd eee", 7);
    expect(lines).toEqual(["aaa bbb", "ccc ddd", "eee"]);
  });

  test("an empty page list is refused", () => {
    expect(() => makePdf([])).toThrow(RangeError);
  });

  test("makeGarbagePdf has a header and %%EOF but is unreadable", async () => {
    const bytes = makeGarbagePdf();
    const text = latin1(bytes);
    expect(text.startsWith("%PDF-1.4\n")).toBe(true);
    expect(text.endsWith("%%EOF\n")).toBe(true);
    await expect(readPdf(bytes)).rejects.toMatchObject({ code: "invalid_pdf" });
  });
});
