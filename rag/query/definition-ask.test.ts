import { describe, expect, test } from "bun:test";
import { definedTermMatch, isDefinitionAsk } from "./definition-ask.ts";

describe("isDefinitionAsk", () => {
  test("questions asking what a term means", () => {
    for (const q of [
      "How does my policy define a deductible?",
      "What does co-payment mean in my policy?",
      "what counts as hospitalisation under the plan",
      "Who counts as a dependent?",
      "What is meant by pre-existing disease?",
      "Definition of day care treatment",
      "¿Qué significa coaseguro en mi plan?",
    ])
      expect(isDefinitionAsk(q)).toBe(true);
  });
  test("questions asking for an amount, a rule or a contact are not", () => {
    for (const q of ["What is the deductible?", "How many days of post hospitalisation are covered?", "Is acupuncture covered?", "What number do I call for member services?", "What does the plan pay for an MRI?"])
      expect(isDefinitionAsk(q)).toBe(false);
  });
});

describe("definedTermMatch", () => {
  test("counts the label's terms when all are in the question, else 0", () => {
    const q = new Set(["day", "care", "treatment", "mean"]);
    expect(definedTermMatch(["day", "care", "treatment"], q)).toBe(3);
    expect(definedTermMatch(["treatment"], q)).toBe(1);
    expect(definedTermMatch(["day", "care", "centre"], q)).toBe(0);
    expect(definedTermMatch([], q)).toBe(0);
  });
});
