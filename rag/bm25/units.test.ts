import { describe, expect, test } from "bun:test";
import { createQuestionAnalyzer } from "../query/index.ts";
import { buildUnitIndex, DEFAULT_SUB_INDEXES_PER_INDEX, type StoredUnit } from "./units.ts";

const analyzer = createQuestionAnalyzer({ commonWords: new Set() });
const unit = (doc: string, ordinal: number, text: string): StoredUnit => ({ chunkId: `${doc}#${ordinal}`, documentId: doc, filename: `${doc}.pdf`, ordinal, text, pageStart: ordinal, pageEnd: ordinal });
// "ambulance" is in every unit of document a but rare across the library (b never says it).
const a = [unit("a", 1, "Ambulance services copay."), unit("a", 2, "Ambulance transport by air."), unit("a", 3, "Skilled nursing facility.")];
const b = [1, 2, 3, 4, 5, 6].map((i) => unit("b", i, `Specialist visit ${i}.`));

describe("buildUnitIndex documentIndex", () => {
  const index = buildUnitIndex([...a, ...b], analyzer.terms);
  const t = analyzer.terms("ambulance")[0] as string;
  test("holds the document's units alone, with the document's own statistics", () => {
    const own = index.documentIndex("a");
    expect(own.units.map((u) => u.chunkId)).toEqual(a.map((u) => u.chunkId));
    expect(own.router.documents).toEqual(["a"]);
    expect(own.fielded.df(t)).toBe(2);
    // a word in two of the document's three units weighs less there than in the nine-unit library
    expect(own.fielded.idf(t)).toBeLessThan(index.fielded.idf(t));
  });
  test("is built once, is the index itself for a one-document index, and refuses a document it lacks", () => {
    expect(index.documentIndex("a")).toBe(index.documentIndex("a"));
    const single = buildUnitIndex(a, analyzer.terms);
    expect(single.documentIndex("a")).toBe(single);
    expect(() => index.documentIndex("z")).toThrow(RangeError);
    expect(() => index.documentIndex([])).toThrow(RangeError);
  });
  test("several documents: their units together, built once whatever the order; all of them: the index itself", () => {
    const c = [unit("c", 1, "Ambulance by air.")];
    const three = buildUnitIndex([...a, ...b, ...c], analyzer.terms);
    const pair = three.documentIndex(["c", "a"]);
    expect(pair.units.map((u) => u.chunkId)).toEqual([...a, ...c].map((u) => u.chunkId));
    expect(pair.router.documents).toEqual(["a", "c"]);
    expect(pair.fielded.df(t)).toBe(3);
    expect(three.documentIndex(["a", "c", "a"])).toBe(pair);
    expect(three.documentIndex("a")).toBe(three.documentIndex(["a"]));
    expect(three.documentIndex(["b", "c", "a"])).toBe(three);
  });
  test("heldUnits counts the sub-indexes kept; past DEFAULT_SUB_INDEXES_PER_INDEX the least recently used is rebuilt", () => {
    const docs = Array.from({ length: DEFAULT_SUB_INDEXES_PER_INDEX + 2 }, (_, d) => [unit(`d${d}`, 1, `Copay ${d}.`), unit(`d${d}`, 2, `Deductible ${d}.`)]);
    const many = buildUnitIndex(docs.flat(), analyzer.terms);
    expect(many.heldUnits()).toBe(many.units.length);
    const first = many.documentIndex("d0");
    expect(many.heldUnits()).toBe(many.units.length + 2);
    for (let d = 1; d <= DEFAULT_SUB_INDEXES_PER_INDEX; d++) many.documentIndex(`d${d}`);
    // one more than the cap: d0 (least recently used) went, the cap's worth stays
    expect(many.heldUnits()).toBe(many.units.length + 2 * DEFAULT_SUB_INDEXES_PER_INDEX);
    expect(many.documentIndex(`d${DEFAULT_SUB_INDEXES_PER_INDEX}`)).toBe(many.documentIndex(`d${DEFAULT_SUB_INDEXES_PER_INDEX}`));
    expect(many.documentIndex("d0")).not.toBe(first);
  });
});
