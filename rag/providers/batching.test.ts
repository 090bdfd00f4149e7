import { describe, expect, test } from "bun:test";
import { estimateTokens, OPENAI_MAX_EMBEDDING_INPUTS, OPENAI_MAX_EMBEDDING_REQUEST_TOKENS, planBatches } from "./batching.ts";

describe("planBatches", () => {
  test("cuts at 2,048 inputs and keeps order", () => {
    const texts = Array.from({ length: 5000 }, (_, i) => `text ${i}`);
    const batches = planBatches(texts);
    expect(batches.map((b) => b.length)).toEqual([2048, 2048, 904]);
    expect(batches.flat()).toEqual(texts.map((_, i) => i));
  });

  test("cuts before the estimated tokens pass 300,000", () => {
    // 200,000 characters ≈ 66,667 tokens each: four fit (266,668), a fifth would not.
    const texts = Array.from({ length: 10 }, () => "x".repeat(200_000));
    const batches = planBatches(texts);
    expect(batches.map((b) => b.length)).toEqual([4, 4, 2]);
    for (const b of batches) expect(b.reduce((n, i) => n + estimateTokens(texts[i]!), 0)).toBeLessThanOrEqual(OPENAI_MAX_EMBEDDING_REQUEST_TOKENS);
  });

  test("an input over the cap on its own goes alone; small limits apply; empty input gives no batch", () => {
    expect(planBatches(["a", "x".repeat(1_000_000), "b"]).map((b) => b.length)).toEqual([1, 1, 1]);
    expect(planBatches(["aaa", "bbb", "ccc"], { maxInputs: 2 })).toEqual([[0, 1], [2]]);
    expect(planBatches(["aaa", "bbb", "ccc"], { maxTokens: 2 })).toEqual([[0, 1], [2]]);
    expect(planBatches([])).toEqual([]);
    expect(() => planBatches([], { maxInputs: 0 })).toThrow(RangeError);
    expect(OPENAI_MAX_EMBEDDING_INPUTS).toBe(2048);
  });

  test("the token estimate over-counts English (≈4 characters per token)", () => {
    const sentence = "The annual deductible for in-network services is $1,500 per person.";
    expect(estimateTokens(sentence)).toBeGreaterThanOrEqual(Math.ceil(sentence.length / 4));
    expect(estimateTokens("")).toBe(1);
  });
});
