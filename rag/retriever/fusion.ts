/**
 * Reciprocal rank fusion (Cormack, Clarke & Büttcher, "Reciprocal Rank Fusion outperforms
 * Condorcet and individual Rank Learning Methods", SIGIR 2009): each ranked list gives an item
 * 1 / (k + rank), rank starting at 1; an item's fused score is the sum over the lists it is in.
 */

/** RRF's k, 60 as in Cormack et al. 2009 (it damps the weight of the very first ranks). */
export const DEFAULT_RRF_K = 60;

/** One fused item: the first occurrence of its key, its fused score, and its 1-based rank in each list (absent: not in it). */
export interface FusedItem<T> {
  readonly item: T;
  readonly score: number;
  readonly ranks: readonly (number | undefined)[];
}

/**
 * Fuses ranked lists (each best first) by reciprocal rank fusion; with `weights`, list i adds
 * weights[i] / (k + rank) (weighted RRF, as in e.g. Elasticsearch's and Vespa's hybrid search).
 * @param lists ranked lists; an item repeated within one list counts at its best rank
 * @param key identity of an item across lists (e.g. the chunk id)
 * @param k RRF constant, > 0. Default {@link DEFAULT_RRF_K}.
 * @param weights one finite weight ≥ 0 per list; default 1 for every list
 * @returns every distinct item once, best fused score first; ties keep the order of first appearance
 * @throws RangeError when `k` is not a positive finite number or a weight is negative or not finite
 */
export function reciprocalRankFusion<T>(lists: readonly (readonly T[])[], key: (item: T) => string, k = DEFAULT_RRF_K, weights?: readonly number[]): FusedItem<T>[] {
  if (!(k > 0 && Number.isFinite(k))) throw new RangeError(`RRF k must be a positive number, got ${k}`);
  for (const w of weights ?? []) if (!(w >= 0 && Number.isFinite(w))) throw new RangeError(`RRF weights must be finite and ≥ 0, got ${w}`);
  const byKey = new Map<string, { item: T; score: number; ranks: (number | undefined)[]; first: number }>();
  let seen = 0;
  lists.forEach((list, li) => {
    list.forEach((item, i) => {
      const id = key(item);
      let e = byKey.get(id);
      if (!e) {
        e = { item, score: 0, ranks: new Array<number | undefined>(lists.length).fill(undefined), first: seen++ };
        byKey.set(id, e);
      }
      if (e.ranks[li] === undefined) {
        e.ranks[li] = i + 1;
        e.score += (weights?.[li] ?? 1) / (k + i + 1);
      }
    });
  });
  return [...byKey.values()]
    .sort((a, b) => b.score - a.score || a.first - b.first)
    .map(({ item, score, ranks }) => ({ item, score, ranks }));
}
