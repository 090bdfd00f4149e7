import { describe, expect, test } from "bun:test";
import { joinSplitNumbers, trimSentence } from "./render.ts";
import { detectIntent, sentenceFeatures } from "./scoring.ts";

describe("trimSentence", () => {
  const weights = new Map([...sentenceFeatures("Infertility treatment").terms].map((t) => [t, 3] as const));
  const long =
    "Infertility treatment is covered as in-patient or day care treatment provided the Policy has been in force for twenty four (24) months from the inception of the Policy or from the date of inclusion of the insured person, whichever is later.";

  test("a short sentence stays whole", () => {
    expect(trimSentence("Specialist visit $75 copay.", 360, weights)).toBe("Specialist visit $75 copay.");
  });
  test("the trimmed window never ends inside a value: the number's remaining words and unit follow", () => {
    const budget = long.indexOf("four") + "four".length;
    const out = trimSentence(long, budget, weights);
    expect(out).toContain("twenty four (24) months");
    expect(out.endsWith(" …")).toBe(true);
  });
  test("a cut after ordinary words adds nothing past the budget", () => {
    const words = "The Company shall pay the medical expenses for the treatment of infertility as covered by the Policy and subject to the terms of the plan opted by the insured person at inception.";
    const out = trimSentence(words, 60, weights);
    expect(out.replace(/^… /, "").replace(/ …$/, "").length).toBeLessThanOrEqual(60);
  });
  test("with a phone number asked, the window keeps the number the question's words come before", () => {
    const w = new Map([...sentenceFeatures("government office discrimination").terms].map((t) => [t, 3] as const));
    const text =
      "If you believe you have been treated unfairly because of discrimination in any of the ways the government office lists, and you have already complained to the plan and waited for a written answer without hearing back for several weeks in a row, you should call the regional office at 1-800-555-0100 or write to the address on your notice.";
    expect(trimSentence(text, 200, w)).not.toContain("1-800-555-0100");
    expect(trimSentence(text, 200, w, sentenceFeatures, detectIntent("Is there a government office I can call about discrimination?"))).toContain("1-800-555-0100");
  });
  test("a window cut right before a value reaches it: the word before the value and the value follow", () => {
    const budget = long.indexOf(" twenty");
    const cut = long.slice(0, budget).replace(/ for$/, "");
    const out = trimSentence(`${cut} for twenty four (24) months.`, cut.length + 1, weights);
    expect(out).toContain("for twenty four (24) months");
  });
  test("a chart row's verdict cut by the trim follows the ellipsis: the first verdict after the window, not the next row's", () => {
    const w = new Map([...sentenceFeatures("tinted lenses").terms].map((t) => [t, 3] as const));
    const text =
      "Vision services and materials that are primarily for cosmetic purposes including but not limited to tinted lenses, the coating or laminating of the lens or lenses, anti-reflective coating, scratch resistant coating, edge polish and other cosmetic processes Not covered under any condition Hearing aid batteries Covered only under specific conditions";
    const out = trimSentence(text, 100, w);
    expect(out).toContain("tinted lenses");
    expect(out.endsWith("… Not covered under any condition")).toBe(true);
    expect(trimSentence("Some long row about tinted lenses and many other things that go on and on past the budget given here", 40, w)).toMatch(/ …$/);
  });
});

describe("joinSplitNumbers", () => {
  test("a number split after its hyphen is rejoined; dashes and words are left alone", () => {
    expect(joinSplitNumbers("see www.example.com or call 1- 888-852-5345.")).toBe("see www.example.com or call 1-888-852-5345.");
    expect(joinSplitNumbers("Call 1-800-522- 0088 or write to Los Angeles, CA 91410- 0348")).toBe("Call 1-800-522-0088 or write to Los Angeles, CA 91410-0348");
    expect(joinSplitNumbers("ages 2 - 18, self- referral, 8 a.m. - 8 p.m.")).toBe("ages 2 - 18, self- referral, 8 a.m. - 8 p.m.");
  });
});
