import { describe, expect, test } from "bun:test";
import { createPlanNamer, groupPlans, type PlanDocument, resolvePlanScope } from "./plan-scope.ts";

// Invented profiles shaped like what ingestion reads (rag/documents detectProfile).
const DOCS: PlanDocument[] = [
  { id: "d1", filename: "summit_gold_hmo_2026_EOC.pdf", planName: "Summit Gold (HMO)", insurer: "Summit Health Plan", insurerSource: "text", kind: "eoc", planType: "HMO" },
  { id: "d2", filename: "SBC_Ridgeway.pdf", planName: "25/1500 Deductible", insurer: "Ridgeway Medical Group", insurerSource: "text", kind: "sbc", planType: "Deductible HMO" },
  { id: "d3", filename: "SBC_Orvana.pdf", planName: "Silver Basic HMO Copay Plan", insurer: "orvanaplans.com", insurerSource: "url", kind: "sbc", planType: "HMO" },
  { id: "d4", filename: "SBC_BrightNet_PPO_Gold_2015.pdf", planName: "PPO Gold 7QX $15/$0", insurer: "Bright Net Life Ins. Co.", insurerSource: "text", kind: "sbc", planType: "PPO" },
];
const plans = groupPlans(DOCS);
const namer = createPlanNamer();
const named = (q: string) => namer.named(plans, q).map((p) => p.documentIds[0]);

describe("groupPlans", () => {
  test("one plan per plan name and insurer; labels are plan names, else file bases", () => {
    const two = groupPlans([...DOCS, { id: "d5", filename: "Summit_SBC.pdf", planName: "Summit Gold (HMO)", insurer: "Summit Health Plan" }, { id: "d6", filename: "scan-001.pdf" }]);
    expect(two.map((p) => p.documentIds)).toEqual([["d1", "d5"], ["d2"], ["d3"], ["d4"], ["d6"]]);
    expect(two.map((p) => p.label)).toEqual(["Summit Gold (HMO)", "25/1500 Deductible", "Silver Basic HMO Copay Plan", "PPO Gold 7QX $15/$0", "scan-001"]);
  });
});

