import { describe, expect, test } from "bun:test";
import { DEFAULT_EXTRACTIVE_OPTIONS } from "./options.ts";
import { NEAR_TIE_MIN_SHARE, namesTopic, pickWindows } from "./pick.ts";
import { detectIntent } from "./scoring.ts";
import type { Cand, Window } from "./select.ts";
import { cands, win, noTerms } from "./testing.ts";

describe("namesTopic", () => {
  test("a passage needs a question term weighing at least a share of the heaviest", () => {
    const w = new Map([["reflexolog", 4], ["pay", 0.4]]);
    expect(namesTopic(new Set(["pay", "total"]), w)).toBe(false);
    expect(namesTopic(new Set(["reflexolog"]), w)).toBe(true);
    expect(namesTopic(new Set(["pay"]), new Map([["pay", 0.4]]))).toBe(true);
  });
});

describe("pickWindows", () => {
  const sel = { ...DEFAULT_EXTRACTIVE_OPTIONS };
  const weights = new Map([["appeal", 2], ["level", 1]]);
  const intent = detectIntent("Who hears a level 3 appeal?");
  const scored = (c: Cand, score: number): Window => ({ ...win([c]), score });
  const [lead, answer, other, below] = cands([
    "If you want to go to a Level 3 appeal, the details are in the written notice.",
    "The Level 3 appeal is handled by an Administrative Law Judge.",
    "A Level 2 appeal is reviewed by an independent organisation.",
    "Level 1 appeals are answered within 30 days.",
  ]) as [Cand, Cand, Cand, Cand];
  test("quotes one further passage scoring near the best though it adds no query term", () => {
    const picked = pickWindows([scored(lead, 1), scored(answer, NEAR_TIE_MIN_SHARE + 0.01), scored(other, NEAR_TIE_MIN_SHARE)], weights, intent, sel);
    expect(picked.map((w) => w.sents[0]?.text)).toEqual([lead.text, answer.text]);
  });
  test("a passage below the near-tie share and adding nothing is left out", () => {
    const picked = pickWindows([scored(lead, 1), scored(below, NEAR_TIE_MIN_SHARE - 0.05)], weights, intent, sel);
    expect(picked.map((w) => w.sents[0]?.text)).toEqual([lead.text]);
  });
  test("a passage repeating the best one's words gives way to the next near tie", () => {
    const [again] = cands([`${lead.text} a.`]) as [Cand];
    const picked = pickWindows([scored(lead, 1), scored(again, 0.99), scored(answer, 0.95)], weights, intent, sel);
    expect(picked.map((w) => w.sents[0]?.text)).toEqual([lead.text, answer.text]);
  });
});
