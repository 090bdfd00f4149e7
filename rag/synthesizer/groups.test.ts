import { describe, expect, test } from "bun:test";
import type { RetrievedChunk } from "../types.ts";
import { secondGroupRecord, secondGroupWindow } from "./groups.ts";
import { sentenceFeatures } from "./scoring.ts";
import type { Cand, Window } from "./select.ts";

const base: RetrievedChunk = { chunkId: "d#1", documentId: "d", filename: "d.pdf", ordinal: 1, text: "", pageStart: 1, pageEnd: 1, similarity: 0.5, score: 0.5 };
const row = (label: string, text: string, ordinal: number): Cand => {
  const chunk: RetrievedChunk = { ...base, chunkId: `d#${ordinal}`, ordinal, text, record: { kind: "benefit", section: null, label, network: text, outOfNetwork: null, limitations: null } };
  return { chunk, rank: ordinal, idx: 0, text, start: 0, f: sentenceFeatures(text), isQuestion: false };
};
const prose = (text: string, ordinal: number): Cand => ({ chunk: { ...base, chunkId: `d#${ordinal}`, ordinal, text }, rank: ordinal, idx: 0, text, start: 0, f: sentenceFeatures(text), isQuestion: false });
const win = (sents: readonly Cand[], score: number): Window => ({ sents, terms: new Set(sents.flatMap((s) => [...s.f.terms])), values: new Set(), score, adjacency: 0 });
const terms = (text: string): ReadonlySet<string> => sentenceFeatures(text).terms;
const weigh = (text: string): Map<string, number> => new Map([...terms(text)].map((t) => [t, 1]));

describe("secondGroupRecord", () => {
  const question = weigh("After the ferry ride I stayed at the lighthouse clinic. What is the copay?");
  const ferry = row("Ferry ride", "Ferry ride: $40 copay per trip.", 1);
  const clinic = row("Lighthouse clinic", "Lighthouse clinic: $15 copay per visit.", 2);
  const bakery = row("Bakery coupons and village garden vouchers", "Bakery coupons: $0.", 3);
  test("adds the row whose label names the question's other service", () => {
    expect(secondGroupRecord(win([ferry], 1), [ferry, bakery, clinic], question, terms)).toBe(clinic);
  });
  test("nothing when no other row names uncovered question words", () => {
    expect(secondGroupRecord(win([ferry], 1), [ferry, bakery], question, terms)).toBeUndefined();
  });
  test("nothing when the lead is prose, or its label names too little of the question", () => {
    expect(secondGroupRecord(win([prose("Ferry rides are covered.", 4)], 1), [clinic], question, terms)).toBeUndefined();
    expect(secondGroupRecord(win([ferry], 1), [clinic], question, terms, 0.3, 0.9)).toBeUndefined();
  });
});

describe("secondGroupWindow", () => {
  const question = weigh("ferry ride then lighthouse clinic copay");
  const a = prose("A ferry ride costs a $40 copay.", 1);
  const b = prose("The lighthouse clinic charges a copay.", 2);
  const c = prose("The ferry schedule changes in winter.", 3);
  const windows = [win([a], 1), win([b], 0.7), win([c], 0.9)];
  test("adds the passage covering the question's words the quoted ones leave out", () => {
    expect(secondGroupWindow(windows, windows[0] as Window, new Set([a]), question, 2)).toBe(windows[1]);
  });
  test("nothing when that passage scores too far below the best", () => {
    expect(secondGroupWindow(windows, windows[0] as Window, new Set([a]), question, 2, 0.25, 0.8)).toBeUndefined();
  });
});
