import { describe, expect, test } from "bun:test";
import { bridgeAbsentLayWords } from "./lay-bridge.ts";

describe("bridgeAbsentLayWords", () => {
  const groups = new Map([["er", new Set(["emerg", "room"])], ["bill", new Set(["claim"])]]);
  test("a lay word the index lacks passes its weight to its document terms", () => {
    const query = new Map([["er", 1], ["emerg", 0.6], ["room", 0.6], ["chest", 1]]);
    const held = new Set(["emerg", "room", "chest"]);
    const out = bridgeAbsentLayWords(query, groups, (t) => held.has(t));
    expect(out.get("emerg")).toBe(1);
    expect(out.get("room")).toBe(1);
    expect(out.get("chest")).toBe(1);
    expect(query.get("emerg")).toBe(0.6);
  });
  test("a lay word the index holds leaves the query as it is", () => {
    const query = new Map([["bill", 1], ["claim", 0.6]]);
    expect(bridgeAbsentLayWords(query, groups, () => true)).toBe(query);
  });
  test("a context word's lower weight is passed on, never raised above it", () => {
    const query = new Map([["er", 0.5], ["emerg", 0.6], ["room", 0.3]]);
    const out = bridgeAbsentLayWords(query, groups, (t) => t !== "er");
    expect(out.get("emerg")).toBe(0.6);
    expect(out.get("room")).toBe(0.5);
  });
  test("a document term the index lacks is not added", () => {
    const query = new Map([["er", 1], ["emerg", 0.6]]);
    const out = bridgeAbsentLayWords(query, groups, (t) => t === "emerg");
    expect(out.get("emerg")).toBe(1);
    expect(out.has("room")).toBe(false);
  });
});
