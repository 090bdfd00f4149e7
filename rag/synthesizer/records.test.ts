import { describe, expect, test } from "bun:test";
import type { RecordCells } from "../types.ts";
import { limitationExcerpt, MAX_LIMITATION_SENTENCES, renderRecord } from "./records.ts";
import { sentenceFeatures } from "./scoring.ts";

const benefit = (over: Partial<RecordCells> = {}): RecordCells => ({
  kind: "benefit", section: "If you visit a health care provider's office", label: "Specialist visit", network: "$45 copay", outOfNetwork: "40% coinsurance", limitations: null, ...over,
});

describe("renderRecord", () => {
  test("a benefit row: value first, both networks, amounts exactly as printed, then the limitation", () => {
    expect(renderRecord(benefit(), new Map())).toBe("Specialist visit: $45 copay in network; out of network, 40% coinsurance.");
    expect(renderRecord(benefit({ network: "$50 copayment/day", outOfNetwork: "Not covered", limitations: "Up to 60 days per benefit period" }), new Map())).toBe(
      "Specialist visit: $50 copayment/day in network; out of network, Not covered. Up to 60 days per benefit period.",
    );
    expect(renderRecord(benefit({ limitations: "— none —" }), new Map())).not.toContain("none");
  });

  test("one cost column (EOC chart), a question of the SBC template, a yes/no question, a definition", () => {
    expect(renderRecord(benefit({ network: "$180 copayment for each one-way trip.", outOfNetwork: null, label: "Ambulance services" }), new Map())).toBe("Ambulance services: $180 copayment for each one-way trip.");
    expect(renderRecord({ kind: "question", section: "Important Questions", label: "What is the overall deductible?", network: "$500 person / $1,000 family", outOfNetwork: null, limitations: null }, new Map())).toBe(
      "The overall deductible is $500 person / $1,000 family.",
    );
    expect(renderRecord({ kind: "question", section: null, label: "Do I need a referral to see a specialist?", network: "Yes", outOfNetwork: null, limitations: null }, new Map())).toBe("Do I need a referral to see a specialist? Yes.");
    expect(renderRecord({ kind: "definition", section: null, label: "Copayment", network: null, outOfNetwork: null, limitations: "Copayment – a fixed amount you pay." }, new Map())).toBe("Copayment – a fixed amount you pay.");
  });

  test("an SBC question's 'why this matters' only where it holds a figure", () => {
    const q = (limitations: string): RecordCells => ({ kind: "question", section: "Important Questions", label: "What is the out-of-pocket limit for this plan?", network: "$4,000", outOfNetwork: null, limitations });
    expect(renderRecord(q("The out-of-pocket limit is the most you could pay in a year."), new Map())).toBe("The out-of-pocket limit for this plan is $4,000.");
    expect(renderRecord(q("It helps you plan. Up to $500 per drug is not counted."), new Map())).toBe("The out-of-pocket limit for this plan is $4,000. Up to $500 per drug is not counted.");
  });

  test("after a bare yes or no, the template's first 'why this matters' sentence, worded by that answer", () => {
    const referral = (network: string): RecordCells => ({
      kind: "question", section: "Important Questions", label: "Do I need a referral to see a specialist?", network, outOfNetwork: null,
      limitations: "You can see the specialist you choose without permission from this plan. Plans use other terms.",
    });
    expect(renderRecord(referral("No."), new Map())).toBe("Do I need a referral to see a specialist? No. You can see the specialist you choose without permission from this plan.");
    // an answer that says more than yes or no keeps to the sentences holding a figure
    expect(renderRecord(referral("Yes, for in-network specialists."), new Map())).toBe("Do I need a referral to see a specialist? Yes, for in-network specialists.");
  });

  test("Spanish: Spanish joining words, cells as printed", () => {
    const es = renderRecord(benefit({ outOfNetwork: "Not covered" }), new Map(), "es");
    expect(es).toBe("Specialist visit: $45 copay dentro de la red; fuera de la red, Not covered.");
    expect(renderRecord(benefit({ limitations: "Referral required." }), new Map(), "es")).toContain("Nota (del documento): Referral required.");
  });
});

