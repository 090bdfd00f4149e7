import { describe, expect, test } from "bun:test";
import type { RecordCells, RetrievedChunk } from "../types.ts";
import { recordFeatures, stitchPassages } from "./passages.ts";
import { basicSplitSentences } from "./sentences.ts";

const cells = (over: Partial<RecordCells> = {}): RecordCells => ({
  kind: "benefit", section: "If your child needs dental or eye care", label: "Eye exam", network: "15% coinsurance", outOfNetwork: "Not covered", limitations: null, ...over,
});

describe("recordFeatures", () => {
  test("a record's terms include its section's; tokens and word count stay the line's", () => {
    const line = "Eye exam — in network: 15% coinsurance; out of network: Not covered";
    const f = recordFeatures(line, "If your child needs dental or eye care");
    expect(f.terms.has("child")).toBe(true);
    expect(f.terms.has("exam")).toBe(true);
    expect(f.toks.some((t) => t.term === "child")).toBe(false);
    expect(f.words).toBe(line.split(/\s+/).length);
    expect(recordFeatures(line, null).terms.has("child")).toBe(false);
  });

  test("stitchPassages scores a record unit with its section's terms", () => {
    const rec: RetrievedChunk = { chunkId: "rec:1", documentId: "d", filename: "d.pdf", ordinal: 1_000_001, text: "Eye exam — in network: 15% coinsurance", pageStart: 3, pageEnd: 3, similarity: 0.5, score: 0.5, record: cells() };
    const [c] = stitchPassages([rec], 1, basicSplitSentences);
    expect(c?.f.terms.has("child")).toBe(true);
    expect(c?.text).toBe("Eye exam — in network: 15% coinsurance");
  });
});
