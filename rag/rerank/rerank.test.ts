import { describe, expect, test } from "bun:test";
import type { RetrievedChunk } from "../types.ts";
import { rerank, resolveRerankOptions } from "./rerank.ts";

const chunk = (id: string, text: string, similarity: number): RetrievedChunk => ({
  chunkId: id, documentId: "d", filename: "d.pdf", ordinal: Number(id), text, pageStart: 1, pageEnd: 1, similarity, score: similarity,
});

const cands = [
  chunk("0", "Members may contact us about plan benefits and the plan's network of providers.", 0.42),
  chunk("1", "Ambulance services: $180 copayment per one-way trip.", 0.3),
  chunk("2", "Hearing aids: $550 copayment per aid.", 0.31),
  chunk("3", "Hospice care is covered by Original Medicare.", 0.29),
];

describe("rerank", () => {
  test("lexical evidence lifts the matching chunk above a generic one with higher cosine", () => {
    const out = rerank("What do I pay for an ambulance?", cands);
    expect(out[0]?.chunkId).toBe("1");
    expect(out.map((c) => c.chunkId).sort()).toEqual(["0", "1", "2", "3"]);
    for (let i = 1; i < out.length; i++) expect((out[i - 1] as RetrievedChunk).score).toBeGreaterThanOrEqual((out[i] as RetrievedChunk).score);
    expect(out.find((c) => c.chunkId === "1")?.similarity).toBe(0.3);
  });

  test("glossary wording reaches document terms", () => {
    expect(rerank("What do I pay for a nurse at home?", [chunk("0", "Home health care: $0 copayment.", 0.2), chunk("1", "Pay your premium at home online.", 0.25)])[0]?.chunkId).toBe("0");
  });

  test("rrf fusion, limit, empty input, and pure function", () => {
    const copy = structuredClone(cands);
    expect(rerank("hearing aids price", cands, { fusion: "rrf", limit: 2 }).length).toBe(2);
    expect(rerank("hearing aids price", cands, { fusion: "rrf" })[0]?.chunkId).toBe("2");
    expect(rerank("anything", [])).toEqual([]);
    expect(cands).toEqual(copy);
  });

  test("lexicalWeight 0 keeps cosine order", () => {
    expect(rerank("ambulance", cands, { lexicalWeight: 0 }).map((c) => c.chunkId)).toEqual(["0", "2", "1", "3"]);
  });

  test("options are validated", () => {
    expect(() => resolveRerankOptions({ lexicalWeight: 2 })).toThrow(RangeError);
    expect(() => resolveRerankOptions({ b: -1 })).toThrow(RangeError);
    expect(() => resolveRerankOptions({ limit: 0 })).toThrow(RangeError);
    expect(() => resolveRerankOptions({ fusion: "max" as "rrf" })).toThrow(RangeError);
  });
});
