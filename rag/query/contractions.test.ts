import { describe, expect, test } from "bun:test";
import { createQuestionAnalyzer } from "./analyze.ts";
import { isFunctionContraction } from "./contractions.ts";

const listed = new Set(["ill", "well", "shell", "cant", "wont"]);
const isWord = (w: string) => listed.has(w);

describe("function-word contractions", () => {
  test("with and without the apostrophe", () => {
    for (const w of ["i'm", "i've", "don't", "wasn't", "what's", "they're", "im", "ive", "dont", "wasnt", "isnt", "theyre", "cant"]) expect(isFunctionContraction(w, isWord)).toBe(true);
  });

  test("listed words and possessives are no contractions", () => {
    for (const w of ["ill", "well", "shell", "plan's", "mom's", "husband", "dog"]) expect(isFunctionContraction(w, isWord)).toBe(false);
  });

  test("the analysis leaves them out of the refusal's own terms, rarity and uncommon terms", () => {
    const analyzer = createQuestionAnalyzer();
    const a = analyzer.analyze("I'm on vacation and I've gotten sick, whats my copay? im not sure it wasnt covered");
    for (const t of ["im", "ive", "what", "wasnt"]) {
      expect(a.ownTerms).not.toContain(t);
      expect(a.termRarity.has(t)).toBe(false);
      expect(a.uncommonTerms).not.toContain(t);
    }
    expect(a.ownTerms).toContain(analyzer.terms("vacation")[0] as string);
    expect(a.ownTerms).toContain(analyzer.terms("sick")[0] as string);
    // Retrieval terms are unchanged (the tokeniser is shared with stored embeddings).
    expect(a.terms.has("im")).toBe(true);
  });
});
