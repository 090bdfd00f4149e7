import { describe, expect, test } from "bun:test";
import { createBm25Index } from "./bm25.ts";
import { feedbackExpansion, idfWeighted } from "./feedback.ts";

const docs = ["acupunctur cover medic necessari", "acupunctur chiropract cover", "deduct plan year", "premium plan year"].map((s) => s.split(" "));
const idx = createBm25Index(docs.map((terms) => [{ terms, weight: 1 }]));
const terms = (u: number) => docs[u] ?? [];

describe("feedbackExpansion (RM3)", () => {
  test("adds the top units' terms outside the query, best at `weight`, others in proportion", () => {
    const q = new Map([["acupunctur", 1]]);
    const top = idx.search(q, 10);
    const out = feedbackExpansion(q, top, terms, idx.idf, { docs: 2, terms: 3, weight: 0.4 });
    expect(out.get("acupunctur")).toBe(1);
    expect(out.size).toBe(4);
    const added = [...out].filter(([t]) => t !== "acupunctur");
    expect(Math.max(...added.map(([, w]) => w))).toBeCloseTo(0.4, 10);
    for (const [, w] of added) expect(w).toBeGreaterThan(0);
    // "cover" is in both feedback units; terms of the other units never come in.
    expect(out.has("cover")).toBe(true);
    expect(out.has("premium")).toBe(false);
    expect(out.has("deduct")).toBe(false);
  });
  test("leaves excluded terms out and returns the query itself when nothing is to add", () => {
    const q = new Map([["acupunctur", 1]]);
    const top = idx.search(q, 10);
    expect(feedbackExpansion(q, top, terms, idx.idf, { exclude: (t) => t === "cover", terms: 10 }).has("cover")).toBe(false);
    expect(feedbackExpansion(q, [], terms, idx.idf)).toBe(q);
    expect(feedbackExpansion(q, top, terms, idx.idf, { weight: 0 })).toBe(q);
    expect(() => feedbackExpansion(q, top, terms, idx.idf, { weight: -1 })).toThrow(RangeError);
    expect(() => feedbackExpansion(q, top, terms, idx.idf, { docs: 1.5 })).toThrow(RangeError);
  });
});

describe("idfWeighted", () => {
  test("scales each indexed term by (idf / the query's highest idf)^exponent", () => {
    const q = new Map([["acupunctur", 1], ["plan", 1], ["absent", 0.5]]);
    expect(idfWeighted(q, idx.idf, idx.has, 0)).toBe(q);
    const out = idfWeighted(q, idx.idf, idx.has, 1);
    // Same df (2 of 4): same idf, both the highest.
    expect(out.get("acupunctur")).toBeCloseTo(1, 10);
    expect(out.get("plan")).toBeCloseTo(1, 10);
    expect(out.get("absent")).toBe(0.5);
    const rare = idfWeighted(new Map([["chiropract", 1], ["plan", 1]]), idx.idf, idx.has, 2);
    expect(rare.get("chiropract")).toBeCloseTo(1, 10);
    expect(rare.get("plan")).toBeCloseTo((idx.idf("plan") / idx.idf("chiropract")) ** 2, 10);
    expect(rare.get("plan")).toBeLessThan(1);
    expect(() => idfWeighted(q, idx.idf, idx.has, -1)).toThrow(RangeError);
  });
});
