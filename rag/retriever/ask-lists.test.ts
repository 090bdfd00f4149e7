import { describe, expect, test } from "bun:test";
import type { RetrievedChunk } from "../types.ts";
import { askQuery, type AskRetrievalOptions, DEFAULT_ASK_RETRIEVAL, mergeAskLists, questionAsks } from "./ask-lists.ts";
import { createDerivedQueries } from "./unit-memos.ts";

const chunk = (id: string, score: number): RetrievedChunk => ({ chunkId: id, documentId: "d", filename: "f.pdf", ordinal: 0, text: id, pageStart: 1, pageEnd: 1, similarity: 0, score });
const list = (ids: string[]): RetrievedChunk[] => ids.map((id, i) => chunk(id, 1 / (61 + i)));
const ids = (xs: readonly RetrievedChunk[]) => xs.map((c) => c.chunkId);
const inter: AskRetrievalOptions = { maxAsks: 3, otherShare: 0.3, merge: "interleave", lead: 2, perAsk: 1, askWeight: 0.5 };

describe("questionAsks", () => {
  test("splits a several-ask question after its context; a one-ask question has none", () => {
    expect(questionAsks("What is my deductible, and does it apply to the emergency room?", 3)).toEqual(["What is my deductible", "does it apply to the emergency room?"]);
    expect(questionAsks("My son broke his arm at school. What is the copay for the ER and how much is an X-ray?", 3)).toEqual(["What is the copay for the ER", "how much is an X-ray?"]);
    expect(questionAsks("What is the copay for a specialist visit?", 3)).toEqual([]);
  });

  test("keeps at most maxAsks, the first ones; fewer than two allowed means none", () => {
    const q = "What is the deductible? What is the out-of-pocket limit? What is the copay for urgent care? What is the ER copay?";
    expect(questionAsks(q, 3)).toHaveLength(3);
    expect(questionAsks(q, 3)[0]).toBe("What is the deductible");
    expect(questionAsks(q, 1)).toEqual([]);
  });
});

describe("askQuery", () => {
  const whole = new Map([["deduct", 1], ["emerg", 1], ["room", 1], ["copay", 0.6], ["typo", 1]]);
  const analysed = new Map([["deduct", 1], ["emerg", 1], ["room", 1], ["copay", 0.6]]);

  test("the ask's terms keep their weight, the question's others keep the share", () => {
    const q = askQuery(whole, ["emerg", "room"], analysed, new Map(), 0.3);
    expect(q.get("emerg")).toBe(1);
    expect(q.get("room")).toBe(1);
    expect(q.get("deduct")).toBeCloseTo(0.3, 12);
    expect(q.get("copay")).toBeCloseTo(0.18, 12);
  });

  test("a glossary term of the ask's phrase is the ask's; a term the analysis lacks keeps its weight", () => {
    const q = askQuery(whole, ["er"], analysed, new Map([["er", new Set(["emerg", "room"])]]), 0.3);
    expect(q.get("emerg")).toBe(1);
    expect(q.get("typo")).toBe(1);
    expect(q.get("deduct")).toBeCloseTo(0.3, 12);
  });
});

