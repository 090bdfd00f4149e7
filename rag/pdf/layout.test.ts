import { describe, expect, test } from "bun:test";
import { type LayoutItem, layoutPageText, normalizePageText } from "./layout.ts";

/** An upright item of font size 10 at (x, y), one glyph = 5 pt wide. */
const item = (str: string, x: number, y: number, hasEOL = false): LayoutItem => ({
  str,
  transform: [10, 0, 0, 10, x, y],
  width: str.length * 5,
  height: 10,
  hasEOL,
});

describe("layoutPageText", () => {
  test("inserts a space between visibly separated items on a line, nothing between touching ones", () => {
    expect(layoutPageText([item("Not covered", 100, 700), item("$20", 180, 700)])).toBe("Not covered $20");
    expect(layoutPageText([item("co", 100, 700), item("pay", 110, 700)])).toBe("copay");
  });

  test("wrapped lines get \\n, a larger gap or a jump upwards gets \\n\\n", () => {
    const items = [
      item("Line one", 72, 700, true),
      item("line two", 72, 688, true),
      item("line three", 72, 676),
      item("Next paragraph", 72, 640),
      item("Right column", 300, 700),
    ];
    expect(layoutPageText(items)).toBe("Line one\nline two\nline three\n\nNext paragraph\n\nRight column");
  });

  test("a cell drawn to the left of the previous one on the same row starts a new line", () => {
    expect(layoutPageText([item("Not covered", 400, 500), item("Specialist visit", 100, 500)])).toBe(
      "Not covered\nSpecialist visit",
    );
  });

  test("whitespace-only items are skipped; rotated pages read like upright ones", () => {
    expect(layoutPageText([item("a", 72, 700), item("   ", 77, 700), item("b", 90, 700)])).toBe("a b");
    const rot = (str: string, x: number, y: number): LayoutItem => ({
      str,
      transform: [0, 10, -10, 0, x, y],
      width: str.length * 5,
      height: 10,
      hasEOL: false,
    });
    expect(layoutPageText([rot("First line", 100, 72), rot("second line", 112, 72)])).toBe("First line\nsecond line");
  });

  test("no items give an empty string", () => expect(layoutPageText([])).toBe(""));
});

describe("normalizePageText", () => {
  test("strips control, zero-width and unknown private-use characters; maps symbol bullets", () => {
    expect(normalizePageText("a\u0000b\u0003c\u200Bd\u0084e")).toBe("abcde");
    expect(normalizePageText("\uF0B7 Item\n\uF06E Box\n\uF0FC Yes\n\uE123x")).toBe("• Item\n■ Box\n✓ Yes\nx");
  });

  test("collapses spaces, trims lines, keeps at most one blank line", () => {
    expect(normalizePageText("  a\u00A0\t b  \n\n\n\n  c  ")).toBe("a b\n\nc");
  });

  test("joins line-final hyphens before lowercase (keeping the hyphen) and soft hyphens (dropping it)", () => {
    expect(normalizePageText("out-of-\npocket\nNon-\nParticipating\ncover\u00AD\nage")).toBe(
      "out-of-pocket\nNon-\nParticipating\ncoverage",
    );
  });

  test("removes dot leaders and shortens dash rules", () => {
    expect(normalizePageText("SECTION 1 Introduction 6 . . . . . . .\nChapter 2 ........ 17")).toBe(
      "SECTION 1 Introduction 6\nChapter 2 17",
    );
    expect(normalizePageText("––––––– None –––––––")).toBe("— None —");
  });
});
