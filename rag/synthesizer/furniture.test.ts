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
    expect(f.clean("d1", `${HEADER} Hernia d.`)).toBe("");
  });

  test("a short list item with no furniture removed is kept; a bare heading or marker is not", () => {
    expect(f.clean("d1", "Hernia d.")).toBe("Hernia d.");
    expect(f.clean("d2", "Hydrocele e.")).toBe("Hydrocele e.");
    expect(f.clean("d2", "Cataract (ii)")).toBe("Cataract (ii)");
    expect(f.clean("d1", "Exclusions")).toBe("");
    expect(f.clean("d1", "2. b.")).toBe("");
    expect(f.clean("d1", "Page 3 Hernia d.")).toBe("");
    expect(f.clean("d1", "  ")).toBe("");
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

describe("createFurnitureFilter counts a run's pages", () => {
  /** The runs found furniture as first written (a page set per run and document), for comparison. */
  const reference = (chunks: readonly RetrievedChunk[]): Map<string, Set<string>> => {
    const pagesByDoc = new Map<string, Set<number>>();
    const runPages = new Map<string, Map<string, Set<number>>>();
    for (const c of chunks) {
      if (c.record) continue;
      if (!pagesByDoc.has(c.documentId)) pagesByDoc.set(c.documentId, new Set());
      pagesByDoc.get(c.documentId)!.add(c.pageStart);
      if (!runPages.has(c.documentId)) runPages.set(c.documentId, new Map());
      const runs = runPages.get(c.documentId)!;
      const ws = c.text.split(/\s+/).filter((w) => w.length > 0);
      for (let i = 0; i + 6 <= ws.length; i++) {
        const k = ws.slice(i, i + 6).join(" ").toLowerCase();
        if (!runs.has(k)) runs.set(k, new Set());
        runs.get(k)!.add(c.pageStart);
      }
    }
    const out = new Map<string, Set<string>>();
    for (const [doc, runs] of runPages) {
      const min = Math.max(3, Math.ceil(0.5 * pagesByDoc.get(doc)!.size));
      out.set(doc, new Set([...runs].filter(([k, ps]) => ps.size >= min && !/[$%₹]|\bINR\b|\bRs\.?/.test(k)).map(([k]) => k)));
    }
    return out;
  };

  test("as a page set per run would, whatever the chunks' order and repeated pages", () => {
    // Pseudo-random but fixed: three headers recurring on some pages, chunks out of page order, pages repeated.
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    const headers = [HEADER, "Chapter 4 Medical Benefits Chart what is covered and what you pay", "Questions call 1-800-555-0100 or visit www.example.com for details"];
    const chunks: RetrievedChunk[] = [];
    for (let i = 0; i < 60; i++) {
      const page = 1 + rand(12);
      const parts = headers.filter(() => rand(3) > 0);
      chunks.push(chunk(page, `${parts.join(" ")} Unique body ${i} about service number ${rand(5)} and more words here.`, rand(4) === 0 ? "d2" : "d1"));
    }
    const expected = reference(chunks);
    const f = createFurnitureFilter(chunks);
    for (const c of chunks) {
      const runs = expected.get(c.documentId)!;
      const ws = c.text.split(/\s+/).filter((w) => w.length > 0);
      const drop = ws.map(() => false);
      for (let i = 0; i + 6 <= ws.length; i++) if (runs.has(ws.slice(i, i + 6).join(" ").toLowerCase())) for (let j = i; j < i + 6; j++) drop[j] = true;
      const kept = ws.filter((_, i) => !drop[i]).join(" ").replace(/^[\s|:;,–—-]+|[\s|:;,–—-]+$/g, "").trim();
      expect(f.clean(c.documentId, c.text)).toBe(kept.split(" ").length < 3 ? "" : kept);
    }
    expect(expected.get("d1")!.size).toBeGreaterThan(0);
    expect(expected.get("d2")).toBeDefined();
  });
});
