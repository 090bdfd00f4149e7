/**
 * Okapi BM25 over an in-memory set of units (chunks), with optional field weights (BM25F in the
 * simple form of Robertson, Zaragoza & Taylor, "Simple BM25 extension to multiple weighted
 * fields", CIKM 2004: a unit's term frequency and length are the field-weighted sums, one shared
 * `b`). Scores are computed over postings, so a query costs O(postings of its terms).
 *
 * score(q, d) = Σ_t w_q(t) · idf(t) · tf'(t,d)·(k1 + 1) / (tf'(t,d) + k1·(1 − b + b·len'(d)/avglen'))
 * idf(t) = ln(1 + (N − df + 0.5)/(df + 0.5))   (the non-negative variant Lucene uses)
 */

/** BM25 k1, 1.2 (Robertson & Zaragoza, "The Probabilistic Relevance Framework", 2009). */
export const DEFAULT_BM25_K1 = 1.2;
/** BM25 b, 0.75 (same source). */
export const DEFAULT_BM25_B = 0.75;

/** One field of a unit: its terms and the field's weight (1 for the body). */
export interface Bm25Field {
  readonly terms: readonly string[];
  readonly weight: number;
  /**
   * True for a field that describes the unit's document rather than the unit (its title, plan
   * name): searches with `ignoreContext` score units without such fields (term frequencies and
   * lengths alike), e.g. inside one document, where the field is the same for every unit.
   */
  readonly context?: boolean;
}

/** Options of one search. */
export interface Bm25SearchOptions {
  /** Score without the `context` fields (see {@link Bm25Field.context}). Default false. */
  readonly ignoreContext?: boolean;
}

/** Options of {@link createBm25Index}. */
export interface Bm25Options {
  readonly k1?: number;
  readonly b?: number;
}

/**
 * Queries whose per-unit scores an index keeps (most recently used): a turn's whole question and
 * its asks (rag/retriever/ask-lists.ts, at most 3), each over all units and inside the named
 * documents (context fields ignored): 2 × (1 + 3).
 */
export const DEFAULT_SCORE_CACHE_QUERIES = 8;

/** A query: term → weight (1 for a question's own terms). */
export type Bm25Query = ReadonlyMap<string, number>;

/** A built index over `size` units (addressed by position). */
export interface Bm25Index {
  readonly size: number;
  /** Units containing the term. */
  df(term: string): number;
  idf(term: string): number;
  /** Whether any unit contains the term. */
  has(term: string): boolean;
  /**
   * Scores every unit containing a query term; returns the best `limit` as `[unit, score]`, best
   * first (ties by unit position). Units without any query term are never returned.
   */
  search(query: Bm25Query, limit: number, filter?: (unit: number) => boolean, options?: Bm25SearchOptions): [number, number][];
  /** BM25 score of one unit (0 when it holds no query term). */
  score(query: Bm25Query, unit: number): number;
  /** Every indexed term. */
  terms(): IterableIterator<string>;
}

/**
 * Builds a BM25(F) index.
 * @param units each unit's fields (a unit with one field of weight 1 is plain BM25)
 * @throws RangeError for k1 < 0, b outside 0..1, or a negative field weight
 */
