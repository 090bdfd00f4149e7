/**
 * Query reformulation over the member's own units, before or between BM25 passes:
 *
 * - {@link feedbackExpansion}: pseudo-relevance feedback in the RM3 form (Lavrenko & Croft,
 *   "Relevance-Based Language Models", SIGIR 2001; Abdul-Jaleel et al., "UMass at TREC 2004",
 *   RM3 = the original query interpolated with the relevance model): the top `docs` units of a
 *   first pass are taken as relevant; a term's feedback weight is Σ_d P(t|d)·P(d|q), P(t|d) its
 *   share of the unit's body terms, P(d|q) the unit's first-pass score over the top units' sum,
 *   times its idf (as Rocchio's tf·idf centroid; without it the most frequent plain words of the
 *   top units win). The `terms` best terms outside the query join it at `weight` × (their
 *   feedback weight / the best one's).
 * - {@link idfWeighted}: each query term's weight times (idf / the query's highest idf)^exponent,
 *   the simple form of weighting a verbose query's key concepts by how rare they are in the
 *   collection (Bendersky & Croft, "Discovering Key Concepts in Verbose Queries", SIGIR 2008, use
 *   idf among their features; Salton & Buckley 1988 weight query terms by idf in tf·idf).
 */
import type { Bm25Query } from "./bm25.ts";

/**
 * Feedback units (top of the first pass): 5, in the 3–10 range of RM3's usual settings (Abdul-Jaleel
 * et al. 2004: 10 docs). Feedback is off by default (rag/retriever/options.ts `DEFAULT_FEEDBACK`):
 * every setting measured cost hit@5 on dev (figures there).
 */
export const DEFAULT_FEEDBACK_UNITS = 5;
/** Expansion terms added: 10, in RM3's usual 5–20 range (Abdul-Jaleel et al. 2004 use 10–50). */
export const DEFAULT_FEEDBACK_TERMS = 10;
/** Query weight of the best expansion term, relative to a question term's 1 (RM3 keeps the original query at λ 0.5–0.7). */
export const DEFAULT_FEEDBACK_WEIGHT = 0.3;

/** Options of {@link feedbackExpansion}. */
export interface FeedbackOptions {
  /** Top units used as relevant. Default {@link DEFAULT_FEEDBACK_UNITS}. */
  readonly docs?: number;
  /** Expansion terms added. Default {@link DEFAULT_FEEDBACK_TERMS}. */
  readonly terms?: number;
  /** Weight of the best expansion term (the others in proportion). Default {@link DEFAULT_FEEDBACK_WEIGHT}. */
  readonly weight?: number;
  /** Terms never added (e.g. number tokens, the plan's name). Default none. */
  readonly exclude?: (term: string) => boolean;
}

/**
 * The query with RM3-style feedback terms added (see the module comment).
 * @param query the first pass's query (term → weight)
 * @param top the first pass's `[unit, score]` list, best first (scores ≥ 0)
 * @param unitTerms a unit's body terms (with repeats), in the retrieval tokeniser's terms
 * @param idf the index's idf of a term
 * @returns a new map holding `query` plus at most `terms` new terms, each weighted in (0, weight];
 *   `query` itself (same object) when there is nothing to add (no top units, `weight` or `terms` 0)
 * @throws RangeError for a negative or non-finite weight, or non-integer docs/terms < 0
 */
export function feedbackExpansion(
  query: Bm25Query,
  top: readonly (readonly [number, number])[],
  unitTerms: (unit: number) => readonly string[],
  idf: (term: string) => number,
  options: FeedbackOptions = {},
): Bm25Query {
  const docs = options.docs ?? DEFAULT_FEEDBACK_UNITS;
  const count = options.terms ?? DEFAULT_FEEDBACK_TERMS;
  const weight = options.weight ?? DEFAULT_FEEDBACK_WEIGHT;
  if (!(weight >= 0 && Number.isFinite(weight))) throw new RangeError(`feedback weight must be finite and ≥ 0, got ${weight}`);
  if (!Number.isInteger(docs) || docs < 0 || !Number.isInteger(count) || count < 0) throw new RangeError(`feedback docs and terms must be integers ≥ 0, got ${docs}, ${count}`);
  const used = top.slice(0, docs);
  const total = used.reduce((s, [, score]) => s + Math.max(0, score), 0);
  if (weight === 0 || count === 0 || used.length === 0 || !(total > 0)) return query;
  const mass = new Map<string, number>();
  for (const [u, score] of used) {
    const ts = unitTerms(u);
    if (ts.length === 0) continue;
    const pd = Math.max(0, score) / total / ts.length;
    for (const t of ts) if (!query.has(t) && !options.exclude?.(t)) mass.set(t, (mass.get(t) ?? 0) + pd);
  }
  const ranked = [...mass].map(([t, m]): [string, number] => [t, m * idf(t)]).filter(([, s]) => s > 0);
  ranked.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const best = ranked[0]?.[1];
  if (best === undefined) return query;
  const out = new Map(query);
  for (const [t, s] of ranked.slice(0, count)) out.set(t, (weight * s) / best);
  return out;
}

/**
 * Exponent of {@link idfWeighted}'s (idf / max idf) factor: 0 leaves the query as it is. Dev, no
 * refusal, hit@5/facts per-document · library (bench/answers.ts --sweep): lay sets (members,
 * members2, members3, asks-lay; 147 answerable) 0 83.7/62.6 · 80.3/61.2, 0.5 82.3/63.3 · 79.6/61.2,
 * 1 81.0/63.3 · 81.0/64.6, 2 81.6/65.3 · 78.2/59.9; all dev, library, 0.5 87.1/74.4 and 1 87.7/74.6
 * against 88.5/74.6 at 0. Idf within one member's documents is already BM25's; squaring it lets a
 * rare context word ("migraines") outweigh the asked topic as often as the reverse.
 */
export const DEFAULT_QUERY_IDF_EXPONENT = 0;

/**
 * Each term's weight times (idf(t) / the highest idf among the query's terms the index holds)^exponent
 * (see the module comment); terms the index lacks keep their weight (they score nothing).
 * @returns `query` itself when `exponent` is 0 or no term is indexed
 * @throws RangeError for a negative or non-finite exponent
 */
export function idfWeighted(query: Bm25Query, idf: (term: string) => number, has: (term: string) => boolean, exponent = DEFAULT_QUERY_IDF_EXPONENT): Bm25Query {
  if (!(exponent >= 0 && Number.isFinite(exponent))) throw new RangeError(`idf exponent must be finite and ≥ 0, got ${exponent}`);
  if (exponent === 0) return query;
  let max = 0;
  for (const t of query.keys()) if (has(t)) max = Math.max(max, idf(t));
  if (!(max > 0)) return query;
  const out = new Map<string, number>();
  for (const [t, w] of query) out.set(t, has(t) ? w * (idf(t) / max) ** exponent : w);
  return out;
}
