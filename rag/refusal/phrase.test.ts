import { expect, test } from "bun:test";
import { sharesPhrase, wordPairs } from "./phrase.ts";

test("word pairs are adjacent retrieval terms, stopwords skipped, numbers breaking a pair", () => {
  const pairs = wordPairs("The cost of the Emergency Rooms is $250 per visit");
  expect(pairs.has([...wordPairs("emergency room")][0] as string)).toBe(true);
  // "$250" is an amount, not a word: "room" and "visit" are not a pair across it.
  expect([...pairs].some((p) => p.endsWith(" visit") && p.startsWith("room"))).toBe(false);
});

test("a question shares a phrase only when two of its words stand together in a passage", () => {
  const passages = ["Emergency room care: $250 copay per visit.", "Breast reconstruction after mastectomy. Insulin pump supplies."];
  expect(sharesPhrase("What do I pay at the emergency room?", passages)).toBe(1);
  // Both words occur, but never side by side.
  expect(sharesPhrase("Will my insurance cover a breast pump?", passages)).toBe(0);
  expect(sharesPhrase("Hospice?", passages)).toBe(0);
});