export function createBm25Index(units: readonly (readonly Bm25Field[])[], options: Bm25Options = {}): Bm25Index {
  const k1 = options.k1 ?? DEFAULT_BM25_K1;
  const b = options.b ?? DEFAULT_BM25_B;
  if (!(k1 >= 0 && Number.isFinite(k1))) throw new RangeError(`k1 must be ≥ 0, got ${k1}`);
  if (!(b >= 0 && b <= 1)) throw new RangeError(`b must be in 0..1, got ${b}`);
  const n = units.length;
  const lengths = new Float64Array(n);
  const contentLengths = new Float64Array(n);
  // `ctfs`: the part of each tf that context fields give (0 for most postings).
  const postings = new Map<string, { units: number[]; tfs: number[]; ctfs: number[] }>();
  units.forEach((fields, u) => {
    const tf = new Map<string, number>();
    const ctf = new Map<string, number>();
    let len = 0;
    let clen = 0;
    for (const f of fields) {
      if (!(f.weight >= 0)) throw new RangeError(`field weight must be ≥ 0, got ${f.weight}`);
      if (f.weight === 0) continue;
      for (const t of f.terms) {
        tf.set(t, (tf.get(t) ?? 0) + f.weight);
        if (f.context) ctf.set(t, (ctf.get(t) ?? 0) + f.weight);
      }
      len += f.weight * f.terms.length;
      if (f.context) clen += f.weight * f.terms.length;
    }
    lengths[u] = len;
    contentLengths[u] = len - clen;
    for (const [t, v] of tf) {
      let p = postings.get(t);
      if (!p) postings.set(t, (p = { units: [], tfs: [], ctfs: [] }));
      p.units.push(u);
      p.tfs.push(v);
      p.ctfs.push(ctf.get(t) ?? 0);
    }
  });
  const normsOf = (ls: Float64Array): Float64Array => {
    let total = 0;
    for (const l of ls) total += l;
    const avg = total / Math.max(1, n) || 1;
    const out = new Float64Array(n);
    for (let u = 0; u < n; u++) out[u] = k1 * (1 - b + (b * (ls[u] as number)) / avg);
    return out;
  };
  const fullNorm = normsOf(lengths);
  let contentNorm: Float64Array | undefined;
  const idf = (t: string): number => {
    const d = postings.get(t)?.units.length ?? 0;
    return Math.log(1 + (n - d + 0.5) / (d + 0.5));
  };
  const norm = fullNorm;
  // The last queries' scores: a chat turn over several plans searches the same queries (the same
  // objects: the whole question's, each ask's) over all the member's documents, then plan by plan
  // with a filter; the scores are the same. Most recently used first.
  const recent: { query: Bm25Query; ignoreContext: boolean; acc: Map<number, number> }[] = [];
  const accumulate = (query: Bm25Query, ignoreContext: boolean): Map<number, number> => {
    const hit = recent.findIndex((r) => r.query === query && r.ignoreContext === ignoreContext);
    if (hit >= 0) {
      const [r] = recent.splice(hit, 1);
      recent.unshift(r!);
      return r!.acc;
    }
    const acc = new Map<number, number>();
    const nrm = ignoreContext ? (contentNorm ??= normsOf(contentLengths)) : fullNorm;
    for (const [t, w] of query) {
      const p = postings.get(t);
      if (!p || w <= 0) continue;
      const weight = w * idf(t);
      for (let i = 0; i < p.units.length; i++) {
        const u = p.units[i] as number;
        const f = ignoreContext ? (p.tfs[i] as number) - (p.ctfs[i] as number) : (p.tfs[i] as number);
        if (f <= 0) continue;
        acc.set(u, (acc.get(u) ?? 0) + (weight * f * (k1 + 1)) / (f + (nrm[u] as number)));
      }
    }
    recent.unshift({ query, ignoreContext, acc });
    if (recent.length > DEFAULT_SCORE_CACHE_QUERIES) recent.pop();
    return acc;
  };
  return {
    size: n,
    df: (t) => postings.get(t)?.units.length ?? 0,
    idf,
    has: (t) => postings.has(t),
    terms: () => postings.keys(),
    search(query, limit, filter, options) {
      const acc = accumulate(query, options?.ignoreContext === true);
      return topScores(acc, limit, filter);
    },
    score(query, unit) {
      let s = 0;
      for (const [t, w] of query) {
        const p = postings.get(t);
        if (!p || w <= 0) continue;
        const i = p.units.indexOf(unit);
        if (i < 0) continue;
        const f = p.tfs[i] as number;
        s += (w * idf(t) * f * (k1 + 1)) / (f + (norm[unit] as number));
      }
      return s;
    },
  };
}

/**
 * The `limit` best `[unit, score]` pairs of `acc` passing `filter`, by score descending then unit
 * ascending (a total order: the same list as sorting them all and taking the first `limit`), kept
 * in a sorted array of at most `limit` pairs rather than sorting every match.
 */
function topScores(acc: ReadonlyMap<number, number>, limit: number, filter?: (unit: number) => boolean): [number, number][] {
  const out: [number, number][] = [];
  if (!(limit > 0)) return out;
  const before = (u: number, s: number, o: [number, number]): boolean => s > o[1] || (s === o[1] && u < o[0]);
  for (const [u, s] of acc) {
    if (filter && !filter(u)) continue;
    if (out.length === limit && !before(u, s, out[limit - 1] as [number, number])) continue;
    let i = out.length === limit ? limit - 1 : out.length;
    while (i > 0 && before(u, s, out[i - 1] as [number, number])) i--;
    if (out.length === limit) out.pop();
    out.splice(i, 0, [u, s]);
  }
  return out;
}
