import { describe, expect, test } from "bun:test";
import { createBm25Index } from "../bm25/index.ts";
import { createQuestionAnalyzer } from "../query/index.ts";
import { decideRefusal, DEFAULT_REFUSAL_MODEL, refusalFeatures, refusalProbability, withinOneEdit } from "./refusal.ts";

const analyzer = createQuestionAnalyzer({ commonWords: new Set(["what", "is", "the", "copay", "for", "an", "ambulance", "does", "plan", "cover", "my"]) });
const texts = [
  "Ambulance services: you pay a $180 copay for each one-way trip.",
  "Hearing aids are covered up to two per year with a $550 copay.",
  "Skilled nursing facility care is covered for 100 days per benefit period.",
];
const index = createBm25Index(texts.map((t) => [{ terms: analyzer.terms(t), weight: 1 }]));
const termsOf = (u: number) => new Set(analyzer.terms(texts[u] as string));

function features(question: string) {
  const a = analyzer.analyze(question);
  const top = index.search(a.terms, 5);
  return refusalFeatures(a, index, top.map((t) => t[0]), termsOf, top[0]?.[1] ?? 0, 1.2);
}

describe("refusal", () => {
  test("a question whose terms the documents hold has full coverage; one naming an absent product does not", () => {
    const covered = features("What is the copay for an ambulance?");
    expect(covered.coverage).toBe(1);
    expect(covered.missingUncommon).toBe(0);
    const absent = features("Does my plan cover Zorvexa injections?");
    expect(absent.coverage).toBeLessThan(1);
    expect(absent.missingUncommon).toBe(1);
    expect(absent.missingName).toBe(1);
    expect(refusalProbability(absent)).toBeLessThan(refusalProbability(covered));
    expect(decideRefusal(covered).found).toBe(true);
  });

  test("a misspelt word one edit from a document word counts as present", () => {
    expect(withinOneEdit("ambulanse", "ambulance")).toBe(true);
    expect(withinOneEdit("copya", "copay")).toBe(true);
    expect(withinOneEdit("hearing", "nursing")).toBe(false);
    expect(features("What is the copya for an ambulance?").coverage).toBe(1);
  });

  test("labelMatch: the share of the question found in a top record's label; scoreMargin: how far the best unit stands out", () => {
    const a = analyzer.analyze("What is the copay for an ambulance?");
    const top = index.search(a.terms, 5);
    const ids = top.map((t) => t[0]);
    const label = new Set(analyzer.terms("Ambulance services"));
    const withLabel = refusalFeatures(a, index, ids, termsOf, top[0]?.[1] ?? 0, 1.2, { labelTerms: (u) => (u === 0 ? label : undefined), fifthScore: 0 });
    expect(withLabel.labelMatch).toBeGreaterThan(0);
    expect(withLabel.labelMatch).toBeLessThan(1);
    expect(withLabel.scoreMargin).toBe(1);
    const noRecords = refusalFeatures(a, index, ids, termsOf, top[0]?.[1] ?? 0, 1.2, { fifthScore: (top[0]?.[1] ?? 0) / 2 });
    expect(noRecords.labelMatch).toBe(0);
    expect(noRecords.scoreMargin).toBeCloseTo(0.5, 9);
  });

  test("the default model's threshold is a probability", () => {
    expect(DEFAULT_REFUSAL_MODEL.threshold).toBeGreaterThan(0);
    expect(DEFAULT_REFUSAL_MODEL.threshold).toBeLessThan(1);
  });
});
