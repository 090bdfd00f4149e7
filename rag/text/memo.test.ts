import { describe, expect, test } from "bun:test";
import { createTextMemo } from "./memo.ts";

describe("createTextMemo", () => {
  test("computes once per text and returns the same value", () => {
    const memo = createTextMemo<{ n: number }>(4);
    let calls = 0;
    const compute = (t: string) => ({ n: (calls++, t.length) });
    const a = memo.get("abc", compute);
    expect(memo.get("abc", compute)).toBe(a);
    expect(calls).toBe(1);
    expect(memo.get("abcd", compute).n).toBe(4);
    expect(calls).toBe(2);
  });

  test("drops the least recently used text past maxEntries", () => {
    const memo = createTextMemo<number>(2);
    let calls = 0;
    const compute = (t: string) => (calls++, t.length);
    memo.get("a", compute);
    memo.get("bb", compute);
    memo.get("a", compute); // "bb" is now the oldest
    memo.get("ccc", compute);
    expect(memo.size).toBe(2);
    expect(calls).toBe(3);
    memo.get("a", compute);
    expect(calls).toBe(3);
    memo.get("bb", compute);
    expect(calls).toBe(4);
  });

  test("memoises undefined values too", () => {
    const memo = createTextMemo<undefined>(2);
    let calls = 0;
    memo.get("x", () => void calls++);
    memo.get("x", () => void calls++);
    expect(calls).toBe(1);
  });

  test("rejects a bad size", () => {
    expect(() => createTextMemo(0)).toThrow(RangeError);
    expect(() => createTextMemo(1.5)).toThrow(RangeError);
  });
});

describe("createTextMemo keeps texts in use", () => {
  test("a text read at least once per half-memo of new texts is never dropped; one not read is", () => {
    const memo = createTextMemo<number>(8);
    let calls = 0;
    const compute = (t: string) => (calls++, t.length);
    memo.get("hot", compute);
    memo.get("cold", compute);
    for (let i = 0; i < 100; i++) {
      memo.get(`new-${i}`, compute);
      if (i % 4 === 3) memo.get("hot", compute);
    }
    expect(memo.size).toBe(8);
    const before = calls;
    memo.get("hot", compute);
    expect(calls).toBe(before);
    memo.get("cold", compute);
    expect(calls).toBe(before + 1);
  });
});
