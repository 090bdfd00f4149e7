import { describe, expect, test } from "bun:test";
import { createSpellingCorrector, withinOneEdit } from "./typos.ts";

describe("spelling correction", () => {
  test("one edit: insert, delete, substitute, swap of neighbours; not two", () => {
    expect(withinOneEdit("therapist", "thearpist")).toBe(true);
    expect(withinOneEdit("hospit", "hospitl")).toBe(true);
    expect(withinOneEdit("cover", "coverd")).toBe(true);
    expect(withinOneEdit("unpaid", "unpay")).toBe(false);
  });
  test("a term outside the vocabulary goes to the most frequent term one edit away; short or known terms do not move", () => {
    const df = new Map([["therapist", 5], ["prescript", 9], ["prescripts", 1], ["visit", 3], ["cost", 4]]);
    const correct = createSpellingCorrector(df.keys(), (t) => df.get(t) ?? 0);
    expect(correct("thearpist")).toBe("therapist");
    expect(correct("perscript")).toBe("prescript");
    expect(correct("visit")).toBe("visit");
    expect(correct("cots")).toBeUndefined();
    expect(correct("zorvexa")).toBeUndefined();
    expect(correct("$1500")).toBeUndefined();
  });
});
