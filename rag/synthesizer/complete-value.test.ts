import { describe, expect, test } from "bun:test";
import { completeValue } from "./complete-value.ts";
import { detectIntent } from "./scoring.ts";
import type { Cand } from "./select.ts";
import { cands, win, noTerms } from "./testing.ts";

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
