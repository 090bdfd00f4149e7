import { describe, expect, test } from "bun:test";
import type { RetrievedChunk } from "../types.ts";
import { endsWithListLabel, LIST_LEAD_MAX_CHARS, listLeads } from "./list-leads.ts";
import { sentenceFeatures } from "./scoring.ts";
import type { Cand } from "./select.ts";

const chunk: RetrievedChunk = { chunkId: "c1", documentId: "d1", filename: "d1.pdf", ordinal: 1, text: "", pageStart: 10, pageEnd: 10, similarity: 0.5, score: 0.5 };
const cands = (texts: readonly string[], rank = 0): Cand[] => texts.map((text, idx) => ({ chunk, rank, idx, text, start: 0, f: sentenceFeatures(text), isQuestion: false }));

/** An IRDAI waiting-period list as the sentence splitter cuts it (labels glued to the item before). */
const LIST = ["Specified disease/procedure waiting period Tympanoplasty iii.", "Two years waiting perioda.", "Cataract", "a. Cataract b.", "Benign prostatic hypertrophy c.", "Hernia d.", "Hydrocele e."];

describe("listLeads", () => {
  test("a quoted item brings its list's heading, walking back over the items before it", () => {
    const cs = cands(LIST);
    expect(listLeads(new Set([cs[5]!]), cs).map((c) => c.text)).toEqual(["Two years waiting perioda."]);
    expect(listLeads(new Set([cs[5]!, cs[6]!]), cs).map((c) => c.text)).toEqual(["Two years waiting perioda."]);
    expect(listLeads(new Set([cs[1]!, cs[5]!]), cs)).toEqual([]);
  });

  test("a heading with its first label apart, or in brackets, is found too", () => {
    const cs = cands(["The following diseases have a waiting period of 24 months (i)", "Cataract (ii)", "Hernia (iii)"]);
    expect(listLeads(new Set([cs[2]!]), cs).map((c) => c.text)).toEqual(["The following diseases have a waiting period of 24 months (i)"]);
  });

  test("not for a sentence that is no item, across prose, another passage, or past the length bound", () => {
    const cs = cands(LIST);
    expect(listLeads(new Set([cands(["Hernia repair is covered after the waiting period."])[0]!]), cs)).toEqual([]);
    const prose = cands(["Two years waiting perioda.", "The insurer pays the reasonable cost of the surgery listed below.", "Hernia d."]);
    expect(listLeads(new Set([prose[2]!]), prose)).toEqual([]);
    const split = [...cands(LIST.slice(0, 5)), ...cands(LIST.slice(5), 1)];
    expect(listLeads(new Set([split[5]!]), split)).toEqual([]);
    const long = cands([`${"A heading far too long to be a list's heading ".repeat(4)}perioda.`, "Hernia d."]);
    expect(long[0]!.text.length).toBeGreaterThan(LIST_LEAD_MAX_CHARS);
    expect(listLeads(new Set([long[1]!]), long)).toEqual([]);
  });
});

describe("endsWithListLabel", () => {
  test("a next item's label at the end", () => {
    for (const t of ["Hernia d.", "Cataract (ii)", "Sinusitis 12)", "Tympanoplasty iii."]) expect(endsWithListLabel(t)).toBe(true);
    for (const t of ["Hernia.", "Exclusions", "Covered after 2 years."]) expect(endsWithListLabel(t)).toBe(false);
  });
});
