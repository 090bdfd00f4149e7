import { describe, expect, test } from "bun:test";
import { askWeights, networkAsk, otherNetworkOnly, OTHER_ASK_TERM_SHARE, splitAsks, withoutNames, yesNoAsk } from "./asks.ts";

describe("splitAsks", () => {
  test("two question words joined by and, a comparison, two questions; one ask stays whole", () => {
    expect(splitAsks("How long is the waiting period for cataract surgery, and how much does the plan pay for it?")).toEqual([
      "How long is the waiting period for cataract surgery",
      "how much does the plan pay for it?",
    ]);
    expect(splitAsks("What is the copay for a specialist in town versus a specialist abroad?")).toHaveLength(2);
    expect(splitAsks("Is dental covered? What about vision exams?")).toHaveLength(2);
    expect(splitAsks("¿Cuántas visitas cubre el plan y a qué número llamo?")).toHaveLength(2);
    expect(splitAsks("What do I pay for x-rays and blood tests?")).toEqual(["What do I pay for x-rays and blood tests?"]);
    // an ask opening with a question word stands with one content word; a bare fragment does not
    expect(splitAsks("Who runs the hearing program, and what is their number?")).toEqual(["Who runs the hearing program", "what is their number?"]);
    expect(splitAsks("Is there a waiting period; maybe?")).toHaveLength(1);
  });
  test("an -ly / -mente adverb between 'and' and the second ask's question word", () => {
    expect(splitAsks("What is the charge per night, and roughly what would the whole trip cost?")).toEqual(["What is the charge per night", "what would the whole trip cost?"]);
    expect(splitAsks("¿Cuánto cuesta la visita y aproximadamente cuánto tarda?")).toHaveLength(2);
    expect(splitAsks("Is the visit covered and only if I book it online?")).toHaveLength(1);
  });
  test("a second ask led by a preposition before its question word", () => {
    expect(splitAsks("How long is the trial period, and by when must the form be returned?")).toEqual(["How long is the trial period", "by when must the form be returned?"]);
    expect(splitAsks("Is physiotherapy paid and for how long?")).toEqual(["Is physiotherapy paid", "for how long?"]);
    expect(splitAsks("¿Qué cubre la póliza y hasta cuándo dura?")).toHaveLength(2);
    // a preposition and "and" without a question word after them join words, not asks
    expect(splitAsks("Are rides to and from the clinic paid?")).toHaveLength(1);
  });
  test("parallel phrases with the same preposition are two asks; another preposition, or a side too short, is not", () => {
    expect(splitAsks("What is paid for glasses and for contact lenses?")).toEqual(["What is paid for glasses", "for contact lenses?"]);
    expect(splitAsks("What is the total for one adult and for a whole family?")).toEqual(["What is the total for one adult", "for a whole family?"]);
    expect(splitAsks("¿Cuánto pago con receta y con la tarjeta de descuento?")).toHaveLength(2);
    expect(splitAsks("What is covered with a referral and for children under five?")).toHaveLength(1);
    expect(splitAsks("Is therapy covered for me and for my wife?")).toHaveLength(1);
  });
  test("a second ask opening with a fronted subordinate clause before its question word", () => {
    expect(splitAsks("How long do I have to file a claim, and once it is approved, how soon is it paid?")).toEqual([
      "How long do I have to file a claim",
      "once it is approved, how soon is it paid?",
    ]);
    // without a question word after the clause it is no second ask
    expect(splitAsks("Is the visit covered and once approved, paid in full?")).toHaveLength(1);
    expect(splitAsks("What do I pay after the deductible, and is a referral needed?")).toHaveLength(2);
  });
  test("a correlative pair of prepositional phrases is two asks, each with the rest of the part", () => {
    expect(splitAsks("What is the copay for therapy, both in a clinic and at my home?")).toEqual([
      "What is the copay for therapy in a clinic?",
      "What is the copay for therapy at my home?",
    ]);
    expect(splitAsks("¿Cuánto pago tanto en la farmacia como por correo?")).toEqual(["¿Cuánto pago en la farmacia?", "¿Cuánto pago por correo?"]);
    // "both" before nouns, not prepositional phrases, stays one ask
    expect(splitAsks("Do I pay both the deductible and the copay?")).toHaveLength(1);
  });
  test("a part naming only a network column is no ask of its own", () => {
    expect(splitAsks("What do physical therapy and speech therapy cost in-network vs non-network?")).toHaveLength(1);
    expect(splitAsks("What does physical therapy cost with preferred providers compared with non-preferred providers?")).toHaveLength(1);
    expect(splitAsks("What is the copay for a specialist in network versus a specialist out of network?")).toHaveLength(2);
  });

  test("askWeights keeps the ask's own terms and damps the others", () => {
    const w = askWeights(new Map([["wait", 2], ["pay", 1]]), "how long is the wait", () => ["wait"]);
    expect(w.get("wait")).toBe(2);
    expect(w.get("pay")).toBeCloseTo(OTHER_ASK_TERM_SHARE);
    expect(askWeights(new Map([["wait", 2], ["pay", 1]]), "how long is the wait", () => ["wait"], 0).get("pay")).toBe(0);
  });
});

