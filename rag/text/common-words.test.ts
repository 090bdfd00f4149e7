import { describe, expect, test } from "bun:test";
import { loadCommonEnglishWords, loadEnglishWordSizes, wordRarity } from "./common-words.ts";

describe("common words", () => {
  const sizes = loadEnglishWordSizes();
  test("word sizes: common words get a small size, rarer ones larger, names none", () => {
    expect(sizes.get("night")).toBe(10);
    expect(sizes.get("ambulance")).toBeLessThanOrEqual(35);
    expect(sizes.get("purifier")).toBeGreaterThan(35);
    expect(sizes.get("zorvexa")).toBeUndefined();
    expect(loadCommonEnglishWords().has("night")).toBe(true);
  });
  test("rarity rises with the SCOWL size; a word in no list is 1", () => {
    expect(wordRarity(10)).toBe(0);
    expect(wordRarity(35)).toBe(0);
    expect(wordRarity(40)).toBeGreaterThan(0);
    expect(wordRarity(50)).toBeGreaterThan(wordRarity(40));
    expect(wordRarity(70)).toBeGreaterThan(wordRarity(60));
    expect(wordRarity(undefined)).toBe(1);
  });
});
