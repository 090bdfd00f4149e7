/**
 * Per-index memos of the retriever (split from retriever.ts): each unit's terms, each record unit's
 * label terms, and chunk id → unit position, built lazily once per unit index (weakly held, so a
 * replaced index's memos go with it), plus the small query-term helpers the retriever shares.
 */
import type { UnitIndex } from "../bm25/index.ts";

/** The memos of {@link createUnitMemos}. */
export interface UnitMemos {
  /** A unit's retrieval terms: its text's and its file name's. */
  readonly termsOf: (index: UnitIndex, u: number) => Set<string>;
  /** Chunk id → unit position in the index (built once per index, not per question). */
  readonly positionsOf: (index: UnitIndex) => Map<string, number>;
  /** A record unit's label terms (undefined for a chunk). */
  readonly labelTermsOf: (index: UnitIndex, u: number) => Set<string> | undefined;
}

/**
 * Creates the memos.
 * @param terms the retrieval tokeniser (the analyzer's `terms`)
 */
export function createUnitMemos(terms: (text: string) => string[]): UnitMemos {
  const unitTermSets = new WeakMap<UnitIndex, Map<number, Set<string>>>();
  const unitPositions = new WeakMap<UnitIndex, Map<string, number>>();
  const labelTermSets = new WeakMap<UnitIndex, Map<number, Set<string> | undefined>>();
  return {
    termsOf(index, u) {
      let m = unitTermSets.get(index);
      if (!m) unitTermSets.set(index, (m = new Map()));
      let set = m.get(u);
      if (!set) {
        const unit = index.units[u] as UnitIndex["units"][number];
        m.set(u, (set = new Set([...terms(unit.text), ...terms(unit.filename.replace(/[_\-.]+/g, " "))])));
      }
      return set;
    },
    positionsOf(index) {
      let pos = unitPositions.get(index);
      if (!pos) unitPositions.set(index, (pos = new Map(index.units.map((u, i) => [u.chunkId, i]))));
      return pos;
    },
    labelTermsOf(index, u) {
      let m = labelTermSets.get(index);
      if (!m) labelTermSets.set(index, (m = new Map()));
      if (!m.has(u)) {
        const label = index.units[u]?.label;
        m.set(u, label ? new Set(terms(label)) : undefined);
      }
      return m.get(u);
    },
  };
}

/** Whether a term holds a digit (a number or an amount: no feedback term, rag/bm25/feedback.ts). */
export function hasDigit(term: string): boolean {
  return /\d/.test(term);
}

/** `query` without `drop` (unchanged when nothing would remain). */
export function withoutTerms(query: ReadonlyMap<string, number>, drop: readonly string[]): ReadonlyMap<string, number> {
  const out = new Map(query);
  for (const t of drop) out.delete(t);
  return out.size > 0 ? out : query;
}

/** Terms of the question's all-capitals words of three letters or more (an acronym or a brand: "SCAN", "HMO"). */
export function capitalsTerms(question: string, terms: (text: string) => string[]): string[] {
  return (question.match(/(?<![\p{L}\d])\p{Lu}{3,}(?![\p{L}\d])/gu) ?? []).flatMap((w) => terms(w));
}

/**
 * Terms of each two adjacent words of a question written as one ("See Change" → "seechange",
 * "Health Net" → "healthnet"): a brand the member splits that the document prints as one word.
 */
export function joinedPairTerms(question: string, terms: (text: string) => string[]): string[] {
  const words = question.match(/\p{L}{2,}/gu) ?? [];
  const out: string[] = [];
  for (let i = 0; i + 1 < words.length; i++) out.push(...terms(`${words[i]}${(words[i + 1] as string).toLowerCase()}`));
  return out;
}

/**
 * A memo of queries derived from a query (its terms less the plan-naming ones, one ask's focus):
 * the same derived query object for the same base object and key, so the unit index's score cache
 * (rag/bm25/bm25.ts `DEFAULT_SCORE_CACHE_QUERIES`) serves a turn's repeated retrievals of a question.
 * Weakly held by the base query.
 */
export function createDerivedQueries(): <T>(base: ReadonlyMap<string, number>, key: string, make: () => T) => T {
  const memo = new WeakMap<ReadonlyMap<string, number>, Map<string, unknown>>();
  return <T>(base: ReadonlyMap<string, number>, key: string, make: () => T): T => {
    let m = memo.get(base);
    if (!m) memo.set(base, (m = new Map()));
    if (!m.has(key)) m.set(key, make());
    return m.get(key) as T;
  };
}
