import { describe, expect, test } from "bun:test";
import type { UnitSource } from "../rag/retriever/index.ts";
import { createTurnUnits } from "./turn-units.ts";

/** A source whose version is whatever `state.version` holds; counts its reads. */
function countingSource() {
  const state = { version: "v1", reads: 0, fail: false };
  const source: UnitSource = {
    async version(userId, model) {
      state.reads++;
      if (state.fail) throw new Error("database down");
      return `${userId}/${model}/${state.version}`;
    },
    load: async () => [],
  };
  return { state, source };
}

describe("createTurnUnits", () => {
  test("inside a turn the version is read once per user and model; outside, on every call", async () => {
    const { state, source } = countingSource();
    const { units, scope } = createTurnUnits(source);
    await scope(async () => {
      expect(await units.version("u1", "m")).toBe("u1/m/v1");
      expect(await units.version("u1", "m")).toBe("u1/m/v1");
      expect(await units.version("u2", "m")).toBe("u2/m/v1");
    });
    expect(state.reads).toBe(2);
    await units.version("u1", "m");
    await units.version("u1", "m");
    expect(state.reads).toBe(4);
  });

  test("a document change between turns is seen by the next turn (the memo ends with its turn)", async () => {
    const { state, source } = countingSource();
    const { units, scope } = createTurnUnits(source);
    await scope(async () => expect(await units.version("u1", "m")).toBe("u1/m/v1"));
    state.version = "v2";
    await scope(async () => expect(await units.version("u1", "m")).toBe("u1/m/v2"));
    // Concurrent turns keep their own memos.
    const seen: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = scope(async () => {
      seen.push(await units.version("u1", "m"));
      await gate;
      seen.push(await units.version("u1", "m"));
    });
    await Bun.sleep(1);
    state.version = "v3";
    await scope(async () => seen.push(await units.version("u1", "m")));
    release();
    await first;
    expect(seen).toEqual(["u1/m/v2", "u1/m/v3", "u1/m/v2"]);
  });

  test("a failed read is not kept: the turn's next read asks again", async () => {
    const { state, source } = countingSource();
    const { units, scope } = createTurnUnits(source);
    await scope(async () => {
      state.fail = true;
      await expect(units.version("u1", "m")).rejects.toThrow("database down");
      state.fail = false;
      expect(await units.version("u1", "m")).toBe("u1/m/v1");
    });
    expect(state.reads).toBe(2);
  });
});
