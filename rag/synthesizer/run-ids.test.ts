import { describe, expect, test } from "bun:test";
import type { RetrievedChunk } from "../types.ts";
import { createFurnitureFilter, furnitureRuns } from "./furniture.ts";
import { createRunIds } from "./run-ids.ts";

const HEADER = "Acme Health: Gold 500 Plan Coverage for: Individual | Plan Type: PPO";
const chunk = (page: number, text: string, documentId = "d1"): RetrievedChunk => ({
  chunkId: `${documentId}#${page}`, documentId, filename: `${documentId}.pdf`, ordinal: page, text, pageStart: page, pageEnd: page, similarity: 0.5, score: 0.5,
});

describe("createRunIds", () => {
  test("a text's ids are its runs in order, the same run the same id in every text", () => {
    const ids = createRunIds(furnitureRuns, 8);
    const a = `${HEADER} first page body text here.`;
    const b = `${HEADER} second page body text there.`;
    expect([...ids.of(a)].map((i) => ids.key(i))).toEqual([...furnitureRuns(a)]);
    expect([...ids.of(b)].map((i) => ids.key(i))).toEqual([...furnitureRuns(b)]);
    expect(ids.of(a)[0]).toBe(ids.of(b)[0] as number);
    expect(ids.of(a)).toBe(ids.of(a)); // memoised
  });

  test("trim starts the ids over only past maxRuns; each pass has its own stamp", () => {
    const ids = createRunIds(furnitureRuns, 8, 3);
    const text = "one two three four five six seven eight nine";
    const first = ids.of(text);
    expect(first.length).toBe(4);
    const p1 = ids.pass();
    p1.seen[0] = p1.pass;
    const p2 = ids.pass();
    expect(p2.seen[0]).not.toBe(p2.pass);
    ids.trim();
    expect(ids.of(text)).not.toBe(first);
    expect([...ids.of(text)]).toEqual([0, 1, 2, 3]);
  });
});

describe("createFurnitureFilter with kept run ids", () => {
  test("ids kept across answers give what fresh ids give", () => {
    const kept = createRunIds(furnitureRuns, 64, 40);
    const sets = [
      [1, 2, 3, 4].map((p) => chunk(p, `${HEADER} Body text of page ${p} about ambulance rides and hospital stays number ${p}.`)),
      [2, 5, 6, 7, 9].map((p) => chunk(p, `${HEADER} Other words on page ${p}: specialist visits cost a copay each time ${p}.`)),
      [1, 3, 9].map((p) => chunk(p, `Chapter 4 Medical Benefits Chart what is covered ${p}. The rest of page ${p} differs.`, "d2")),
    ];
    const sentence = `${HEADER} Emergency room care costs $250 per visit.`;
    for (const chunks of [...sets, ...sets]) {
      const fresh = createFurnitureFilter(chunks);
      const reused = createFurnitureFilter(chunks, kept);
      for (const doc of ["d1", "d2"]) expect(reused.clean(doc, sentence)).toBe(fresh.clean(doc, sentence));
    }
    expect(createFurnitureFilter(sets[0]!, kept).clean("d1", sentence)).toBe("Emergency room care costs $250 per visit.");
  });
});
