import { describe, expect, test } from "bun:test";
import { createBm25Index } from "../bm25/index.ts";
import { createQuestionAnalyzer } from "../query/index.ts";
import { withinOneEdit } from "../text/index.ts";
import { ABSENT_FEATURES, decideRefusal, DEFAULT_REFUSAL_MODEL, refusalFeatures, refusalProbability } from "./refusal.ts";

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

  test("a model uses only the features it has a coefficient for", () => {
    const f = features("Does my plan cover Zorvexa injections?");
    const onlyCoverage = { intercept: 0, coefficients: { coverage: 2 }, threshold: 0.5 };
    expect(refusalProbability(f, onlyCoverage)).toBeCloseTo(1 / (1 + Math.exp(-2 * f.coverage)), 12);
    expect(refusalProbability({ ...f, missingName: 0, absentRarity: 0.3 }, onlyCoverage)).toBe(refusalProbability(f, onlyCoverage));
    // Rows of an older feature table (eval/fit-refusal.ts --rows) lack features added since: unused, they do not make p NaN.
    const { phraseMatch: _, ...older } = f;
    expect(refusalProbability(older as typeof f, onlyCoverage)).toBe(refusalProbability(f, onlyCoverage));
  });

  test("absentCap bounds the absent-word features' summed contribution, and only theirs", () => {
    const f = { ...features("Does my plan cover Zorvexa injections?"), missingName: 1, missingUncommon: 1, absentRarity: 1, absentRareMass: 0.5, coverage: 0.5 };
    const model = { intercept: 0.2, coefficients: { coverage: 2, missingName: -1, missingUncommon: -1, absentRarity: -1, absentRareMass: -2 }, threshold: 0.5 };
    const logit = (p: number) => Math.log(p / (1 - p));
    expect(logit(refusalProbability(f, model))).toBeCloseTo(0.2 + 1 - 4, 9);
    expect(logit(refusalProbability(f, { ...model, absentCap: 1.5 }))).toBeCloseTo(0.2 + 1 - 1.5, 9);
    // A cap above the summed contribution changes nothing.
    expect(refusalProbability(f, { ...model, absentCap: 10 })).toBeCloseTo(refusalProbability(f, model), 12);
    expect(ABSENT_FEATURES).toEqual(["missingName", "missingUncommon", "absentRarity", "absentRareMass"]);
  });

  test("the default model refuses a question about a product the documents never name and answers one they cover", () => {
    expect(decideRefusal(features("Does my plan cover Zorvexa injections?")).found).toBe(false);
    expect(decideRefusal(features("Are hearing aids covered?")).found).toBe(true);
  });

  test("the default model's threshold is a probability", () => {
    expect(DEFAULT_REFUSAL_MODEL.threshold).toBeGreaterThan(0);
    expect(DEFAULT_REFUSAL_MODEL.threshold).toBeLessThan(1);
  });
  test("absentRarity: a rare or unknown word the documents never use counts; a common lay word they lack does not", () => {
    const real = createQuestionAnalyzer();
    const idx = createBm25Index(texts.map((t) => [{ terms: real.terms(t), weight: 1 }]));
    const f = (q: string, extra: { corrected?: (t: string) => boolean } = {}) => {
      const a = real.analyze(q);
      const top = idx.search(a.terms, 5);
      return refusalFeatures(a, idx, top.map((t) => t[0]), (u) => new Set(real.terms(texts[u] as string)), top[0]?.[1] ?? 0, 1.2, extra);
    };
    const lay = f("Is the ambulance copay higher at night?");
    expect(lay.absentRarity).toBe(0);
    expect(lay.absentRareMass).toBe(0);
    const brand = f("Is the ambulance copay higher for Zorvexa?");
    expect(brand.absentRarity).toBe(1);
    expect(brand.absentRareMass).toBeGreaterThan(0);
    expect(brand.absentRareMass).toBeLessThan(1);
    expect(f("Is the ambulance copay higher for Zorvexa?", { corrected: () => true }).absentRarity).toBe(0);
    expect(refusalProbability(brand)).toBeLessThan(refusalProbability(lay));
  });
  test("absentRarity: a joined name whose parts or initials the documents use is present", () => {
    const real = createQuestionAnalyzer();
    const docs = ["United Healthcare ambulance services: you pay a $180 copay."];
    const idx = createBm25Index(docs.map((t) => [{ terms: real.terms(t), weight: 1 }]));
    const a = real.analyze("What does UnitedHealthcare charge for an ambulance?");
    const top = idx.search(a.terms, 5);
    const got = refusalFeatures(a, idx, top.map((t) => t[0]), () => new Set(real.terms(docs[0] as string)), top[0]?.[1] ?? 0, 1.2);
    expect(got.absentRarity).toBe(0);
    const abbreviated = createBm25Index([[{ terms: real.terms("UHC ambulance services: you pay a $180 copay."), weight: 1 }]]);
    expect(refusalFeatures(a, abbreviated, [0], () => new Set(real.terms("UHC ambulance services: you pay a $180 copay.")), 1, 1.2).absentRarity).toBe(0);
    const other = createBm25Index([[{ terms: real.terms("Ambulance services: you pay a $180 copay."), weight: 1 }]]);
    expect(refusalFeatures(a, other, [0], () => new Set(real.terms("Ambulance services: you pay a $180 copay.")), 1, 1.2).absentRarity).toBe(1);
  });
  test("absentRarity: a plan-name word the document lacks is not absent when the run names the routed document", () => {
    const real = createQuestionAnalyzer();
    const doc = "HSA Choice Plus ambulance services: you pay a $180 copay. Visit www.myuhc.com.";
    const idx = createBm25Index([[{ terms: real.terms(doc), weight: 1 }]]);
    const a = real.analyze("What does my Zorvexa HSA Choice Plus plan charge for an ambulance?");
    const f = (planName?: ReadonlySet<string>) => refusalFeatures(a, idx, [0], () => new Set(real.terms(doc)), 1, 1.2, planName ? { planName } : {});
    expect(f().absentRarity).toBe(1);
    const named = f(new Set(real.terms("Zorvexa HSA Choice Plus")));
    expect(named.absentRarity).toBe(0);
    expect(named.missingName).toBe(0);
    expect(refusalProbability(named)).toBeGreaterThan(refusalProbability(f()));
  });
  test("evidence features: one unit holding the rare terms, and an asked amount with no value near", () => {
    const real = createQuestionAnalyzer();
    const units = ["Acupuncture: you pay a $40 copay per visit.", "Acupuncture is covered.", "Visit limits apply to chiropractic care."];
    const idx = createBm25Index(units.map((t) => [{ terms: real.terms(t), weight: 1 }]));
    const run = (q: string, top: number[]) => {
      const a = real.analyze(q);
      return refusalFeatures(a, idx, top, (u) => new Set(real.terms(units[u] as string)), 1, 1.2);
    };
    const together = run("How much is an acupuncture visit?", [0, 1, 2]);
    expect(together.bestUnitCoverage).toBeGreaterThan(together.coverageTop1 - 1e-9);
    expect(together.rareTogether).toBe(1);
    expect(together.askValueMissing).toBe(0);
    const scattered = run("How much is an acupuncture visit?", [1, 2]);
    expect(scattered.rareTogether).toBeLessThan(1);
    expect(scattered.askValueMissing).toBe(1);
    expect(run("Is an acupuncture visit covered?", [1, 2]).askValueMissing).toBe(0);
  });
  test("phraseMatch reads the top units' text only when given it, and the default model weighs it", () => {
    const a = analyzer.analyze("Does my plan cover skilled nursing?");
    const top = index.search(a.terms, 5).map((t) => t[0]);
    expect(refusalFeatures(a, index, top, termsOf, 1, 1.2).phraseMatch).toBe(0);
    const withText = refusalFeatures(a, index, top, termsOf, 1, 1.2, { unitText: (u) => texts[u] as string });
    expect(withText.phraseMatch).toBe(1);
    const apart = refusalFeatures(analyzer.analyze("Does my plan cover nursing aids?"), index, [1, 2], termsOf, 1, 1.2, { unitText: (u) => texts[u] as string });
    expect(apart.phraseMatch).toBe(0);
    expect(refusalProbability(withText)).toBeGreaterThan(refusalProbability({ ...withText, phraseMatch: 0 }));
  });
});
