/**
 * Retrieval per ask (query decomposition): a member's message often asks two or three things
 * ("what's the deductible, and does it apply to the ER?"). Ranked once on the whole question, the
 * units of the heavier ask fill the first ranks and the other ask's passage (often a table row on
 * another page) falls below the chunks kept, so the synthesizer has no evidence for it. Here each
 * ask is ranked on its own terms, with the question's other terms (the shared context, the other
 * asks) at a reduced weight, and each ask's best units are merged into the whole question's list.
 *
 * Asks are split as the synthesizer splits them (rag/synthesizer/asks.ts `splitAsks`), after the
 * context before the first ask (rag/query/preamble.ts `splitAsk`): the context is shared by every ask.
 */
import { splitAsk } from "../query/preamble.ts";
import { splitAsks } from "../synthesizer/asks.ts";
import type { RetrievedChunk } from "../types.ts";
import { reciprocalRankFusion } from "./fusion.ts";

/** How the whole question's list and the asks' lists are merged. */
export type AskMerge = "interleave" | "rrf" | "reserve" | "max";

/** Options of retrieval per ask; `false` (or `maxAsks` < 2) retrieves the whole question only. */
export interface AskRetrievalOptions {
  /** Most asks ranked on their own (the first ones, in question order); ≥ 2. */
  readonly maxAsks: number;
  /** Weight share, in 0..1, of a question term outside the ask in that ask's query. */
  readonly otherShare: number;
  /**
   * `interleave`: the whole question's first `lead` units, then each ask's best `perAsk` units (those
   * not already placed), then the rest of the whole question's list; `rrf`: weighted reciprocal rank fusion of the whole
   * question's list (weight 1) and each ask's (weight `askWeight`); `reserve`: that fusion, with each
   * ask's best `perAsk` units (those not already placed) moved up to right after its first `lead` units;
   * `max`: each unit at its best weighted rank over the lists (rank in the whole list; rank / `askWeight`
   * in an ask's), ties by that fusion (CombMAX, Fox & Shaw 1994, on ranks): a round robin, so an
   * ask's own best unit is not pushed down by the units every list ranks fairly (RRF sums favour them:
   * the shared context's passages, which the ask queries keep at `otherShare`).
   */
  readonly merge: AskMerge;
  /** `interleave`, `reserve`: units of the whole question's (`reserve`: the fused) list before the asks' units. */
  readonly lead: number;
  /** `interleave`, `reserve`: each ask's best units placed right after the lead (when not already placed). */
  readonly perAsk: number;
  /** `rrf`, `reserve`, `max`: weight of each ask's list (the whole question's weighs 1). */
  readonly askWeight: number;
}

/**
 * Retrieval per ask by default: the first 3 asks, the question's other terms at 0.3 of their weight,
 * fused by weighted RRF with each ask's list at 0.5 (RRF: Cormack et al. 2009, k 60 as in ./fusion.ts).
 * Dev, 676 cases without members4 (bench/answers.ts --ask SPEC, refusal on), hit@5/facts per-document
 * · library: off 90.9/77.0 · 88.9/74.3 (multi_hop 91.1/51.8 · 94.6/53.6); this 91.1/77.4 · 88.7/74.3
 * (multi_hop 92.9/55.4 · 92.9/55.4), unanswerable 45.2 and answerable-refused 2.2 · 1.9 unchanged;
 * members3 81.4/44.2 · 72.1/39.5 → 81.4/46.5 · 72.1/44.2; members2 85.4/70.7 · 82.9/68.3 → 87.8/75.6 ·
 * 82.9/68.3. Interleave (whole list's first 3, then each ask's best 2): 91.1/77.0 · 88.7/74.4
 * (multi_hop all evidence pages in the first 5: 58.9 → 64.3 per document, facts unchanged), members3
 * 79.1/44.2 · 72.1/41.9. Sweep, no refusal (--sweep, `ask:…`), per-document · library: off
 * 90.6/77.9 · 88.7/75.0; rrf share 0.3 weight 0.5 90.7/78.2 · 88.5/75.0; weight 1 90.7/78.2 ·
 * 88.2/74.6; share 0.5 90.7/78.0 · 88.9/74.8; interleave lead 2–4, 1–2 per ask, share 0.3–0.5:
 * 90.7–90.9/77.7–77.9 · 88.3–88.5/74.8–75.1.
 *
 * Round 11 (issue 11): the RRF sum favours units every list ranks fairly (the shared context's
 * passages) and puts a unit only an ask's list holds after the whole list's ~60th, past the records
 * the synthesizer scores per ask (rag/synthesizer/multi-ask.ts `ASK_RECORD_RANKS`, 30): the ER
 * copay row ranked 14th for its ask landed 54th. Now `reserve`: the fused list's first 6 units (the
 * synthesizer's `maxChunks`, so the passages quoted for the whole question do not move), then each
 * ask's first 15 units not yet placed, then the rest. Dev harness (bench/answers.ts --ask, refusal
 * on; ALL = 934 dev cases less members8, FRESH = members4–7, 229), hit@5/facts per-document ·
 * library: ALL rrf 94.7/81.9 · 94.1/80.9 (multi_hop 97.6/56.6 · 96.4/57.8) → 94.8/81.9 · 94.1/80.8
 * (multi_hop 98.8/57.8 · 97.6/59.0); FRESH 93.8/72.3 · 92.8/72.3 (multi_hop 96.3/37.0) → 94.4/72.8 ·
 * 93.3/72.8 (multi_hop 100/40.7); unanswerable and answerable-refused unchanged. Each ask's first 20 /
 * 30: the same FRESH, ALL facts 81.9/80.7 · 81.8/80.8; 10: FRESH unchanged. Dropped, each reordering the
 * first units: `max` (ask weight 0.7 / 1) FRESH 73.3/73.3 · 73.8/73.3 (multi_hop 44.4), ALL
 * 81.2/80.2 · 81.5/80.2; `reserve` with a lead of 2–5 (1–2 per ask) FRESH 72.3–73.3, ALL 81.7–81.8 /
 * 80.7–80.8, hit@5 −0.2–0.4; `interleave` 3/1 ALL 80.9/79.8; with `reserve` 6/15, `otherShare` 0.5:
 * ALL 94.9/81.7 · 94.3/80.5, FRESH facts 72.8 both; 0.15: ALL 81.2/80.0, FRESH 71.8 both.
 */
