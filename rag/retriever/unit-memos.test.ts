import { describe, expect, test } from "bun:test";
import { createQuestionAnalyzer } from "../query/index.ts";
import { capitalsTerms, joinedPairTerms } from "./unit-memos.ts";

const analyzer = createQuestionAnalyzer({ commonWords: new Set() });
const t = (w: string) => analyzer.terms(w)[0] as string;

describe("name-like question terms", () => {
  test("capitalsTerms: all-capitals words of three letters or more", () => {
    expect(capitalsTerms("Does SCAN cover an MRI or a CT?", analyzer.terms)).toEqual([t("SCAN"), t("MRI")]);
  });
  test("joinedPairTerms: each two adjacent words written as one, in question order", () => {
    const pairs = joinedPairTerms("Does the See Change plan cover it?", analyzer.terms);
    expect(pairs).toContain(t("seechange"));
    expect(pairs).toContain(t("changeplan"));
    expect(pairs.indexOf(t("seechange"))).toBeLessThan(pairs.indexOf(t("changeplan")));
    // one-letter words and numbers join nothing
    expect(joinedPairTerms("a 40 b", analyzer.terms)).toEqual([]);
  });
});
