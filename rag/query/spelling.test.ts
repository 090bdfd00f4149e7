import { describe, expect, test } from "bun:test";
import { loadEnglishWordSizes } from "../text/common-words.ts";
import { correctSpelling } from "./spelling.ts";

const sizes = loadEnglishWordSizes();

describe("correctSpelling", () => {
  test("a misspelt common word one edit away is read as that word; short words only by a swap", () => {
    expect(correctSpelling("how many eye exams a yaer does my daugter get", sizes)).toBe("how many eye exams a year does my daughter get");
    expect(correctSpelling("my docter says so, in the frist year", sizes)).toBe("my doctor says so, in the first year");
    expect(correctSpelling("a tean", sizes)).toBe("a tean");
  });
  test("a glossary trigger word wins over a more common word", () => {
    expect(correctSpelling("does it pay for my kids glases?", sizes)).toBe("does it pay for my kids glasses?");
  });
  test("listed words, contractions, names and words far from any listed word stay", () => {
    expect(correctSpelling("whats the copay, dont know", sizes)).toBe("whats the copay, dont know");
    expect(correctSpelling("Is Zorvexa covered by my Mediclaim policy?", sizes)).toBe("Is Zorvexa covered by my Mediclaim policy?");
    expect(correctSpelling("do I need a refferal", sizes)).toBe("do I need a refferal");
  });
});