describe("mergeAskLists", () => {
  test("interleave: the whole list's lead, then each ask's best units when not placed yet, then the rest", () => {
    const merged = mergeAskLists(list(["a", "b", "c", "d", "e"]), [list(["a", "x", "c"]), list(["d", "b"])], inter);
    expect(ids(merged)).toEqual(["a", "b", "d", "c", "e"]);
    const two = mergeAskLists(list(["a", "b", "c", "d", "e"]), [list(["a", "x", "c"]), list(["d", "b"])], { ...inter, perAsk: 2 });
    expect(ids(two)).toEqual(["a", "b", "x", "d", "c", "e"]);
  });

  test("scores follow the merged order (the whole list's by position, its last beyond its end)", () => {
    const whole = list(["a", "b", "c"]);
    const merged = mergeAskLists(whole, [list(["x"]), list(["y"])], inter);
    expect(merged.map((c) => c.score)).toEqual([whole[0]!.score, whole[1]!.score, whole[2]!.score, whole[2]!.score, whole[2]!.score]);
    expect(ids([...merged].sort((p, q) => q.score - p.score))).toEqual(ids(merged));
  });

  test("rrf: a unit first in every ask's list rises above the whole list's second", () => {
    const merged = mergeAskLists(list(["a", "b", "c", "z"]), [list(["z", "a"]), list(["z", "c"])], { ...inter, merge: "rrf", askWeight: 1 });
    expect(ids(merged).slice(0, 2)).toEqual(["z", "a"]);
    expect(new Set(ids(merged)).size).toBe(merged.length);
  });

  test("reserve: the fused lead, then an ask's best unit found only in its own list, not at the tail", () => {
    const whole = list(["a", "b", "c", "d", "e", "f", "g", "h"]);
    const asks = [list(["c", "b"]), list(["x"])];
    const rrf = mergeAskLists(whole, asks, { ...inter, merge: "rrf" });
    expect(ids(rrf).slice(0, 3)).toEqual(["b", "c", "a"]);
    expect(ids(rrf).indexOf("x")).toBe(8);
    const reserved = mergeAskLists(whole, asks, { ...inter, merge: "reserve", lead: 2 });
    expect(ids(reserved)).toEqual(["b", "c", "x", "a", "d", "e", "f", "g", "h"]);
  });

  test("reserve: an ask whose best unit is already in the lead adds nothing", () => {
    const whole = list(["a", "b", "c", "d"]);
    expect(ids(mergeAskLists(whole, [list(["a", "y"])], { ...inter, merge: "reserve", lead: 2 }))).toEqual(["a", "b", "c", "d", "y"]);
  });

  test("max: an ask's own best unit takes its turn in the round robin, where rrf sums put the units every list ranks first", () => {
    const whole = list(["a", "b", "c", "d", "e", "f", "g", "h"]);
    const asks = [list(["b", "c", "d", "e", "f"]), list(["x"])];
    expect(ids(mergeAskLists(whole, asks, { ...inter, merge: "rrf", askWeight: 1 })).indexOf("x")).toBe(6);
    const max = mergeAskLists(whole, asks, { ...inter, merge: "max", askWeight: 1 });
    expect(ids(max)).toEqual(["b", "a", "x", "c", "d", "e", "f", "g", "h"]);
    // An ask list at half weight moves at half the whole list's pace: its first unit ties the whole list's second.
    expect(ids(mergeAskLists(whole, [list(["x"])], { ...inter, merge: "max", askWeight: 0.5 })).slice(0, 3)).toEqual(["a", "b", "x"]);
  });

  test("default: the fused first units stay; an ask's 10th unit, in no other list, ranks within the records scored per ask (30)", () => {
    const o = DEFAULT_ASK_RETRIEVAL as AskRetrievalOptions;
    const whole = list(Array.from({ length: 50 }, (_, i) => `w${i}`));
    const ask = list([...Array.from({ length: 9 }, (_, i) => `w${i}`), "row"]);
    const merged = ids(mergeAskLists(whole, [ask, list(["w0"])], o));
    const rrf = ids(mergeAskLists(whole, [ask, list(["w0"])], { ...o, merge: "rrf" }));
    expect(merged.slice(0, o.lead)).toEqual(rrf.slice(0, o.lead));
    expect(rrf.indexOf("row")).toBeGreaterThan(30);
    expect(merged.indexOf("row")).toBeLessThan(30);
  });

  test("no asks: the whole list unchanged", () => {
    const whole = list(["a", "b"]);
    expect(mergeAskLists(whole, [], inter)).toEqual(whole);
  });
});

describe("createDerivedQueries", () => {
  test("the same derived object for the same base query and key; another for another key or base", () => {
    const derived = createDerivedQueries();
    const base = new Map([["a", 1]]);
    let made = 0;
    const make = () => (made++, new Map([["b", 1]]));
    const first = derived(base, "ask x", make);
    expect(derived(base, "ask x", make)).toBe(first);
    expect(derived(base, "ask y", make)).not.toBe(first);
    expect(derived(new Map(base), "ask x", make)).not.toBe(first);
    expect(made).toBe(3);
  });
});