describe("a long cost cell", () => {
  test("keeps its first sentence (the cost) and the sentences matching the question", () => {
    const cell = "$0 copayment for each scooter rental. The vendor delivers within the service area on weekdays. " +
      "Delivery outside business hours may be arranged by calling the vendor in advance of the rental. " +
      "Repairs are made by the vendor at no charge. Batteries are replaced once every 2 years.";
    const shown = renderRecord(benefit({ label: "Mobility scooters", network: cell, outOfNetwork: null }), new Map([...sentenceFeatures("batteries").terms].map((t) => [t, 1])));
    expect(shown).toStartWith("Mobility scooters: $0 copayment for each scooter rental.");
    expect(shown).toContain("Batteries are replaced once every 2 years.");
    expect(shown).not.toContain("business hours");
    const short = "$5 copayment for each scooter rental.";
    expect(renderRecord(benefit({ label: "Mobility scooters", network: short, outOfNetwork: null }), new Map())).toBe(`Mobility scooters: ${short}`);
  });
});

describe("limitationExcerpt", () => {
  const long = "Covered services include many things listed in the chart below for members. " +
    "Each visit must be with a contracted provider in the service area of the plan. " +
    "Up to 36 sessions over a 12-week period are covered when all requirements are met. " +
    "Sessions must be in a hospital outpatient setting or a physician's office nearby.";
  test("a short limitation is whole; a long one keeps its sentences that match the question", () => {
    expect(limitationExcerpt("After deductible.", new Map())).toBe("After deductible.");
    const w = new Map([["session", 1]]);
    const cut = limitationExcerpt(long, w, { numeric: true, phone: false, money: false, duration: false });
    expect(cut).toContain("Up to 36 sessions");
    expect(cut).not.toContain("contracted provider");
  });
  test("a sentence holding a value of the asked kind is kept though it names no question term", () => {
    const lim = "A $1,800 yearly maximum applies when the item is judged optional by the reviewer. " +
      "Approval is required from outside providers for any wheelchair above the allowance. Covers one wheelchair of each type every 4 years.";
    const cut = limitationExcerpt(lim, new Map([["wheelchair", 1]]), { numeric: true, phone: false, money: true, duration: false });
    expect(cut).toContain("$1,800 yearly maximum");
    expect(cut).toContain("every 4 years");
    expect(limitationExcerpt(lim, new Map([["wheelchair", 1]]))).not.toContain("$1,800");
  });
  test("a long chart cell keeps its four best-matching sentences (MAX_LIMITATION_SENTENCES), in reading order", () => {
    const cell = "Worldwide emergency care is covered outside the country. Emergency medications are covered outside the country. " +
      "See Chapter 3 for care outside the country. Claims filed outside the country are paid in dollars. " +
      "Transport back from outside the country is not covered. Routine care is not part of this row.";
    const cut = limitationExcerpt(cell, new Map([["outsid", 1], ["countri", 1]]));
    expect(cut.split(/(?<=\.)\s+/)).toHaveLength(MAX_LIMITATION_SENTENCES);
    expect(cut).toContain("Worldwide emergency care");
    expect(cut).not.toContain("Routine care");
  });
  test("a limitation is not split after \"e.g.\": the example stays in its sentence", () => {
    const cell = "You pay your surgery copayment for the lens implant. There is no charge for a standard lens. However, for an additional fee, " +
      "you may request a premium lens (e.g. Brandlens) in place of a standard one. Other rules apply to members in the service area of the plan.";
    const cut = limitationExcerpt(cell, new Map([["premium", 2], ["len", 1]]));
    expect(cut).toContain("additional fee, you may request a premium lens (e.g. Brandlens) in place of a standard one.");
  });
  test("a long limitation none of whose sentences names a question word keeps its first: what the row is", () => {
    const lim = "An electronic home unit or neck pendant available to members who meet specific criteria set by the plan each year. " +
      "Contact Member Services for more information (numbers are printed on the back cover of this document).";
    expect(limitationExcerpt(lim, new Map([["button", 2], ["wear", 1]]))).toBe("An electronic home unit or neck pendant available to members who meet specific criteria set by the plan each year.");
  });
});
