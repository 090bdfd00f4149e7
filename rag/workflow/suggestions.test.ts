import { describe, expect, test } from "bun:test";
import { detectLanguage } from "./language.ts";
import { MAX_SUGGESTIONS, suggestQuestions } from "./suggestions.ts";

describe("suggestQuestions", () => {
  test("the other network first, then related topics, never the question itself", () => {
    const q = "What is the copay for a specialist visit in network?";
    const s = suggestQuestions(q, "en");
    expect(s[0]).toBe("What is the copay for a specialist visit out-of-network?");
    expect(s).toContain("Do I need a referral to see a specialist?");
    expect(s.length).toBe(MAX_SUGGESTIONS);
    expect(s).not.toContain(q);
    expect(new Set(s).size).toBe(s.length);
  });

  test("Spanish questions get Spanish suggestions", () => {
    const s = suggestQuestions("¿Cubren la insulina en la farmacia?", "es");
    expect(s.length).toBeGreaterThan(0);
    for (const q of s) expect(detectLanguage(q).language).toBe("es");
    expect(suggestQuestions("¿Cuánto cuesta una visita al especialista dentro de la red?", "es")[0]).toBe("¿Cuánto cuesta una visita al especialista fuera de la red?");
  });

  test("a topic already asked is not suggested again", () => {
    const s = suggestQuestions("What is my deductible?", "en");
    expect(s).not.toContain("What is my deductible?");
    expect(s[0]).toBe("What is my out-of-pocket maximum?");
  });
});

describe("suggestQuestions on a fragment", () => {
  test("a bare fragment gets no swapped version of itself", () => {
    expect(suggestQuestions("and out of network?", "en")).not.toContain("and in-network?");
    expect(suggestQuestions("and out of network?", "en").length).toBeGreaterThan(0);
  });
});
