import { describe, expect, test } from "bun:test";
import { findFacets } from "./facets.ts";
import { rewriteFollowUp, topicOf } from "./rewrite-rules.ts";

const SPECIALIST_IN = "What is the copay for a specialist visit in network?";
const rw = (previous: string, question: string, language: "en" | "es" = "en") => rewriteFollowUp(question, { question: previous }, language);

describe("rewriteFollowUp", () => {
  test("elliptical follow-up swaps the facet it names", () => {
    expect(rw(SPECIALIST_IN, "and out of network?")).toEqual({ question: "What is the copay for a specialist visit out-of-network?", rewritten: true, rule: "facet_swap" });
    expect(rw(SPECIALIST_IN, "Out-of-network?").question).toBe("What is the copay for a specialist visit out-of-network?");
    expect(rw("What is the copay for a specialist visit?", "and the deductible?").question).toBe("What is the deductible for a specialist visit?");
    expect(rw("What is the family deductible?", "and individual?").question).toBe("What is the individual deductible?");
    expect(rw("Do I need a referral to see my primary care doctor?", "what about for specialists?").question).toBe("Do I need a referral to see my specialists?");
  });

  test("a facet the previous question lacks is appended, or a cost asked of its topic", () => {
    expect(rw("What is the copay for a specialist visit?", "and out of network?")).toEqual({
      question: "What is the copay for a specialist visit out-of-network?",
      rewritten: true,
      rule: "facet_append",
    });
    expect(rw("Do I need a referral for a specialist?", "and the copay?")).toEqual({ question: "What is the copay for a specialist?", rewritten: true, rule: "cost_template" });
  });

  test("a noun phrase replaces the topic; a prepositional phrase replaces the previous one", () => {
    expect(rw("What is the copay for a specialist visit?", "what about an MRI?")).toEqual({ question: "What is the copay for an MRI?", rewritten: true, rule: "topic_swap" });
    expect(rw("Is acupuncture covered?", "and chiropractic care?").question).toBe("Is chiropractic care covered?");
    expect(rw("How many visits are covered for physical therapy?", "for speech therapy?")).toEqual({
      question: "How many visits are covered for speech therapy?",
      rewritten: true,
      rule: "prep_swap",
    });
  });

  test("a pronoun becomes the previous question's topic (without facets the follow-up replaces)", () => {
    expect(rw("Is an MRI covered?", "does it need prior authorization?")).toEqual({ question: "Does an MRI need prior authorization?", rewritten: true, rule: "pronoun" });
    expect(rw(SPECIALIST_IN, "How much does it cost out of network?").question).toBe("How much does a specialist visit cost out of network?");
    expect(rw("What is my deductible?", "does it apply to generic drugs?").question).toBe("Does my deductible apply to generic drugs?");
    expect(rw("Is acupuncture covered?", "Is that covered for kids?").question).toBe("Is acupuncture covered for kids?");
    expect(rw("Is acupuncture covered?", "need a referral?")).toEqual({ question: "Does acupuncture need a referral?", rewritten: true, rule: "predicate" });
  });

  test("Spanish follow-ups are rewritten in Spanish", () => {
    const prev = "¿Cuánto cuesta una visita al especialista dentro de la red?";
    expect(rw(prev, "¿y fuera de la red?", "es").question).toBe("¿Cuánto cuesta una visita al especialista fuera de la red?");
    expect(rw(prev, "¿eso requiere autorización previa?", "es").question).toBe("¿Una visita al especialista dentro de la red requiere autorización previa?");
    expect(rw(prev, "¿necesita autorización previa?", "es").rule).toBe("predicate");
  });

  test("standalone questions and conversation starts are kept as asked", () => {
    expect(rewriteFollowUp("and out of network?", undefined, "en")).toEqual({ question: "and out of network?", rewritten: false, rule: "no_history" });
    for (const q of [
      "What is the deductible?",
      "Is it true that the deductible is $500?",
      "What is the out-of-pocket limit on the Aetna CA Platinum Basic HMO Copay Plan?",
      "Does this plan cover acupuncture visits for back pain?",
    ]) {
      expect(rw(SPECIALIST_IN, q)).toEqual({ question: q, rewritten: false, rule: "standalone" });
    }
  });

  test("the last question of a multi-sentence previous turn is the one continued", () => {
    const prev = "What is the copay for acupuncture visits? Please answer in detail.";
    expect(rw(prev, "And the deductible?").question).toBe("What is the deductible for acupuncture visits?");
  });
});

describe("topicOf and findFacets", () => {
  test("the topic is what the question asks about", () => {
    expect(topicOf("What is the copay for a specialist visit in network?")?.text).toBe("a specialist visit in network");
    expect(topicOf("Do I need a referral to see a dermatologist?")?.text).toBe("a dermatologist");
    expect(topicOf("Is an MRI covered?")?.text).toBe("an MRI");
    expect(topicOf("How much does an MRI cost?")?.text).toBe("an MRI");
    const q = "¿Cuánto cuesta una visita al especialista?";
    const t = topicOf(q)!;
    expect(q.slice(t.start, t.end)).toBe("una visita al especialista");
    expect(topicOf("Why?")).toBeUndefined();
  });

  test("facets: longest phrase wins, accents and hyphens do not matter", () => {
    expect(findFacets("out-of-network specialist visits").map((h) => h.facet.value)).toEqual(["out_of_network", "specialist"]);
    expect(findFacets("¿y FUERA de la red?").map((h) => [h.facet.value, h.text])).toEqual([["out_of_network", "FUERA de la red"]]);
    expect(findFacets("within network")).toEqual([]);
  });
});
