import { describe, expect, test } from "bun:test";
import type { PageText } from "../types.ts";
import {
  CHUNKER_VERSION,
  SENTENCE5_MIN_CHARS,
  SENTENCE5_STRIDE,
  SENTENCE5_WINDOW,
  sentence5,
  splitPageSentences,
} from "./index.ts";

/** A sentence of more than 50 characters, distinct per `n`. */
const long = (n: number) => `Sentence ${n} explains what the plan covers and what you pay.`;
const page = (p: number, sentences: readonly string[]): PageText => ({ page: p, text: sentences.join(" ") });
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe("sentence5 constants", () => {
  test("are the seed project's rule", () => {
    expect([SENTENCE5_WINDOW, SENTENCE5_STRIDE, SENTENCE5_MIN_CHARS]).toEqual([5, 4, 50]);
    expect(CHUNKER_VERSION).toBe("sentence_5@2");
  });
});

describe("sentence5 windows", () => {
  test("13 sentences give windows at 0, 4 and 8 with one sentence of overlap; no window repeats the tail", () => {
    const chunks = sentence5([page(1, range(0, 13).map(long))]);
    const join = (ns: number[]) => ns.map(long).join(" ");
    expect(chunks).toEqual([
      { ordinal: 0, text: join([0, 1, 2, 3, 4]), pageStart: 1, pageEnd: 1 },
      { ordinal: 1, text: join([4, 5, 6, 7, 8]), pageStart: 1, pageEnd: 1 },
      { ordinal: 2, text: join([8, 9, 10, 11, 12]), pageStart: 1, pageEnd: 1 },
    ]);
    // 14 sentences: the window at 12 holds sentences 12 and 13, which the one at 8 does not reach.
    expect(sentence5([page(1, range(0, 14).map(long))]).map((c) => c.text).at(-1)).toBe(join([12, 13]));
  });

  test("fewer sentences than a window give one chunk; no sentences give none", () => {
    expect(sentence5([page(1, [long(0), long(1)])]).map((c) => c.text)).toEqual([`${long(0)} ${long(1)}`]);
    expect(sentence5([])).toEqual([]);
    expect(sentence5([{ page: 1, text: "" }, { page: 2, text: " \n " }])).toEqual([]);
  });

  test("a chunk of exactly 50 characters is dropped, 51 is kept", () => {
    const fifty = `${"a".repeat(49)}.`;
    const fiftyOne = `${"a".repeat(50)}.`;
    expect(fifty.length).toBe(50);
    expect(sentence5([page(1, [fifty])])).toEqual([]);
    expect(sentence5([page(1, [fiftyOne])])).toEqual([{ ordinal: 0, text: fiftyOne, pageStart: 1, pageEnd: 1 }]);
  });

  test("ordinals stay consecutive when a middle window is dropped", () => {
    const short = ["Yes.", "Ok.", "Fine.", "Good.", "Done."];
    const sentences = [long(0), long(1), long(2), long(3), ...short, long(9), long(10), long(11), long(12)];
    // Windows: 0 (0-4) kept, 4 (4-8: "Yes. Ok. Fine. Good. Done.") dropped, 8 (8-12) kept and last.
    const chunks = sentence5([page(1, sentences)]);
    expect(chunks.map((c) => c.ordinal)).toEqual([0, 1]);
    expect(chunks[1]!.text).toBe(["Done.", long(9), long(10), long(11), long(12)].join(" "));
  });

  test("sentences flow across pages; pageStart/pageEnd are the min/max pages", () => {
    const pages = [page(1, range(0, 3).map(long)), page(2, range(3, 6).map(long)), page(3, range(6, 13).map(long))];
    const spans = sentence5(pages).map((c) => [c.pageStart, c.pageEnd]);
    expect(spans).toEqual([[1, 2], [2, 3], [3, 3]]);
  });

  test("a form feed marks each page change inside a chunk", () => {
    const pages = [page(1, [long(0), long(1)]), page(3, [long(2)]), page(4, [long(3), long(4)])];
    const [chunk] = sentence5(pages);
    expect(chunk!.text).toBe(`${long(0)} ${long(1)}\f\f${long(2)}\f${long(3)} ${long(4)}`);
    expect([chunk!.pageStart, chunk!.pageEnd]).toEqual([1, 4]);
  });

  test("pages are processed in page order and empty pages are skipped", () => {
    const pages = [page(3, [long(2)]), { page: 2, text: "" }, page(1, [long(0), long(1)])];
    expect(sentence5(pages)).toEqual([
      { ordinal: 0, text: `${long(0)} ${long(1)}\f\f${long(2)}`, pageStart: 1, pageEnd: 3 },
    ]);
  });

  test("a sentence broken by a page break is joined and spans both pages", () => {
    const pages = [
      { page: 4, text: "First sentence here. The plan pays for the" },
      { page: 5, text: "rest of the year. Another one." },
    ];
    expect(splitPageSentences(pages)).toEqual([
      { text: "First sentence here.", pageStart: 4, pageEnd: 4 },
      { text: "The plan pays for the rest of the year.", pageStart: 4, pageEnd: 5 },
      { text: "Another one.", pageStart: 5, pageEnd: 5 },
    ]);
    // A finished sentence or a capitalised start is not joined.
    expect(splitPageSentences([{ page: 1, text: "Done." }, { page: 2, text: "rest" }])).toHaveLength(2);
    expect(splitPageSentences([{ page: 1, text: "Heading" }, { page: 2, text: "Body" }])).toHaveLength(2);
  });

  test("is deterministic", () => {
    const pages = [page(1, range(0, 9).map(long)), page(2, ["Call 1-800-559-3500 from 8 a.m. to 8 p.m. Monday.", long(9)])];
    const a = sentence5(pages);
    const b = sentence5(structuredClone(pages));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

describe("sentence5 options", () => {
  test("window/stride/minChars can be overridden", () => {
    const pages = [page(1, range(0, 6).map(long))];
    const noOverlap = sentence5(pages, { window: 3, stride: 3 });
    expect(noOverlap.map((c) => c.text)).toEqual([
      [0, 1, 2].map(long).join(" "),
      [3, 4, 5].map(long).join(" "),
    ]);
    expect(sentence5([page(1, ["Short one."])], { minChars: 0 })).toHaveLength(1);
  });

  test("invalid options throw RangeError", () => {
    const pages = [page(1, [long(0)])];
    for (const bad of [
      { window: 0 },
      { window: 2.5 },
      { stride: 0 },
      { stride: 6 },
      { window: 3, stride: 4 },
      { minChars: -1 },
      { maxSentenceChars: 0 },
    ]) {
      expect(() => sentence5(pages, bad)).toThrow(RangeError);
    }
  });
});
