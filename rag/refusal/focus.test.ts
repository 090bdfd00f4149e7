import { describe, expect, test } from "bun:test";
import { createQuestionAnalyzer } from "../query/index.ts";
import { focusFeatures } from "./focus.ts";

const { terms } = createQuestionAnalyzer();
const own = (q: string) => new Map(terms(q).map((t) => [t, [t]] as const));
const run = (q: string, texts: string[], definitions: boolean[] = []) =>
  focusFeatures(q, own(q), () => 1, terms, texts.map((t) => new Set(terms(t))), texts, (t, u) => u.has(t), definitions);

describe("focusFeatures", () => {
  test("sentence coverage: the words together in one sentence, not spread over two", () => {
    const q = "Does the plan cover a breast pump?";
    expect(run(q, ["The plan covers a breast pump in full. Other items vary."]).sentenceCoverage).toBe(1);
    expect(run(q, ["Breast reconstruction is covered. An insulin pump needs approval."]).sentenceCoverage).toBeLessThan(1);
  });
  test("the ask's coverage leaves out the context before it", () => {
    const q = "We just moved to Arizona last spring. Does the plan cover acupuncture?";
    const f = run(q, ["Acupuncture: $20 copay. The plan covers it."]);
    expect(f.askBestCoverage).toBe(1);
    expect(f.sentenceCoverage).toBeLessThan(1);
  });
  test("definition evidence counts only for a question that does not ask what a term means", () => {
    expect(run("Does the plan pay for a car seat?", ["Car means a motor vehicle."], [true]).definitionTop).toBe(1);
    expect(run("How does the policy define a car?", ["Car means a motor vehicle."], [true]).definitionTop).toBe(0);
  });
});
