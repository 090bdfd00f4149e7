import { describe, expect, test } from "bun:test";
import { Mailbox } from "./mailbox.ts";

describe("Mailbox", () => {
  test("is FIFO across ring wrap-around and refuses items beyond capacity", () => {
    const box = new Mailbox<number>(3);
    expect(box.offer(1)).toBe(true);
    expect(box.offer(2)).toBe(true);
    expect(box.take()).toBe(1);
    expect(box.offer(3)).toBe(true);
    expect(box.offer(4)).toBe(true);
    expect(box.isFull).toBe(true);
    expect(box.offer(5)).toBe(false);
    expect(box.size).toBe(3);
    expect(box.takeAll()).toEqual([2, 3, 4]);
    expect(box.take()).toBeUndefined();
    expect(box.size).toBe(0);
  });

  test("matches a plain-array model while growing from a wrapped position (random operations)", () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const box = new Mailbox<number>(50);
    const model: number[] = [];
    for (let i = 0; i < 5000; i++) {
      if (random() < 0.55) {
        const accepted = box.offer(i);
        expect(accepted).toBe(model.length < 50);
        if (accepted) model.push(i);
      } else {
        expect(box.take()).toBe(model.shift());
      }
      expect(box.size).toBe(model.length);
    }
    expect(box.takeAll()).toEqual(model);
  });

  test("rejects a capacity that is not an integer >= 1", () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => new Mailbox(bad)).toThrow(RangeError);
  });
});
