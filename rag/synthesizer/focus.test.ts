import { describe, expect, test } from "bun:test";
import { expandQuery } from "../glossary/expand.ts";
import { framingTerms, layPhraseTerms, networkClauseTerms } from "./focus.ts";

describe("framingTerms", () => {
  test("the quantity word of 'how much / how many / how long' frames a value question", () => {
    expect([...framingTerms("How much do I pay for an MRI?")]).toEqual(["much"]);
    expect(framingTerms("How long do I have to appeal?").has("long")).toBe(true);
    expect(framingTerms("Is long-term care covered?").size).toBe(0);
  });
  test("'phone number' and 'call' frame a phone question, the service name does not", () => {
    const f = framingTerms("What is the phone number for Member Services?");
    expect(f.has("phon")).toBe(true);
    expect(f.has("number")).toBe(true);
    expect(f.has("member")).toBe(false);
    expect(framingTerms("What is the number of visits allowed?").has("number")).toBe(false);
  });
});

describe("layPhraseTerms", () => {
  test("words only inside a glossary lay phrase are lay wording; the document term is not", () => {
    const q = "How much must I pay the hospital before my insurance kicks in?";
    const lay = layPhraseTerms(q, expandQuery(q));
    expect(lay.has("kick")).toBe(true);
    expect(lay.has("deductibl")).toBe(false);
    expect(lay.has("hospital")).toBe(false); // outside the lay phrases
  });
  test("no glossary match → none", () => {
    expect(layPhraseTerms("What is the ambulance copay?", expandQuery("What is the ambulance copay?")).has("ambul")).toBe(false);
  });
});

describe("networkClauseTerms", () => {
  test("the verb of a condition that only picks the network column is framing", () => {
    expect([...networkClauseTerms("What is the copay for an X-ray if we stay in network?")]).toEqual(["stay"]);
    expect([...networkClauseTerms("How much is physical therapy when I go in-network?")]).toEqual(["go"]);
  });
  test("a word the question also uses elsewhere, or a service between verb and network phrase, stays topical", () => {
    expect(networkClauseTerms("What does a hospital stay cost if I stay in network?").size).toBe(0);
    expect(networkClauseTerms("What is the copay if I see specialists in network?").size).toBe(0);
    expect(networkClauseTerms("What is the in-network copay for an X-ray?").size).toBe(0);
  });
});
