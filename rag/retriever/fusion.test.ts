import { describe, expect, test } from "bun:test";
import { DEFAULT_RRF_K, reciprocalRankFusion } from "./fusion.ts";

const id = (s: string) => s;

describe("reciprocalRankFusion", () => {
  test("sums 1/(k + rank) over the lists an item is in", () => {
    const fused = reciprocalRankFusion([["a", "b", "c"], ["c", "a"]], id);
    const score = Object.fromEntries(fused.map((f) => [f.item, f.score]));
    expect(score.a).toBeCloseTo(1 / 61 + 1 / 62, 12);
    expect(score.c).toBeCloseTo(1 / 63 + 1 / 61, 12);
    expect(score.b).toBeCloseTo(1 / 62, 12);
    expect(fused.map((f) => f.item)).toEqual(["a", "c", "b"]);
    expect(fused.find((f) => f.item === "b")?.ranks).toEqual([2, undefined]);
  });

  test("an item in both lists beats one ranked first in only one", () => {
    const fused = reciprocalRankFusion([["x", "both"], ["y", "both"]], id);
    expect(fused[0]?.item).toBe("both");
  });

  test("a smaller k favours the top ranks more", () => {
    // a: first in two lists, 2/(k+1); b: third in three lists, 3/(k+3)
    const lists = [["a", "x", "b"], ["a", "y", "b"], ["z", "w", "b"]];
    expect(reciprocalRankFusion(lists, id, 1)[0]?.item).toBe("a");
    expect(reciprocalRankFusion(lists, id, DEFAULT_RRF_K)[0]?.item).toBe("b");
  });

  test("duplicates within one list count once, at their best rank", () => {
    const [only] = reciprocalRankFusion([["a", "a"]], id);
    expect(only?.score).toBeCloseTo(1 / 61, 12);
  });

  test("empty lists give nothing; a bad k is refused", () => {
    expect(reciprocalRankFusion([[], []], id)).toEqual([]);
    expect(() => reciprocalRankFusion([["a"]], id, 0)).toThrow(RangeError);
    expect(() => reciprocalRankFusion([["a"]], id, Number.NaN)).toThrow(RangeError);
  });

  test("weights scale each list's share; a zero weight only adds its items at no score", () => {
    const fused = reciprocalRankFusion([["a", "b"], ["b", "a"]], id, 60, [1, 0.5]);
    const score = Object.fromEntries(fused.map((f) => [f.item, f.score]));
    expect(score.a).toBeCloseTo(1 / 61 + 0.5 / 62, 12);
    expect(score.b).toBeCloseTo(1 / 62 + 0.5 / 61, 12);
    expect(fused[0]?.item).toBe("a");
    expect(reciprocalRankFusion([["a"], ["b"]], id, 60, [0, 1])[0]?.item).toBe("b");
    expect(() => reciprocalRankFusion([["a"]], id, 60, [-1])).toThrow(RangeError);
  });
});
