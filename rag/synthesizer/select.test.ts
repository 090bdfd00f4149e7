import { describe, expect, test } from "bun:test";
import type { RetrievedChunk } from "../types.ts";
import { DEFAULT_EXTRACTIVE_OPTIONS } from "./options.ts";
import { type Cand, completeValue, NEAR_TIE_MIN_SHARE, namesTopic, pickWindows, type Window } from "./select.ts";
import { detectIntent, sentenceFeatures } from "./scoring.ts";

const chunk: RetrievedChunk = { chunkId: "d#1", documentId: "d", filename: "d.pdf", ordinal: 1, text: "", pageStart: 1, pageEnd: 1, similarity: 0.5, score: 0.5 };
const cands = (texts: readonly string[]): Cand[] =>
  texts.map((text, idx) => ({ chunk, rank: 0, idx, text, start: 0, f: sentenceFeatures(text), isQuestion: false }));
const win = (sents: readonly Cand[]): Window => ({ sents, terms: new Set(sents.flatMap((s) => [...s.f.terms])), values: new Set(), score: 1, adjacency: 0 });
const noTerms = new Map<string, number>();

describe("completeValue", () => {
  test("adds the following sentence that holds the asked count", () => {
    const c = cands(["Supervised exercise therapy is covered for members with PAD.", "A referral is needed.", "Up to 36 sessions over a period are covered."]);
    expect(completeValue([win([c[0] as Cand])], c, detectIntent("How many therapy sessions are covered?"), noTerms)?.text).toBe(c[2]?.text);
  });
  test("the sentence right after the best passage, when another sentence of the answer holds someone else's number", () => {
    const c = cands([
      "You may also contact the Department of Labor at 1-866-444-3272.",
      "If you have a complaint about your plan, you may file a grievance.",
      "For assistance, contact member services by calling 1-800-392-8649.",
    ]);
    const intent = detectIntent("Who do I call to file a grievance?");
    expect(completeValue([win([c[0] as Cand, c[1] as Cand])], c, intent, noTerms)?.text).toBe(c[2]?.text);
    // the passage's own last sentence already gives a number: nothing more
    expect(completeValue([win([c[1] as Cand, c[2] as Cand])], c, intent, noTerms)).toBeUndefined();
  });
  test("with a value elsewhere in the answer, the value up to two sentences after the best passage", () => {
    const c = cands([
      "Members in the north region pay a 5% co-payment.",
      "Members treated in the coastal region are subject to a co-payment.",
      "This applies to every claim.",
      "The co-payment there is 15%.",
    ]);
    const intent = detectIntent("What co-payment applies in the coastal region?");
    const valueElsewhere = win([c[0] as Cand]);
    expect(completeValue([win([c[1] as Cand]), valueElsewhere], c, intent, noTerms)?.text).toBe(c[3]?.text);
    // three sentences on is too far
    const far = cands([c[0]?.text ?? "", c[1]?.text ?? "", c[2]?.text ?? "", "It is deducted from the claim.", c[3]?.text ?? ""]);
    expect(completeValue([win([far[1] as Cand]), win([far[0] as Cand])], far, intent, noTerms)).toBeUndefined();
  });
  test("a postal question: the next sentence giving a postal address, though the passage gives a phone number", () => {
    const c = cands([
      "For help, call the state office at 1-877-555-0101 or visit www.example.gov. If you disagree with a decision, you may appeal.",
      "For questions, you can write to: ATTN: Appeals Unit P.O. Box 1234 Springfield, IL 62701.",
    ]);
    expect(completeValue([win([c[0] as Cand])], c, detectIntent("Where do I send a written appeal?"), noTerms)?.text).toBe(c[1]?.text);
    expect(completeValue([win([c[0] as Cand])], c, detectIntent("How do I file an appeal?"), noTerms)).toBeUndefined();
  });
  test("a question that asks for no value gets nothing", () => {
    const c = cands(["Hospice care is covered.", "Call 1-800-555-0100 for help."]);
    expect(completeValue([win([c[0] as Cand])], c, detectIntent("Is hospice care covered?"), noTerms)).toBeUndefined();
  });
});

describe("namesTopic", () => {
  test("a passage needs a question term weighing at least a share of the heaviest", () => {
    const w = new Map([["reflexolog", 4], ["pay", 0.4]]);
    expect(namesTopic(new Set(["pay", "total"]), w)).toBe(false);
    expect(namesTopic(new Set(["reflexolog"]), w)).toBe(true);
    expect(namesTopic(new Set(["pay"]), new Map([["pay", 0.4]]))).toBe(true);
  });
});

describe("pickWindows", () => {
  const sel = { ...DEFAULT_EXTRACTIVE_OPTIONS };
  const weights = new Map([["appeal", 2], ["level", 1]]);
  const intent = detectIntent("Who hears a level 3 appeal?");
  const scored = (c: Cand, score: number): Window => ({ ...win([c]), score });
  const [lead, answer, other, below] = cands([
    "If you want to go to a Level 3 appeal, the details are in the written notice.",
    "The Level 3 appeal is handled by an Administrative Law Judge.",
    "A Level 2 appeal is reviewed by an independent organisation.",
    "Level 1 appeals are answered within 30 days.",
  ]) as [Cand, Cand, Cand, Cand];
  test("quotes one further passage scoring near the best though it adds no query term", () => {
    const picked = pickWindows([scored(lead, 1), scored(answer, NEAR_TIE_MIN_SHARE + 0.01), scored(other, NEAR_TIE_MIN_SHARE)], weights, intent, sel);
    expect(picked.map((w) => w.sents[0]?.text)).toEqual([lead.text, answer.text]);
  });
  test("a passage below the near-tie share and adding nothing is left out", () => {
    const picked = pickWindows([scored(lead, 1), scored(below, NEAR_TIE_MIN_SHARE - 0.05)], weights, intent, sel);
    expect(picked.map((w) => w.sents[0]?.text)).toEqual([lead.text]);
  });
  test("a passage repeating the best one's words gives way to the next near tie", () => {
    const [again] = cands([`${lead.text} a.`]) as [Cand];
    const picked = pickWindows([scored(lead, 1), scored(again, 0.99), scored(answer, 0.95)], weights, intent, sel);
    expect(picked.map((w) => w.sents[0]?.text)).toEqual([lead.text, answer.text]);
  });
});
