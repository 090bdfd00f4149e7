import { describe, expect, test } from "bun:test";
import { accumulateFeatures, createFeatureScratch } from "./features.ts";
import { DEFAULT_FEATURE_WEIGHTS } from "./hashed-embedder.ts";
import { tokenize } from "../text/tokenize.ts";

const TEXTS = [
  "Emergency room copay is $150, waived if admitted. Call 1-800-559-3500.",
  "Specialist visit: 20% coinsurance after the deductible; co-payment applies to each visit.",
  "",
];

describe("accumulateFeatures", () => {
  test("a reused scratch gives the same vectors bit for bit and is left clean", () => {
    const scratch = createFeatureScratch(256);
    for (const text of [...TEXTS, ...TEXTS]) {
      const fresh = new Float32Array(256);
      const reused = new Float32Array(256);
      accumulateFeatures(tokenize(text), fresh, DEFAULT_FEATURE_WEIGHTS);
      accumulateFeatures(tokenize(text), reused, DEFAULT_FEATURE_WEIGHTS, 1, undefined, scratch);
      expect(Array.from(reused)).toEqual(Array.from(fresh));
      expect(scratch.order).toHaveLength(0);
      expect(scratch.values.every((v) => v === 0)).toBe(true);
      expect(scratch.seen.every((v) => v === 0)).toBe(true);
    }
  });

  test("a scratch left dirty by an interrupted call, or made for another length, does not change the result", () => {
    const text = TEXTS[1]!;
    const expected = new Float32Array(256);
    accumulateFeatures(tokenize(text), expected, DEFAULT_FEATURE_WEIGHTS);
    const dirty = createFeatureScratch(256);
    dirty.values[7] = 3;
    dirty.seen[7] = 1;
    dirty.order.push(7);
    const out = new Float32Array(256);
    accumulateFeatures(tokenize(text), out, DEFAULT_FEATURE_WEIGHTS, 1, undefined, dirty);
    expect(Array.from(out)).toEqual(Array.from(expected));
    const other = new Float32Array(256);
    accumulateFeatures(tokenize(text), other, DEFAULT_FEATURE_WEIGHTS, 1, undefined, createFeatureScratch(128));
    expect(Array.from(other)).toEqual(Array.from(expected));
  });
});
