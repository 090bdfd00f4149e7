import { describe, expect, test } from "bun:test";
import { assessAnswerability, resolveAnswerabilityOptions } from "./answerability.ts";
import { capitalisedRuns, filenameTerms } from "./names.ts";

const texts = [
  "SCAN Health Plan members pay a $0 monthly plan premium. You can pay your premium by check or automatic deduction.",
  "Physical therapy and speech therapy sessions are covered with a $15 copayment.",
];

describe("assessAnswerability", () => {
  test("a rare question term absent from the text makes it unanswerable", () => {
    expect(assessAnswerability("Can I pay my premium with Bitcoin?", texts).answerable).toBe(false);
    expect(assessAnswerability("Who is the CEO of SCAN Health Plan?", texts).missing).toContain("ceo");
    expect(assessAnswerability("How many music therapy sessions are covered?", texts).answerable).toBe(false);
  });

  test("supported questions pass, including via glossary wording and morphology", () => {
    expect(assessAnswerability("How do I pay my premium?", texts).answerable).toBe(true);
    expect(assessAnswerability("What is the copay for therapy sessions?", texts).answerable).toBe(true);
    expect(assessAnswerability("How much is a speech therapy session?", texts).answerable).toBe(true);
  });

  test("plan names missing from text (stripped headers) are not required when part of the name is present", () => {
    expect(assessAnswerability("What is the premium on the SCAN Platinum Gold plan?", texts).answerable).toBe(true);
    expect(assessAnswerability("Does the BlueShield Ultra plan cover therapy?", texts, {}, ["SBC_BlueShield.pdf"]).answerable).toBe(true);
    expect(filenameTerms("SBC_BlueShield.pdf")).toContain("blue");
    expect(capitalisedRuns("Is the CEO of SCAN Health Plan paid?")).toEqual([["Is"], ["CEO"], ["SCAN", "Health", "Plan"]]);
  });

  test("options are validated", () => {
    expect(() => resolveAnswerabilityOptions({ prefixMatch: 2 })).toThrow(RangeError);
    expect(() => resolveAnswerabilityOptions({ maxMissingShare: 1 })).toThrow(RangeError);
  });
});
