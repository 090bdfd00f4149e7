import { expect, test } from "bun:test";
import type { StoredUnit, UnitIndex } from "../bm25/index.ts";
import { createQuestionAnalyzer } from "../query/index.ts";
import type { RetrievedChunk } from "../types.ts";
import { liftDefinition } from "./definitions.ts";

const analyzer = createQuestionAnalyzer();
const definition = (documentId: string, label: string, page: number): StoredUnit => ({
  chunkId: `record:${documentId}@${label}`, documentId, filename: `${documentId}.pdf`, ordinal: -2, text: `${label} means …`, pageStart: page, pageEnd: page, label,
  record: { kind: "definition", section: "Definitions", label, network: null, outOfNetwork: null, limitations: `${label} means …` },
});
const chunk = (documentId: string, n: number): RetrievedChunk => ({ chunkId: `${documentId}#${n}`, documentId, filename: `${documentId}.pdf`, ordinal: n, text: "clause", pageStart: n, pageEnd: n, similarity: 0.5, score: 1 / (n + 1) });
const units = [definition("a", "Hospital", 3), definition("a", "Hospitalization", 3), definition("a", "Day Care Treatment", 2), definition("a", "Policy", 9), definition("b", "Hospitalization", 4)];
const index = { units } as unknown as UnitIndex;
const ctx = (namingTerms: string[] = [], named?: string[]) => ({ index, namingTerms, labelTerms: (u: number) => new Set(analyzer.terms(units[u]!.label!)), ...(named ? { named } : {}) });
const lift = (q: string, ranked: RetrievedChunk[], c = ctx()) => liftDefinition(q, ranked, { ...c, questionTerms: analyzer.terms(q) });

test("a definition question puts the definition of the term it names first, the longest label and the spelt one winning", () => {
  const ranked = [chunk("a", 5), chunk("a", 6)];
  expect(lift("What counts as hospitalization under my policy?", ranked)[0]?.record?.label).toBe("Hospitalization");
  expect(lift("What does Day Care Treatment mean?", ranked)[0]?.record?.label).toBe("Day Care Treatment");
  const out = lift("What counts as hospitalization?", ranked);
  expect(out).toHaveLength(3);
  expect(out[0]!.score).toBeGreaterThan(out[1]!.score);
});

test("other questions, labels of plan-name words only, and unmatched terms leave the list as it was", () => {
  const ranked = [chunk("a", 5)];
  expect(lift("How many days in hospital are covered?", ranked)).toEqual(ranked);
  expect(lift("How does the Star Policy define it?", ranked, ctx(["polici", "star"]))).toEqual(ranked);
  expect(lift("What does coinsurance mean?", ranked)).toEqual(ranked);
});

test("among documents defining the term, the one the question names, else the one ranked first", () => {
  expect(lift("What counts as hospitalization?", [chunk("b", 1), chunk("a", 2)])[0]?.documentId).toBe("b");
  expect(lift("What counts as hospitalization?", [chunk("b", 1), chunk("a", 2)], ctx([], ["a"]))[0]?.documentId).toBe("a");
});
