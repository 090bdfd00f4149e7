import { describe, expect, test } from "bun:test";
import { nextSteps } from "./next-steps.ts";

describe("nextSteps", () => {
  test("prior authorization, referral and an appeal deadline each give one step, in that order", () => {
    const answer =
      "Specialist visits require a referral from your PCP [1]. Prior authorization is required for an MRI [2]. " +
      "You must file your appeal within 65 calendar days of the date of the notice [3]. An appeal may be filed by your representative.";
    const steps = nextSteps(answer, true, "en");
    expect(steps.map((s) => s.kind)).toEqual(["prior_authorization", "referral", "appeal_deadline"]);
    expect(steps[2]!.text).toContain("within 65 days");
  });

  test("in Spanish, with the deadline's number and unit", () => {
    const steps = nextSteps("Según sus documentos: you must ask for an appeal no later than sixty days after the decision. Prior approval is required [1].", true, "es");
    expect(steps.map((s) => s.kind)).toEqual(["prior_authorization", "appeal_deadline"]);
    expect(steps[0]!.text).toContain("autorización previa");
    expect(steps[1]!.text).toContain("dentro de 60 días");
  });

  test("negated requirements, answers implying nothing, and not-found answers give none", () => {
    expect(nextSteps("You do not need a referral to see a specialist. No prior authorization is needed for emergency care.", true, "en")).toEqual([]);
    expect(nextSteps("The annual deductible is $1,250 [1].", true, "en")).toEqual([]);
    expect(nextSteps("An appeal is a formal way of asking us to review a decision [1].", true, "en")).toEqual([]);
    expect(nextSteps("Prior authorization is required.", false, "en")).toEqual([]);
  });

  test("a requirement phrased with 'without' is still a requirement", () => {
    expect(nextSteps("Services are not covered without prior authorization [1].", true, "en").map((s) => s.kind)).toEqual(["prior_authorization"]);
  });
});

describe("numberWord", () => {
  test("reads English number words 1–99, not other words", async () => {
    const { numberWord } = await import("./next-steps.ts");
    expect([numberWord("four"), numberWord("sixty-five"), numberWord("ninety"), numberWord("nineteen")]).toEqual([4, 65, 90, 19]);
    expect([numberWord("days"), numberWord("sixty-ten"), numberWord("")]).toEqual([undefined, undefined, undefined]);
  });
});
