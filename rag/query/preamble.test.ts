import { describe, expect, test } from "bun:test";
import { intentClauses, placeNames, splitAsk } from "./preamble.ts";

describe("splitAsk", () => {
  test("context sentences before the asking sentence are the preamble", () => {
    const s = splitAsk("My husband collapsed at home last night. We have the Acme Gold HMO. What does an ambulance ride cost?");
    expect(s.preamble).toBe("My husband collapsed at home last night. We have the Acme Gold HMO.");
    expect(s.ask).toBe("What does an ambulance ride cost?");
    expect(s.anaphoric).toBe(false);
  });
  test("a question that opens with its ask has no preamble", () => {
    expect(splitAsk("What is the deductible? I am on the Gold plan.").preamble).toBe("");
    expect(splitAsk("On my Gold plan, how big is the deductible, and what do I pay for generics?").preamble).toBe("");
    expect(splitAsk("I want to know the deductible.").preamble).toBe("");
  });
  test("a statement joined to the ask by 'so' is context; a leading condition is not", () => {
    const s = splitAsk("We're hoping to start a family soon, so how long before delivery is covered?");
    expect(s.preamble).toBe("We're hoping to start a family soon");
    expect(s.ask).toBe("how long before delivery is covered?");
    expect(splitAsk("If I stop paying my penalty, how long before the plan ends my membership?").preamble).toBe("");
  });
  test("a clause asking behind a short leading prepositional phrase is an ask, not context", () => {
    const s = splitAsk("Under the bronze tier what do I owe for a sleep study, and how much is the out-of-network coinsurance?");
    expect(s.preamble).toBe("");
    expect(s.ask).toBe("Under the bronze tier what do I owe for a sleep study, and how much is the out-of-network coinsurance?");
    expect(splitAsk("For our twins why was the hearing test denied, but which form appeals it?").preamble).toBe("");
    // A relative clause after the noun is still context.
    expect(splitAsk("At the clinic where my mother gets dialysis, so what does each session cost?").preamble).toBe("At the clinic where my mother gets dialysis");
  });
  test("an ask that points back into the context, or has almost no words of its own, leans on it", () => {
    expect(splitAsk("My son needs new glasses. Will the plan help pay for them?").anaphoric).toBe(true);
    expect(splitAsk("I'm being discharged tomorrow and I don't feel ready. Who do I call and by when?").anaphoric).toBe(true);
    expect(splitAsk("No question here.").anaphoric).toBe(false);
  });
  test("intent clauses: what the member wants to do, up to the clause's end", () => {
    expect(splitAsk("The staff were rude. I want to file a complaint with Acme. What's the deadline?").intent).toBe("I want to file a complaint with Acme");
    expect(intentClauses("I don't click with my doctor and I'd like to switch to another group, as soon as possible")).toBe("I'd like to switch to another group");
    expect(intentClauses("We're trying to get pregnant; my wife is 38")).toBe("We're trying to get pregnant");
    expect(intentClauses("We're going to Italy this summer")).toBe("");
    expect(splitAsk("What is the deadline?").intent).toBe("");
  });
});

describe("placeNames", () => {
  test("a capitalised word after a preposition of place or a verb of visiting", () => {
    expect(placeNames("While visiting my aunt in Zaltovia I went to urgent care")).toEqual(["Zaltovia"]);
    expect(placeNames("We just got back from Norvia and a trip to Quell")).toEqual(["Norvia", "Quell"]);
    expect(placeNames("My doctor offered Zorvexa instead")).toEqual([]);
    expect(placeNames("I'm in the hospital")).toEqual([]);
  });
});
