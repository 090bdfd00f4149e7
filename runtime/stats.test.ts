import { expect, test } from "bun:test";
import { percentile } from "./stats.ts";

test("percentile uses nearest rank", () => {
  expect(percentile([], 50)).toBe(0);
  expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
  expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
});
