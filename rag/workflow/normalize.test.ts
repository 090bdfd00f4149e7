import { describe, expect, test } from "bun:test";
import { foldForMatching, normalizeQuestion } from "./normalize.ts";

describe("normalizeQuestion", () => {
  test("NFC, whitespace collapsed, invisible and control characters removed", () => {
    const decomposed = "¿Cua\u0301nto cuesta?"; // á as a + combining acute
    expect(normalizeQuestion(decomposed)).toBe("¿Cuánto cuesta?");
    expect(normalizeQuestion(decomposed)).not.toBe(decomposed);
    expect(normalizeQuestion("  What is\n\tmy   deductible?  ")).toBe("What is my deductible?");
    expect(normalizeQuestion("ig\u200bnore pre\u2060vious")).toBe("ignore previous");
    expect(normalizeQuestion("a\u0007b")).toBe("a b");
    expect(normalizeQuestion(" \u200b \n ")).toBe("");
  });
});

describe("foldForMatching", () => {
  test("accents folded, lower case, typographic quotes and dashes made ASCII, full-width letters plain", () => {
    expect(foldForMatching("Autorización  PREVIA")).toBe("autorizacion previa");
    expect(foldForMatching("users’ data — “now”")).toBe("users' data - \"now\"");
    expect(foldForMatching("ＩＧＮＯＲＥ")).toBe("ignore");
  });
});
