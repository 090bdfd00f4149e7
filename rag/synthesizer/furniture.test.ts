import { describe, expect, test } from "bun:test";
import type { RetrievedChunk } from "../types.ts";
import { createFurnitureFilter, furnitureRuns } from "./furniture.ts";

const HEADER = "Acme Health: Gold 500 Plan Coverage for: Individual | Plan Type: PPO";
const chunk = (page: number, text: string, documentId = "d1"): RetrievedChunk => ({
  chunkId: `${documentId}#${page}`, documentId, filename: `${documentId}.pdf`, ordinal: page, text, pageStart: page, pageEnd: page, similarity: 0.5, score: 0.5,
});

describe("createFurnitureFilter", () => {
  const chunks = [1, 2, 3, 4].map((p) => chunk(p, `${HEADER} Body text of page ${p} about ambulance rides and hospital stays number ${p}.`));
  const f = createFurnitureFilter(chunks);

  test("a run of words on most of a document's pages is removed; the rest of the sentence stays", () => {
    expect(f.clean("d1", `${HEADER} Emergency room care costs $250 per visit.`)).toBe("Emergency room care costs $250 per visit.");
  });

  test("the same run in another document is not furniture there", () => {
    expect(f.clean("d2", `${HEADER} Emergency room care.`)).toContain("Acme Health");
  });

  test("blank form fields, page counters and form codes go; a sentence left with too little is dropped", () => {
    expect(f.clean("d1", "Coverage Period: ______________ – __________ The deductible is $500 per person.")).toBe("The deductible is $500 per person.");
    expect(f.clean("d1", "Page 3 of 8 SBC_PLN 9LR/AQ7/MD/C0/7C/D0 You pay 20% coinsurance.")).toBe("SBC_PLN You pay 20% coinsurance.");
    expect(f.clean("d1", "Coverage Period: ______")).toBe("");
  });
});

describe("furnitureRuns", () => {
  /** The runs as the filter defined them before (each window's words joined, then lower-cased). */
  const naive = (text: string): string[] => {
    const ws = text.split(/\s+/).filter((w) => w.length > 0);
    const out = new Set<string>();
    for (let i = 0; i + 6 <= ws.length; i++) out.add(ws.slice(i, i + 6).join(" ").toLowerCase());
    return [...out];
  };

  test("equals each six-word window lower-cased, once each, whatever the spacing and case", () => {
    for (const text of [
      `${HEADER} Body text  of page\tthree\n about ambulance rides.`,
      "  Leading and trailing   spaces with ÁCCENTS İstanbul ΟΔΟΣ ΟΔΟΣ words here  ",
      "one two three four five six one two three four five six",
      "too few words here",
      "",
    ])
      expect([...furnitureRuns(text)].sort()).toEqual(naive(text).sort());
  });
});
