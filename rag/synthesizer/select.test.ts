import { describe, expect, test } from "bun:test";
import { DEFAULT_EXTRACTIVE_OPTIONS } from "./options.ts";
import { detectIntent } from "./scoring.ts";
import { scoreWindows } from "./select.ts";
import { cands } from "./testing.ts";

describe("scoreWindows", () => {
  const sel = { ...DEFAULT_EXTRACTIVE_OPTIONS };
  const weights = new Map([["hospit", 2], ["stay", 2]]);
  const asked = detectIntent("How much do I pay per day for a hospital stay?");
  const none = detectIntent("Is a hospital stay covered?");
  const score = (text: string, intent: typeof asked): number => (scoreWindows(cands([text]), weights, intent, 1, sel)[0]?.score ?? 0);
  test("a sentence giving the plan's amount earns the value bonus when an amount is asked", () => {
    const row = "Hospital stay facility fee $450 per day.";
    expect(score(row, asked)).toBeGreaterThan(score(row, none));
  });
  test("an illustration's made-up amounts earn no value bonus", () => {
    const example = "For example, if the plan's allowed amount for an overnight hospital stay is $1,000, your coinsurance payment of 20% would be $200.";
    expect(score(example, asked)).toBe(score(example, none));
  });
});