describe("network qualifier", () => {
  test("which network column a question asks about", () => {
    expect(networkAsk("What is the in-network out-of-pocket limit?")).toBe("in");
    expect(networkAsk("And out of network?")).toBe("out");
    expect(networkAsk("What is the deductible?")).toBeUndefined();
    expect(networkAsk("in network and out of network deductible")).toBeUndefined();
  });
  test("a passage about the other column only", () => {
    expect(otherNetworkOnly("For out-of-network providers $8,000 per year.", "in")).toBe(true);
    expect(otherNetworkOnly("For in-network providers $4,000; out-of-network $8,000.", "in")).toBe(false);
    expect(otherNetworkOnly("For out-of-network providers $8,000 per year.", undefined)).toBe(false);
  });
});

describe("yesNoAsk", () => {
  test("an auxiliary verb without a question word is a yes/no ask", () => {
    expect(yesNoAsk("On the Acme Gold plan, do I need approval before seeing a dermatologist")).toBe(true);
    expect(yesNoAsk("is physiotherapy covered?")).toBe(true);
    expect(yesNoAsk("what is the copay when I go?")).toBe(false);
    expect(yesNoAsk("how much does the plan pay for it?")).toBe(false);
    expect(yesNoAsk("¿cuánto pago por la visita?")).toBe(false);
    expect(yesNoAsk("the copay for a dermatologist")).toBe(false);
  });
  test("the asking clause's first word decides: an auxiliary opens a yes/no ask though a question word follows", () => {
    expect(yesNoAsk("does what we pay for it count toward the out-of-pocket max?")).toBe(true);
    expect(yesNoAsk("and is there a generic version of what I take?")).toBe(true);
    expect(yesNoAsk("My son needs rehab. Does what we pay count toward the limit?")).toBe(true);
    expect(yesNoAsk("what is it that I pay, and does it count?")).toBe(false);
    expect(yesNoAsk("Is the plan any good? How much does it pay for a visit?")).toBe(false);
  });
});

describe("withoutNames", () => {
  test("strips a quoted plan name so its words are no cue; other text and short names stay", () => {
    expect(withoutNames("On the Acme Copay Deductible 900 plan, do I need approval?", ["Acme Copay Deductible 900"]).replace(/\s+/g, " ")).toBe("On the plan, do I need approval?");
    expect(withoutNames("on the acme copay deductible 900 plan", ["Acme Copay Deductible 900"]).replace(/\s+/g, " ").trim()).toBe("on the plan");
    expect(withoutNames("What is the copay?", ["Acme Gold (HMO)", "PPO"])).toBe("What is the copay?");
    expect(withoutNames("Acme Gold (HMO) copay", ["Acme Gold (HMO)"]).trim()).toBe("copay");
  });
});

describe("coordinated alternatives", () => {
  test("prefixed forms of one word, or one head word with two labels, are two asks", () => {
    expect(splitAsks("How many days of pre-treatment and post-treatment costs are paid?")).toEqual([
      "How many days of pre-treatment costs are paid?",
      "How many days of post-treatment costs are paid?",
    ]);
    expect(splitAsks("What is the daily allowance under Option A and Option B?")).toEqual([
      "What is the daily allowance under Option A?",
      "What is the daily allowance under Option B?",
    ]);
  });
  test("a function word as the head, a shared word written apart, or no shared word: one ask", () => {
    expect(splitAsks("Is therapy covered for me and for my wife?")).toHaveLength(1);
    expect(splitAsks("What do physical therapy and speech therapy cost?")).toHaveLength(1);
    expect(splitAsks("Are pre-treatment and follow-up costs paid?")).toHaveLength(1);
  });
});
