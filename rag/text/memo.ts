/**
 * A bounded memo of work derived from a text alone (sentence spans and features of a chunk, its
 * injection screen): computed once per distinct text, reused while the text stays among the
 * `maxEntries` most recently used. Only for pure functions of the text: a hit returns the very
 * object computed before, so callers must not mutate it.
 */

/** A memo keyed by text. */
export interface TextMemo<V> {
  /** The value for `text`: memoised, or `compute(text)` (then kept, least recently used out). */
  get(text: string, compute: (text: string) => V): V;
  /** Texts held now. */
  readonly size: number;
}

/**
 * Creates a memo holding at most `maxEntries` texts (least recently used first out). A hit moves
 * its text to the most recent end only once half the memo has been filled since it was last put
 * there (a text used that often is never evicted; a hit costs one map read, not a re-insertion).
 * @throws RangeError when `maxEntries` is not a positive integer
 */
export function createTextMemo<V>(maxEntries: number): TextMemo<V> {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`maxEntries must be a positive integer, got ${maxEntries}`);
  // In insertion order, oldest first; `at` is the insertion count when the text was (re)inserted.
  const entries = new Map<string, { value: V; at: number }>();
  const stale = Math.max(1, maxEntries >> 1);
  let inserted = 0;
  return {
    get(text, compute) {
      const hit = entries.get(text);
      if (hit !== undefined) {
        if (inserted - hit.at >= stale) {
          entries.delete(text);
          hit.at = inserted++;
          entries.set(text, hit);
        }
        return hit.value;
      }
      const value = compute(text);
      entries.set(text, { value, at: inserted++ });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      return value;
    },
    get size() {
      return entries.size;
    },
  };
}
