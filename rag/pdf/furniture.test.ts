import { describe, expect, test } from "bun:test";
import { stripRepeatedLines } from "./furniture.ts";

const WORDS = ["alpha", "bravo", "charlie", "delta", "echo"];
const body = (n: number) => `Body text about ${WORDS[n - 1]}.\nNot covered\nEnds with ${WORDS[n - 1]}.`;

describe("stripRepeatedLines", () => {
  test("removes running headers, footers and page numbers at the page edges", () => {
    const pages = [1, 2, 3, 4, 5].map((n) => `2025 Evidence of Coverage\n${n}\n\n${body(n)}\n\nPage ${n} of 5`);
    expect(stripRepeatedLines(pages)).toEqual([1, 2, 3, 4, 5].map(body));
  });

  test("keeps a repeated line that is not in an unbroken run of furniture from the edge", () => {
    const pages = [1, 2, 3, 4].map((n) => `Header\nUnique ${WORDS[n - 1]}\nNot covered\nMore ${WORDS[n - 1]}\nFooter`);
    expect(stripRepeatedLines(pages)).toEqual(
      [1, 2, 3, 4].map((n) => `Unique ${WORDS[n - 1]}\nNot covered\nMore ${WORDS[n - 1]}`),
    );
  });

  test("leaves lines that repeat on too few pages, and documents under 3 pages", () => {
    const pages = ["Rare\nA", "Rare\nB", "C", "D", "E", "F", "G", "H"];
    expect(stripRepeatedLines(pages)).toEqual(pages);
    expect(stripRepeatedLines(["Same\nx", "Same\ny"])).toEqual(["Same\nx", "Same\ny"]);
  });
});
