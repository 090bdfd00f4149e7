import { describe, expect, test } from "bun:test";
import { createBm25Index } from "./bm25.ts";

const body = (s: string) => [{ terms: s.split(" "), weight: 1 }];

describe("createBm25Index", () => {
  test("ranks by term frequency, rarity and length as Okapi BM25 does", () => {
    const idx = createBm25Index([body("deductible amount plan"), body("plan plan plan"), body("copay deductible deductible"), body("other words here")]);
    const q = new Map([["deductible", 1]]);
    const hits = idx.search(q, 10);
    expect(hits.map((h) => h[0])).toEqual([2, 0]);
    // idf = ln(1 + (4 − 2 + 0.5)/(2 + 0.5)) = ln 2
    expect(idx.idf("deductible")).toBeCloseTo(Math.log(2), 10);
    // unit 0: tf 1, len 3 = avglen 3 → 1·2.2/(1 + 1.2) = 1
    expect(idx.score(q, 0)).toBeCloseTo(Math.log(2), 10);
    expect(idx.search(new Map([["absent", 1]]), 5)).toEqual([]);
  });

  test("a field weight counts its terms that many times (BM25F)", () => {
    const idx = createBm25Index([
      [{ terms: ["referral", "x", "y"], weight: 1 }],
      [{ terms: ["a", "b", "c"], weight: 1 }, { terms: ["referral"], weight: 3 }],
    ]);
    const [first] = idx.search(new Map([["referral", 1]]), 2);
    expect(first?.[0]).toBe(1);
    expect(() => createBm25Index([], { b: 2 })).toThrow(RangeError);
  });
});
