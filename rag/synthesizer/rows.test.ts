import { describe, expect, test } from "bun:test";
import type { RetrievedChunk } from "../types.ts";
import { promoteNamedRows, rowNameTerms } from "./rows.ts";
import { sentenceFeatures } from "./scoring.ts";
import type { Cand, Window } from "./select.ts";

const rowWindow = (doc: string, kind: "benefit" | "definition", label: string, cells: string, score: number): Window => {
  const text = `${label} — ${cells}`;
  const chunk: RetrievedChunk = {
    chunkId: `rec:${doc}#${label}`, documentId: doc, filename: `${doc}.pdf`, ordinal: 0, text, pageStart: 3, pageEnd: 3, similarity: score, score,
    record: { kind, section: "If you need drugs", label, network: cells, outOfNetwork: null, limitations: null },
  };
  const f = sentenceFeatures(text);
  const c: Cand = { chunk, rank: 0, idx: 0, text, start: 0, f, isQuestion: false };
  return { sents: [c], terms: f.terms, values: new Set(), score, adjacency: 0 };
};
const labelTerms = (l: string) => sentenceFeatures(l).terms;
// "preferred brand drugs cost retail mail order" as weighed terms; "prescription" a glossary addition
const weights = new Map([["prefer", 2.5], ["brand", 2.8], ["drug", 1.9], ["cost", 0.4], ["retail", 3.1], ["mail", 3.1], ["order", 2.9], ["prescription", 2.3]]);
const own = new Set(["prefer", "brand", "drug", "cost", "retail", "mail", "order"]);

describe("promoteNamedRows", () => {
  test("the row whose label names the asked words without others ends above its neighbour, whatever the cells", () => {
    const named = rowWindow("doc", "benefit", "Preferred brand drugs", "$41/retail order $82/mail order", 1.2);
    const neighbour = rowWindow("doc", "benefit", "Non-preferred brand and generic drugs", "$67/retail order $134/mail order, prescription cost", 1.6);
    promoteNamedRows([named, neighbour], weights, own, labelTerms, 0.1);
    expect(named.score).toBeCloseTo(1.7, 6);
    expect(neighbour.score).toBe(1.6);
  });
  test("rows of another document or another kind of record are not neighbours", () => {
    const named = rowWindow("doc", "benefit", "Preferred brand drugs", "$41 per fill", 1.2);
    const other = rowWindow("other", "benefit", "Non-preferred brand and generic drugs", "$67/retail order", 1.6);
    const definition = rowWindow("doc", "definition", "Non-preferred brand drugs", "drugs not on the preferred list", 1.5);
    promoteNamedRows([named, other, definition], weights, own, labelTerms, 0.1);
    expect(named.score).toBe(1.2);
  });
  test("a neighbour whose cells name a topical word of the question's own, which the named row lacks, keeps its place", () => {
    const named = rowWindow("doc", "benefit", "Preferred brand drugs", "$41 per fill", 1.2);
    const neighbour = rowWindow("doc", "benefit", "Non-preferred brand and generic drugs", "$67/retail order", 1.6);
    promoteNamedRows([named, neighbour], weights, own, labelTerms, 0.1);
    expect(named.score).toBe(1.2);
  });
  test("a row whose label matches no asked word promotes nothing", () => {
    const named = rowWindow("doc", "benefit", "Preferred brand drugs", "$41 per fill", 1.2);
    const unrelated = rowWindow("doc", "benefit", "Are there other deductibles for specific services?", "$200 for brand drugs", 1.6);
    promoteNamedRows([named, unrelated], weights, own, labelTerms, 0.1);
    expect(named.score).toBe(1.2);
  });
});

describe("rowNameTerms", () => {
  const terms = (t: string) => sentenceFeatures(t).terms;
  test("a grid row is named by its label and its common medical event", () => {
    const room = rowNameTerms({ label: "Facility fee (e.g., hospital room)", section: "If you have a hospital stay" }, terms);
    const asc = rowNameTerms({ label: "Facility fee (e.g., ambulatory surgery center)", section: "If you have outpatient surgery" }, terms);
    for (const t of terms("hospital stay")) {
      expect(room.has(t)).toBe(true);
      expect(asc.has(t)).toBe(false);
    }
  });
  test("a row without a section is named by its label alone", () => {
    expect([...rowNameTerms({ label: "Ambulance services", section: null }, terms)]).toEqual([...terms("Ambulance services")]);
  });
});
