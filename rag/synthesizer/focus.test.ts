import { describe, expect, test } from "bun:test";
import { expandQuery } from "../glossary/expand.ts";
import { framingTerms, layPhraseTerms } from "./focus.ts";

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
