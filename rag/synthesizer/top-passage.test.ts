import { describe, expect, test } from "bun:test";
import type { RetrievedChunk } from "../types.ts";
import { sentenceFeatures } from "./scoring.ts";
import type { Cand, Window } from "./select.ts";
import { TOP_PASSAGE_MAX_SENTENCES, TOP_PASSAGE_MIN_SHARE, topPassage } from "./top-passage.ts";

const chunk = { id: "c", documentId: "d", ordinal: 0, text: "", score: 1, similarity: 1 } as unknown as RetrievedChunk;
const cand = (rank: number, idx: number): Cand => ({ chunk, rank, idx, text: `s${rank}.${idx}`, start: 0, f: sentenceFeatures(`s${rank}`), isQuestion: false });
const win = (rank: number, n: number, score: number): Window => ({ sents: Array.from({ length: n }, (_, i) => cand(rank, i)), terms: new Set(), values: new Set(), score, adjacency: 0 });

describe("topPassage", () => {
  test("the first passage's best window near the best score is quoted when no chosen window is from it", () => {
    const best = win(2, 1, 1);
    const first = win(0, 1, TOP_PASSAGE_MIN_SHARE + 0.05);
    expect(topPassage([best, win(0, 1, 0.2), first], [best], 1)).toBe(first);
  });
  test("nothing when a chosen window is from it, when it scores too low, or when its only windows are too long", () => {
    const best = win(2, 1, 1);
    const first = win(0, 1, 0.95);
    expect(topPassage([best, first], [best, first], 1)).toBeUndefined();
    expect(topPassage([best, win(0, 1, TOP_PASSAGE_MIN_SHARE - 0.05)], [best], 1)).toBeUndefined();
    expect(topPassage([best, win(0, TOP_PASSAGE_MAX_SENTENCES + 1, 0.95)], [best], 1)).toBeUndefined();
    expect(topPassage([best, first], [], 1)).toBeUndefined();
  });
});
