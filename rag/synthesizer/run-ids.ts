/**
 * Furniture runs (furniture.ts) as small integer ids, so that the page count of every run of a
 * document's candidates is kept in reused typed arrays rather than in string-keyed maps built per
 * answer: most of the furniture filter's cost was inserting each chunk's ~100 runs into a new map,
 * for every answer. A chunk text's ids are computed once (memoised, least recently used out).
 */
import { createTextMemo } from "../text/memo.ts";

/** Distinct runs given ids before the ids start over (with the memo of chunk texts). ≈ 100 bytes each. */
export const DEFAULT_MAX_RUN_IDS = 1 << 19;

/** Ids of runs, with per-run counters for one document at a time. */
export interface RunIds {
  /** The ids of a text's runs (`runsOf(text)`, in that order), memoised per text. */
  of(text: string): Int32Array;
  /** The run of an id. */
  key(id: number): string;
  /**
   * Counters for one pass over a document's chunks, indexed by id: `seen[id] === pass` when the
   * run was met in this pass (`last`: the page it was last met on, `count`: pages met on).
   * Call once per document, after the `of` calls for its chunks.
   */
  pass(): { readonly pass: number; readonly seen: Int32Array; readonly last: Int32Array; readonly count: Int32Array };
  /** Starts the ids over when more than `maxRuns` were given (call before a filter's `of` calls, never between). */
  trim(): void;
}

/**
 * Creates the ids.
 * @param runsOf a text's distinct runs
 * @param maxTexts chunk texts whose ids are kept
 * @param maxRuns distinct runs before the ids start over (default {@link DEFAULT_MAX_RUN_IDS})
 * @throws RangeError when `maxTexts` or `maxRuns` is not a positive integer
 */
export function createRunIds(runsOf: (text: string) => readonly string[], maxTexts: number, maxRuns: number = DEFAULT_MAX_RUN_IDS): RunIds {
  if (!Number.isInteger(maxRuns) || maxRuns < 1) throw new RangeError(`maxRuns must be a positive integer, got ${maxRuns}`);
  let ids = new Map<string, number>();
  let keys: string[] = [];
  let memo = createTextMemo<Int32Array>(maxTexts);
  let seen = new Int32Array(0);
  let last = new Int32Array(0);
  let count = new Int32Array(0);
  let pass = 0;
  const idOf = (k: string): number => {
    let id = ids.get(k);
    if (id === undefined) {
      id = keys.length;
      ids.set(k, id);
      keys.push(k);
    }
    return id;
  };
  const compute = (text: string): Int32Array => Int32Array.from(runsOf(text), idOf);
  return {
    of: (text) => memo.get(text, compute),
    key: (id) => keys[id] as string,
    pass() {
      if (seen.length < keys.length) {
        const size = Math.max(keys.length, 2 * seen.length);
        seen = new Int32Array(size);
        last = new Int32Array(size);
        count = new Int32Array(size);
        pass = 0;
      }
      if (pass >= 0x3fffffff) {
        seen.fill(0);
        pass = 0;
      }
      pass++;
      return { pass, seen, last, count };
    },
    trim() {
      if (keys.length <= maxRuns) return;
      ids = new Map();
      keys = [];
      memo = createTextMemo<Int32Array>(maxTexts);
    },
  };
}
