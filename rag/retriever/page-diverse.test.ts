import { describe, expect, test } from "bun:test";
import type { RetrievedChunk } from "../types.ts";
import { chunksAfterCitations, pageDiverseTop } from "./page-diverse.ts";

const chunk = (id: string, documentId: string, page: number): RetrievedChunk =>
  ({ chunkId: id, documentId, filename: `${documentId}.pdf`, ordinal: 0, text: id, pageStart: page, pageEnd: page, similarity: 0, score: 1 }) as RetrievedChunk;

describe("pageDiverseTop", () => {
  const ranked = [chunk("a", "d", 4), chunk("b", "d", 4), chunk("c", "d", 7), chunk("d", "e", 4), chunk("e", "d", 4), chunk("f", "d", 9), chunk("g", "d", 2)];

  test("one passage per page first, in rank order; a page is a document's page", () => {
    expect(pageDiverseTop(ranked, 5).map((c) => c.chunkId)).toEqual(["a", "c", "d", "f", "g"]);
  });

  test("a page's further passages fill the list when too few pages are ranked", () => {
    expect(pageDiverseTop(ranked.slice(0, 3), 3).map((c) => c.chunkId)).toEqual(["a", "c", "b"]);
  });

  test("two per page; Infinity keeps the ranking", () => {
    expect(pageDiverseTop(ranked, 5, 2).map((c) => c.chunkId)).toEqual(["a", "b", "c", "d", "f"]);
    expect(pageDiverseTop(ranked, 5, Number.POSITIVE_INFINITY).map((c) => c.chunkId)).toEqual(["a", "b", "c", "d", "e"]);
  });

  test("rejects fewer than one per page", () => {
    expect(() => pageDiverseTop(ranked, 5, 0)).toThrow(RangeError);
  });
});

describe("chunksAfterCitations", () => {
  test("leaves out cited chunks and the other chunks of a cited page, keeps order", () => {
    const chunks = [chunk("a", "d", 4), chunk("b", "d", 7), chunk("c", "e", 4), chunk("d", "d", 9)].map((c, i) => ({ ...c, ordinal: i }));
    // cites chunk 1 (page 7) and a sentence of page 4 from a chunk not listed (ordinal 99)
    const cited = [{ documentId: "d", chunkOrdinal: 1, page: 7 }, { documentId: "d", chunkOrdinal: 99, page: 4 }];
    expect(chunksAfterCitations(cited, chunks).map((c) => c.chunkId)).toEqual(["c", "d"]);
    expect(chunksAfterCitations([], chunks)).toHaveLength(4);
  });
});
