import { describe, expect, test } from "bun:test";
import type { StoredUnit } from "../bm25/index.ts";
import { createUnitCache, DEFAULT_UNIT_CACHE_MAX_UNITS, DEFAULT_UNIT_CACHE_USERS, type UnitSource } from "./unit-cache.ts";

const terms = (text: string) => text.toLowerCase().split(/\W+/).filter(Boolean);
const unit = (user: string, i: number): StoredUnit => ({ chunkId: `${user}#${i}`, documentId: user, filename: `${user}.pdf`, ordinal: i, text: `coverage ${user} line ${i}`, pageStart: 1, pageEnd: 1 });

/** A source whose users hold `sizes[user]` units each; counts the loads. */
function source(sizes: Record<string, number>) {
  const loads: string[] = [];
  const version: Record<string, string> = {};
  const src: UnitSource = {
    version: async (u) => version[u] ?? "1",
    load: async (u) => {
      loads.push(u);
      return Array.from({ length: sizes[u] ?? 0 }, (_, i) => unit(u, i));
    },
  };
  return { src, loads, version };
}

describe("createUnitCache", () => {
  test("the default budgets: more users than the earlier bound of 64, about 64 EOC-sized indexes of units", () => {
    expect(DEFAULT_UNIT_CACHE_USERS).toBeGreaterThan(100);
    expect(DEFAULT_UNIT_CACHE_MAX_UNITS).toBeGreaterThanOrEqual(64 * 1_274 * 0.95);
  });

  test("users asking in turn stay cached while their units fit, however many they are", async () => {
    const users = Array.from({ length: 100 }, (_, i) => `u${i}`);
    const { src, loads } = source(Object.fromEntries(users.map((u) => [u, 80])));
    const cache = createUnitCache(src, terms);
    for (let round = 0; round < 3; round++) for (const u of users) await cache.get(u, "m");
    expect(loads.length).toBe(100); // each built once
  });

  test("past the units budget the least recently used go first; the newest is kept even when it alone is over", async () => {
    const { src, loads } = source({ a: 40, b: 40, c: 40, big: 500 });
    const cache = createUnitCache(src, terms, { maxUnits: 100 });
    await cache.get("a", "m");
    await cache.get("b", "m");
    await cache.get("a", "m"); // a is now the most recent
    await cache.get("c", "m"); // 120 units: b (least recent) goes
    expect((await cache.get("a", "m")).built).toBe(false);
    expect((await cache.get("c", "m")).built).toBe(false);
    expect((await cache.get("b", "m")).built).toBe(true);
    const big = await cache.get("big", "m"); // alone over the budget: kept, everyone else out
    expect(big.built).toBe(true);
    expect((await cache.get("big", "m")).built).toBe(false);
    expect(loads).toEqual(["a", "b", "c", "b", "big"]);
  });

  test("the users bound still holds, and a changed version rebuilds without counting the old index twice", async () => {
    const { src, loads, version } = source({ a: 10, b: 10, c: 10 });
    const cache = createUnitCache(src, terms, { maxUsers: 2, maxUnits: 25 });
    await cache.get("a", "m");
    await cache.get("b", "m");
    version.b = "2";
    await cache.get("b", "m"); // rebuilt in place: 20 units, both kept
    expect((await cache.get("a", "m")).built).toBe(false);
    await cache.get("c", "m"); // three users > 2: b (least recent) goes
    expect((await cache.get("b", "m")).built).toBe(true);
    expect(loads).toEqual(["a", "b", "b", "c", "b"]);
  });

  test("rejects budgets that are not positive integers", () => {
    const { src } = source({});
    expect(() => createUnitCache(src, terms, { maxUnits: 0 })).toThrow(RangeError);
    expect(() => createUnitCache(src, terms, { maxUsers: 1.5 })).toThrow(RangeError);
  });
  test("a user's per-plan sub-indexes count against the units budget", async () => {
    // Two users of 40 units each, in two documents of 20: 80 units fit a budget of 100 …
    const twoDocs = (u: string): StoredUnit[] => Array.from({ length: 40 }, (_, i) => ({ ...unit(u, i), documentId: `${u}-${i % 2}` }));
    const loads: string[] = [];
    const cache = createUnitCache({ version: async () => "1", load: async (u) => (loads.push(u), twoDocs(u)) }, terms, { maxUnits: 100 });
    const a = (await cache.get("a", "m")).index;
    await cache.get("b", "m");
    expect((await cache.get("a", "m")).built).toBe(false);
    // … until a's plan-scoped turns build a sub-index of each of its documents (40 units more):
    a.documentIndex("a-0");
    a.documentIndex("a-1");
    expect(a.heldUnits()).toBe(80);
    await cache.get("a", "m"); // 120 held: b (least recent) goes
    expect((await cache.get("b", "m")).built).toBe(true);
    expect(loads).toEqual(["a", "b", "b"]);
  });
});