describe("which plans a question names", () => {
  test("named by a capitalised run: two or more capitalised words consecutive in one of the plan's names", () => {
    const byRun = (q: string) => namer.namedByRun(plans, q).map((p) => p.documentIds[0]);
    expect(byRun("Is an x-ray covered by Ridgeway Medical?")).toEqual(["d2"]);
    expect(byRun("How much is a specialist with Bright Net?")).toEqual(["d4"]);
    // A lone word, a run written in lower case, or a run of generic words only is no capitalised run.
    expect(byRun("what does Ridgeway charge for an x-ray?")).toEqual([]);
    expect(byRun("ridgeway medical x-ray cost")).toEqual([]);
    expect(byRun("Is Summit Health Plan the one with a Medical Group?")).toEqual(["d1"]);
    expect(byRun("What is the Health Plan deductible?")).toEqual([]);
  });
  test("an insurer's distinctive word, in any case", () => {
    expect(named("what does Ridgeway charge for an x-ray?")).toEqual(["d2"]);
    expect(named("ridgeway x-ray cost")).toEqual(["d2"]);
  });
  test("a word found only in the file name", () => {
    expect(named("Under Orvana, is acupuncture covered?")).toEqual(["d3"]);
  });
  test("a two-word insurer, spaced or joined, and the camelCase file name", () => {
    expect(named("How much is a specialist with Bright Net?")).toEqual(["d4"]);
    expect(named("brightnet specialist copay")).toEqual(["d4"]);
  });
  test("a common English word names a plan only when written capitalised, not as the first word", () => {
    expect(named("what is the Summit maximum out-of-pocket?")).toEqual(["d1"]);
    expect(named("what is the summit of my costs?")).toEqual([]);
    expect(named("Summit costs?")).toEqual([]);
    expect(named("Summit Gold: what is the hospital copay?")).toEqual(["d1"]);
    expect(named("SUMMIT sent me a letter about my copay")).toEqual(["d1"]);
  });
  test("insurance words inside a plan name never name it alone", () => {
    expect(named("what is my deductible?")).toEqual([]);
    expect(named("what is the Deductible for a Gold plan")).toEqual(["d1", "d4"]);
    expect(named("what is the 25/1500 Deductible plan's copay")).toEqual(["d2"]);
  });
  test("the file name, with or without extension", () => {
    expect(named("in SBC_Orvana.pdf what is the ER copay")).toEqual(["d3"]);
    expect(named("summit_gold_hmo_2026_EOC hospital stay")).toEqual(["d1"]);
  });
  test("an acronym of three or more name words; a word inside a hyphenated word names nothing", () => {
    const more = groupPlans([...DOCS, { id: "d9", filename: "sbc_x.pdf", planName: "Gold Saver", insurer: "Coastal Valley Mutual Health" }]);
    expect(namer.named(more, "does my CVM plan cover x-rays?").map((p) => p.key)).toEqual(["d9"]);
    expect(namer.named(more, "what does the Pre-Ridgeway program cost?")).toEqual([]);
  });
  test("all-number runs of a plan name", () => {
    expect(named("copay on the 25/1500 plan")).toEqual(["d2"]);
  });
  test("a word shared by several plans narrows to them; a word shared by all names none", () => {
    expect(named("my HMO specialist copay")).toEqual(["d1", "d2", "d3"]);
    expect(named("what does the PPO pay for labs")).toEqual(["d4"]);
    expect(named("my Gold plan copay")).toEqual(["d1", "d4"]);
    expect(namer.named(groupPlans(DOCS.slice(0, 3)), "my HMO specialist copay")).toEqual([]);
    expect(named("Bright Net PPO Gold hospital")).toEqual(["d4"]);
  });
  test("several plans named: the ones with the most question words", () => {
    expect(named("compare Ridgeway and Orvana emergency costs")).toEqual(["d2", "d3"]);
  });
  test("no plan words, generic document words", () => {
    expect(named("what does my SBC say about the health plan's coverage?")).toEqual([]);
    expect(named("¿Cuál es el copago de urgencias?")).toEqual([]);
    expect(named("¿Cuál es el copago de Ridgeway?")).toEqual(["d2"]);
  });
});

describe("resolvePlanScope", () => {
  test("named, then kept by the conversation, replaced when another is named, all when none", () => {
    const first = resolvePlanScope(namer, plans, "Ridgeway emergency room copay?");
    expect(first).toMatchObject({ reason: "named" });
    expect(first?.plans.map((p) => p.key)).toEqual(["d2"]);
    const follow = resolvePlanScope(namer, plans, "and an ambulance?", ["d2"]);
    expect(follow?.reason).toBe("conversation");
    expect(follow?.plans.map((p) => p.key)).toEqual(["d2"]);
    expect(resolvePlanScope(namer, plans, "and for Orvana?", ["d2"])?.plans.map((p) => p.key)).toEqual(["d3"]);
    const all = resolvePlanScope(namer, plans, "what is my emergency room copay?");
    expect(all?.reason).toBe("all");
    expect(all?.plans).toHaveLength(4);
  });
  test("a stale previous scope (deleted document) and a rewritten question", () => {
    expect(resolvePlanScope(namer, plans, "and an ambulance?", ["gone"])?.reason).toBe("all");
    expect(resolvePlanScope(namer, plans, "and an ambulance?", undefined, "ambulance copay for Orvana")?.plans.map((p) => p.key)).toEqual(["d3"]);
  });
  test("one plan: no scope", () => {
    expect(resolvePlanScope(namer, groupPlans(DOCS.slice(0, 1)), "Summit copay")).toBeUndefined();
  });
});
