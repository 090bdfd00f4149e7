import { describe, expect, test } from "bun:test";
import type { Citation, SynthesizedAnswer } from "../types.ts";
import { composePlanAnswers, withPlanLabel } from "./compose.ts";
import { groupPlans } from "./plan-scope.ts";

const [ridge, orvana] = groupPlans([
  { id: "d2", filename: "SBC_Ridgeway.pdf", planName: "25/1500 Deductible", insurer: "Ridgeway Medical Group" },
  { id: "d3", filename: "SBC_Orvana.pdf", planName: null, insurer: null },
]);
const cite = (index: number, documentId: string, filename: string, page: number): Citation => ({ index, documentId, filename, page, chunkOrdinal: index, score: 1, text: "t" });
const answer = (text: string, citations: Citation[], found = true): SynthesizedAnswer => ({ text, found, citations, provider: "extractive" });

describe("withPlanLabel", () => {
  test("prefixes the plan name and the cited file; leaves a labelled or not-found answer alone", () => {
    expect(withPlanLabel(answer("Emergency room: $120 copay. [1]", [cite(1, "d2", "SBC_Ridgeway.pdf", 3)]), ridge!).text).toBe("25/1500 Deductible (SBC_Ridgeway.pdf): Emergency room: $120 copay. [1]");
    const labelled = answer("25/1500 Deductible (SBC_Ridgeway.pdf): $120 copay. [1]", [cite(1, "d2", "SBC_Ridgeway.pdf", 3)]);
    expect(withPlanLabel(labelled, ridge!)).toBe(labelled);
    const none = answer("I couldn't find that.", [], false);
    expect(withPlanLabel(none, ridge!)).toBe(none);
  });
  test("a plan without a plan name is labelled by its file name", () => {
    expect(withPlanLabel(answer("X. [1]", [cite(1, "d3", "SBC_Orvana.pdf", 2)]), orvana!).text).toBe("SBC_Orvana.pdf: X. [1]");
  });
});

describe("composePlanAnswers", () => {
  test("labels each found plan, renumbers markers and citations, skips plans not found", () => {
    const out = composePlanAnswers([
      { plan: ridge!, answer: answer("ER: $120 copay. [1] Ambulance: $90. [2]", [cite(1, "d2", "SBC_Ridgeway.pdf", 3), cite(2, "d2", "SBC_Ridgeway.pdf", 4)]) },
      { plan: orvana!, answer: answer("Nothing.", [], false) },
      { plan: orvana!, answer: answer("ER: 20% coinsurance. [1]", [cite(1, "d3", "SBC_Orvana.pdf", 5)]) },
    ]);
    expect(out?.text).toBe("25/1500 Deductible (SBC_Ridgeway.pdf): ER: $120 copay. [1] Ambulance: $90. [2]\nSBC_Orvana.pdf: ER: 20% coinsurance. [3]");
    expect(out?.citations.map((c) => [c.index, c.filename, c.page])).toEqual([[1, "SBC_Ridgeway.pdf", 3], [2, "SBC_Ridgeway.pdf", 4], [3, "SBC_Orvana.pdf", 5]]);
    expect(out?.found).toBe(true);
  });
  test("nothing found in any plan: undefined", () => {
    expect(composePlanAnswers([{ plan: ridge!, answer: answer("no", [], false) }])).toBeUndefined();
  });
});
