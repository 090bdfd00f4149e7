import { describe, expect, test } from "bun:test";
import { createQuestionAnalyzer } from "../query/index.ts";
import { planNameTerms } from "./plan-name.ts";

const { terms } = createQuestionAnalyzer();

describe("planNameTerms", () => {
  test("every word of a name run that names the routed document, and none of another run", () => {
    const q = "Is the Mayo Clinic in network for my UnitedHealthcare HSA Choice Plus plan?";
    const got = planNameTerms(q, terms, terms("HSA Choice Plus"));
    expect([...got].sort()).toEqual(terms("UnitedHealthcare HSA Choice Plus").sort());
    for (const t of terms("Mayo Clinic")) expect(got.has(t)).toBe(false);
  });
  test("nothing when no routed document is named", () => {
    expect(planNameTerms("Is the Mayo Clinic in network for my Anthem PPO?", terms, []).size).toBe(0);
    expect(planNameTerms("Is the Mayo Clinic in network?", terms, terms("Anthem PPO")).size).toBe(0);
  });
});
