import { describe, expect, test } from "bun:test";
import { createBm25Index, DEFAULT_SCORE_CACHE_QUERIES } from "./bm25.ts";

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

  test("ignoreContext scores without context fields (their terms and their length)", () => {
    // Two units of one document whose title field names "acme deductible": unit 0 is short.
    const title = { terms: ["acme", "deductible"], weight: 3, context: true };
    const idx = createBm25Index([
      [{ terms: ["specialist", "visit"], weight: 1 }, title],
      [{ terms: ["overall", "deductible", "amount", "family", "individual", "pay"], weight: 1 }, title],
      [{ terms: ["other", "words", "here", "and", "more"], weight: 1 }],
    ]);
    const q = new Map([["deductible", 1]]);
    // With the title, the short unit wins on the title alone.
    expect(idx.search(q, 3)[0]?.[0]).toBe(0);
    // Without it, only the unit whose own text holds the term matches.
    expect(idx.search(q, 3, undefined, { ignoreContext: true }).map((h) => h[0])).toEqual([1]);
  });
});

describe("createBm25Index search", () => {
  test("the best `limit` of every match, as sorting them all (score descending, then unit) and cutting would give, filtered or not; a repeated query as the first time", () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const vocab = ["a", "b", "c", "d", "e", "f"];
    const units = Array.from({ length: 300 }, () => body(Array.from({ length: 1 + rand(6) }, () => vocab[rand(vocab.length)]).join(" ")));
    const idx = createBm25Index(units);
    const query = new Map([["a", 1], ["c", 0.5], ["f", 2]]);
    const even = (u: number) => u % 2 === 0;
    for (const filter of [undefined, even])
      for (const limit of [1, 3, 10, 50, 1000]) {
        const all = units.map((_, u) => [u, idx.score(query, u)] as [number, number]).filter(([u, s]) => s > 0 && (!filter || filter(u)));
        const expected = all.sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, limit);
        expect(idx.search(query, limit, filter)).toEqual(expected);
        expect(idx.search(query, limit, filter)).toEqual(expected);
      }
    expect(new Set(units.map((_, u) => idx.score(query, u))).size).toBeLessThan(units.length); // ties are ranked by unit
  });

  test("queries searched in turn, more than the score cache keeps, each rank as when searched alone", () => {
    const units = [body("a b c"), body("b c d"), body("c d e"), body("a e e"), body("d d a")];
    const idx = createBm25Index(units);
    const queries = Array.from({ length: DEFAULT_SCORE_CACHE_QUERIES + 3 }, (_, i) => new Map([[["a", "b", "c", "d", "e"][i % 5]!, 1 + i], ["a", 0.1 * i]]));
    const alone = queries.map((q) => createBm25Index(units).search(q, 5));
    for (let round = 0; round < 2; round++) queries.forEach((q, i) => expect(idx.search(q, 5)).toEqual(alone[i]!));
    // the same query object with the context fields ignored is another entry
    expect(idx.search(queries[0]!, 5, undefined, { ignoreContext: true })).toEqual(alone[0]!);
  });
});