export const DEFAULT_ASK_RETRIEVAL: AskRetrievalOptions | false = { maxAsks: 3, otherShare: 0.3, merge: "reserve", lead: 6, perAsk: 15, askWeight: 0.5 };

/**
 * The asks of a question after its context, at most `maxAsks`; none when it has one ask.
 * @param question the question as the analysis read it (misspellings corrected)
 * @param maxAsks most asks returned (the first ones)
 * @returns the asks, in order, or [] for a one-ask question
 */
export function questionAsks(question: string, maxAsks: number): string[] {
  const { ask } = splitAsk(question);
  const asks = splitAsks(ask);
  return asks.length >= 2 && maxAsks >= 2 ? asks.slice(0, maxAsks) : [];
}

/**
 * A query focused on one ask: a term the ask uses (or a glossary term a phrase of it stands for)
 * keeps its weight; a term of the question's vocabulary outside the ask keeps `otherShare` of it; a
 * term the analysis did not have (a typo correction, a Spanish cognate) keeps its weight.
 * @param query the whole question's ranking query (term → weight)
 * @param askTerms the ask's retrieval terms
 * @param questionTerms the whole question's analysed terms (own and glossary)
 * @param groups own term of a glossary phrase → the document terms it stands for
 * @param otherShare weight share in 0..1 of a term outside the ask
 */
export function askQuery(
  query: ReadonlyMap<string, number>,
  askTerms: readonly string[],
  questionTerms: ReadonlyMap<string, number>,
  groups: ReadonlyMap<string, ReadonlySet<string>>,
  otherShare: number,
): Map<string, number> {
  const own = new Set(askTerms);
  for (const t of askTerms) for (const d of groups.get(t) ?? []) own.add(d);
  const out = new Map<string, number>();
  for (const [t, w] of query) out.set(t, own.has(t) || !questionTerms.has(t) ? w : w * otherShare);
  return out;
}

/**
 * Merges the whole question's ranked list with its asks' lists (see {@link AskRetrievalOptions}).
 * Every unit appears once; the merged list's scores are the whole list's scores by position (the
 * i-th unit takes the whole list's i-th score; units past its end, its last), so a consumer sorting
 * by score (stably) keeps the merged order.
 * @param whole the whole question's list, best first
 * @param asks each ask's list, best first
 * @param o merge options
 */
export function mergeAskLists(whole: readonly RetrievedChunk[], asks: readonly (readonly RetrievedChunk[])[], o: AskRetrievalOptions): RetrievedChunk[] {
  if (asks.length === 0) return [...whole];
  let order: readonly RetrievedChunk[];
  const rrf = o.merge === "interleave" ? [] : reciprocalRankFusion([whole, ...asks], (c) => c.chunkId, undefined, [1, ...asks.map(() => o.askWeight)]);
  const fused: readonly RetrievedChunk[] = o.merge === "interleave" ? whole : rrf.map((f) => f.item);
  if (o.merge === "max") {
    // Each unit at its best weighted rank over the lists (rank / weight), ties by the fused score.
    const slot = (f: (typeof rrf)[number]) => Math.min(...f.ranks.map((r, i) => (r === undefined ? Infinity : r / (i === 0 ? 1 : o.askWeight))));
    order = rrf.map((f, i) => ({ f, s: slot(f), i })).sort((a, b) => a.s - b.s || a.i - b.i).map((x) => x.f.item);
  } else if (o.merge === "rrf") {
    order = fused;
  } else {
    const seen = new Set<string>();
    const placed: RetrievedChunk[] = [];
    order = placed;
    const put = (c: RetrievedChunk) => {
      if (seen.has(c.chunkId)) return false;
      seen.add(c.chunkId);
      placed.push(c);
      return true;
    };
    for (const c of fused.slice(0, o.lead)) put(c);
    for (const list of asks) for (const c of list.slice(0, o.perAsk)) put(c);
    for (const c of fused) put(c);
  }
  const last = whole.at(-1)?.score ?? 0;
  return order.map((c, i) => ({ ...c, score: whole[i]?.score ?? last }));
}
