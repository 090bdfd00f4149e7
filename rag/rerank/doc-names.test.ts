import { describe, expect, test } from "bun:test";
import type { RetrievedChunk } from "../types.ts";
import { documentNameMatches, questionNameTerms } from "./doc-names.ts";
import { rerank } from "./rerank.ts";

const chunk = (id: string, doc: string, text: string, similarity: number): RetrievedChunk => ({
  chunkId: id, documentId: doc, filename: `${doc}.pdf`, ordinal: Number(id), text, pageStart: 1, pageEnd: 1, similarity, score: similarity,
});
const Q = "What is the deductible on the Acme Zenith 30/1000 HMO plan?";

describe("document-level name matching", () => {
  test("name words of the question are found; their document credits every candidate", () => {
    const docs = [["acm", "zenith", "coverag"], ["deductibl", "1000"], ["deductibl"]];
    const names = questionNameTerms(Q, docs);
    expect(names.has("zenith")).toBe(true);
    expect(names.has("deductibl")).toBe(false);
    const m = documentNameMatches(docs, ["a", "a", "b"], names);
    expect(m[1]?.has("zenith")).toBe(true);
    expect(m[2]?.size).toBe(0);
  });
  test("a header repeating the plan name does not outrank the row that answers", () => {
    const out = rerank(Q, [
      chunk("0", "a", "Acme Zenith 30/1000 HMO Coverage Examples: see the next page about the deductible.", 0.4),
      chunk("1", "a", "What is the overall deductible? $1,000 Individual / $2,000 Family for this deductible.", 0.4),
      chunk("2", "b", "What is the overall deductible? $500 Individual / $1,000 Family for this deductible.", 0.4),
    ]);
    expect(out[0]?.chunkId).toBe("1");
    // the name still tells the documents apart
    expect(out.findIndex((c) => c.chunkId === "1")).toBeLessThan(out.findIndex((c) => c.chunkId === "2"));
  });
});
