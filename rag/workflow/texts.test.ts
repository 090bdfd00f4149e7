import { describe, expect, test } from "bun:test";
import { DEFAULT_NEAREST_PAGES_NAMED, NEAREST_PAGES_INTRO, nearestPagesLine } from "./texts.ts";

describe("nearestPagesLine", () => {
  test("names distinct pages in ranking order, grouped by file, in the answer's language", () => {
    const pages = [
      { filename: "a.pdf", page: 12 },
      { filename: "b.pdf", page: 3 },
      { filename: "a.pdf", page: 12 },
      { filename: "a.pdf", page: 14 },
    ];
    expect(nearestPagesLine(pages, "en")).toBe(`${NEAREST_PAGES_INTRO.en} a.pdf p. 12, 14; b.pdf p. 3.`);
    expect(nearestPagesLine(pages, "es")).toBe(`${NEAREST_PAGES_INTRO.es} a.pdf pág. 12, 14; b.pdf pág. 3.`);
  });

  test("names at most maxPages distinct pages", () => {
    const pages = Array.from({ length: 8 }, (_, i) => ({ filename: "a.pdf", page: i + 1 }));
    expect(nearestPagesLine(pages, "en")).toBe(`${NEAREST_PAGES_INTRO.en} a.pdf p. ${Array.from({ length: DEFAULT_NEAREST_PAGES_NAMED }, (_, i) => i + 1).join(", ")}.`);
    expect(nearestPagesLine(pages, "en", 1)).toBe(`${NEAREST_PAGES_INTRO.en} a.pdf p. 1.`);
  });

  test("is empty without pages", () => {
    expect(nearestPagesLine([], "en")).toBe("");
  });
});
