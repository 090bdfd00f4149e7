import { describe, expect, test } from "bun:test";
import { tokenize } from "../text/tokenize.ts";
import { labelValueStrength } from "./adjacency.ts";

const weights = new Map([["deductibl", 1.4], ["kaiser", 0.08], ["plan", 0.4]]);
const money = { numeric: true, phone: false, money: true, duration: false };

describe("labelValueStrength", () => {
  test("a table row: the topical term right next to an asked value", () => {
    expect(labelValueStrength(tokenize("What is the overall deductible $1,000 Individual/$2,000 Family"), weights, money)).toBe(1);
  });
  test("a header naming the topic far from any money value, or next to a light term only", () => {
    expect(labelValueStrength(tokenize("Kaiser Permanente: 30/1000 Deductible Coverage Period Coverage Examples"), weights, money)).toBe(0);
    expect(labelValueStrength(tokenize("Kaiser plan $1,000"), weights, money)).toBe(0);
    expect(labelValueStrength(tokenize("The deductible applies to many services before you pay anything here $500"), weights, money)).toBe(0);
  });
  test("no value asked → 0; phone questions pair a phone number", () => {
    expect(labelValueStrength(tokenize("deductible $1,000"), weights, { numeric: false, phone: false })).toBe(0);
    const w = new Map([["member", 1], ["servic", 1]]);
    expect(labelValueStrength(tokenize("Member Services CALL 1-800-559-3500"), w, { numeric: false, phone: true })).toBe(1);
  });
});
