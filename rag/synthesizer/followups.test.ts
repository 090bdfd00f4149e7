import { describe, expect, test } from "bun:test";
import type { RecordCells, RetrievedChunk } from "../types.ts";
import { continuations, elaborations, laterRecords, namesOtherNumbered, referents } from "./followups.ts";
import { sentenceFeatures } from "./scoring.ts";
import type { Cand } from "./select.ts";

describe("namesOtherNumbered", () => {
  test("another tier, level or zone than the question names", () => {
    expect(namesOtherNumbered("What do I pay for tier 4 drugs?", "Tier 3 drugs")).toBe(true);
    expect(namesOtherNumbered("What do I pay for tier 4 drugs?", "Tier 4 drugs")).toBe(false);
    expect(namesOtherNumbered("What do I pay for tier 4 drugs?", "Tier 3 and Tier 4 drugs")).toBe(false);
    expect(namesOtherNumbered("Treated in Zone II, what applies?", "Zone III co-payment")).toBe(true);
    expect(namesOtherNumbered("What do I pay for specialty drugs?", "Tier 3 drugs")).toBe(false);
    expect(namesOtherNumbered("Is 1 visit covered?", "Limited to 30 visits")).toBe(false);
  });
});

const unit = (id: string, doc: string, text: string, record?: RecordCells): RetrievedChunk => ({
  chunkId: id, documentId: doc, filename: `${doc}.pdf`, ordinal: 1, text, pageStart: 1, pageEnd: 1, similarity: 0.5, score: 0.5, ...(record ? { record } : {}),
});
const cand = (chunk: RetrievedChunk, idx: number, text = chunk.text): Cand => ({ chunk, rank: 0, idx, text, start: 0, f: sentenceFeatures(text), isQuestion: false });

describe("laterRecords", () => {
  test("records below the anchoring units, of their documents only, each a candidate with its section's terms", () => {
    const row: RecordCells = { kind: "question", section: "Important Questions", label: "What is the overall deductible?", network: "$700", outOfNetwork: null, limitations: null };
    const top = unit("c1", "a", "Lab work is billed per test.");
    const ranked = [top, unit("c2", "b", "Other plan text."), unit("r1", "a", "What is the overall deductible? — $700", row), unit("r2", "c", "What is the overall deductible? — $900", row)];
    const out = laterRecords(ranked, 2, [cand(top, 0)]);
    expect(out.map((c) => c.chunk.chunkId)).toEqual(["r1"]);
    expect(out[0]?.rank).toBe(1);
    for (const t of sentenceFeatures("Important Questions").terms) expect(out[0]?.f.terms.has(t)).toBe(true);
  });
});

describe("elaborations", () => {
  test("the sentence after a quoted one, opening with a demonstrative and naming the topic", () => {
    const u = unit("c1", "a", "");
    const cs = [cand(u, 0, "We offer additional coverage of some drugs."), cand(u, 1, "These drugs are covered under tier 1."), cand(u, 2, "This list may change.")];
    const topical = (c: Cand): boolean => c.text.includes("drugs");
    expect(elaborations(new Set([cs[0] as Cand]), cs, topical)).toEqual([cs[1] as Cand]);
    // not topical: left out
    expect(elaborations(new Set([cs[1] as Cand]), cs, topical)).toEqual([]);
  });
});

describe("referents", () => {
  test("the sentence before a quoted one opening with a demonstrative", () => {
    const u = unit("c1", "a", "");
    const cs = [cand(u, 0, "Our service is the MedCheck Desk."), cand(u, 1, "This program is free."), cand(u, 2, "It is important to call.")];
    expect(referents(new Set([cs[1] as Cand]), cs)).toEqual([cs[0] as Cand]);
    expect(referents(new Set([cs[2] as Cand]), cs)).toEqual([]);
  });
});

describe("continuations", () => {
  test("the sentence after a quoted lead-in ending with a colon, or with a colon and a list's first item", () => {
    const u = unit("c1", "a", "");
    const cs = [
      cand(u, 0, "The plan pays a daily allowance, provided:"),
      cand(u, 1, "the stay lasts a week."),
      cand(u, 2, "Refunds are made as follows: (a) within a month of the request."),
      cand(u, 3, "(b) in full when no claim was made."),
      cand(u, 4, "Note: the allowance is taxable."),
      cand(u, 5, "Fees are listed below."),
    ];
    expect(continuations(new Set([cs[0] as Cand]), cs)).toEqual([cs[1] as Cand]);
    expect(continuations(new Set([cs[2] as Cand]), cs)).toEqual([cs[3] as Cand]);
    // a colon inside the sentence with more text after it is no lead-in
    expect(continuations(new Set([cs[4] as Cand]), cs)).toEqual([]);
    // already quoted: nothing to add
    expect(continuations(new Set([cs[0] as Cand, cs[1] as Cand]), cs)).toEqual([]);
  });
  test("the sentence after a quoted heading cut at its list's first label", () => {
    const u = unit("c1", "a", "");
    const cs = [
      cand(u, 0, "2) Waiting period for named illnesses (Code 02) a."),
      cand(u, 1, "Expenses for the listed illnesses are excluded for 24 months."),
      cand(u, 2, "The benefit is paid for Plan A."),
      cand(u, 3, "Plan B pays more."),
      cand(u, 4, "Claims are settled as follows (i)"),
      cand(u, 5, "within 30 days of the last document."),
    ];
    expect(continuations(new Set([cs[0] as Cand]), cs)).toEqual([cs[1] as Cand]);
    expect(continuations(new Set([cs[4] as Cand]), cs)).toEqual([cs[5] as Cand]);
    // a sentence ending with a capital letter (a plan's name) is whole
    expect(continuations(new Set([cs[2] as Cand]), cs)).toEqual([]);
  });
  test("the sentence after a quoted sentence cut at a comma and a conjunction, not after a whole one", () => {
    const u = unit("c1", "a", "");
    const cs = [
      cand(u, 0, "The bonus raises the sum insured by 10% a year, but"),
      cand(u, 1, "i. the total raise is at most 50% of the sum insured."),
      cand(u, 2, "The bonus is lost after a claim, but not in full."),
      cand(u, 3, "Only half of it is lost."),
    ];
    expect(continuations(new Set([cs[0] as Cand]), cs)).toEqual([cs[1] as Cand]);
    expect(continuations(new Set([cs[2] as Cand]), cs)).toEqual([]);
  });
  test("not across passages, not after a record", () => {
    const u = unit("c1", "a", "");
    const other: Cand = { ...cand(u, 0, "Next passage text."), rank: 1 };
    const lead = cand(u, 3, "You pay:");
    expect(continuations(new Set([lead]), [lead, other])).toEqual([]);
    const row: RecordCells = { kind: "question", section: "Important Questions", label: "What do I pay?", network: "$5", outOfNetwork: null, limitations: null };
    const rec = cand(unit("r1", "a", "What do I pay? — You pay:", row), 0);
    const after = cand(unit("r1", "a", ""), 1, "Something else.");
    expect(continuations(new Set([rec]), [rec, after])).toEqual([]);
  });
});
