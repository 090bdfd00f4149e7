/**
 * An ask's focus in a question with several asks (multi-ask.ts): its asking clause without the
 * context written before it, and its query-term weights with that context shared.
 */
import { splitAsk } from "../query/preamble.ts";
import { buildQueryTerms } from "../rerank/query.ts";
import { tokenize } from "../text/tokenize.ts";
import { OTHER_ASK_TERM_SHARE } from "./asks.ts";

/**
 * An ask without the context written before its asking clause (rag/query/preamble.ts `splitAsk`):
 * the first ask of "We're expecting a baby and have the UHC HMO. What's our deductible for the
 * year, and …" is "What's our deductible for the year". The context is shared by every ask (the
 * whole question's terms, which an ask keeps at `OTHER_ASK_TERM_SHARE`); scored as the first ask's
 * own words it draws that ask to the passage about the context's topic (the maternity row, the
 * skilled-nursing row) and away from the row the ask names (the overall deductible). The retriever
 * splits its asks the same way (rag/retriever/ask-lists.ts `questionAsks`). The whole ask when its
 * asking clause has no content word or leans on its context (`anaphoric`: "Who can help me",
 * "Is that covered"). Tried and dropped: the retriever's asks split the same way from the whole
 * question (the fronted clause "On the plan what does it cost, and …" then stays an ask): dev
 * harness FRESH facts 75.7 / 74.5 → 74.9 / 73.3, multi-hop 41.2 → 35.3; prose passages anchored at
 * the 8 chunks below those kept as candidates of every ask: ALL multi-hop 58.9 / 60.0 → 53.3 / 55.6,
 * or only of an ask whose best passage is already quoted: 57.8 / 58.9.
 * @param ask one ask of the question, as split from the whole question
 */
export function askingClause(ask: string): string {
  const s = splitAsk(ask);
  return s.ask !== ask && !s.anaphoric && tokenize(s.ask).length > 0 ? s.ask : ask;
}

/**
 * Share of its weight a term of the context written before an ask's clause keeps in that ask's
 * query when no other ask's clause uses it (see {@link askFocusWeights}). Dev harness (ALL = 998
 * cases, FRESH = members4–8, 293; fusion, facts per document / library): the whole ask's words
 * (before) 82.7 / 81.3, multi-hop 57.8 / 58.9 (of 90); 0.5: 82.9 / 81.5, multi-hop 58.9 / 60.0
 * (the deductible row for "What's our deductible for the year" after "We're expecting a baby",
 * not the maternity row), no case lower; 0.3: 82.7 / 81.3 (the family deductible lost after "We're
 * on the family version of the plan"); 0.2, without the anaphoric-clause exception of
 * {@link askingClause}: 82.7 / 81.3, three cases moved. FRESH facts (75.7 / 74.5), hit@5,
 * unanswerable and answerable-refused unchanged throughout. `navigator eval` (ALL, per document ·
 * library): facts 82.73 · 82.62 → 82.85 · 82.73, multi-hop 57.78 → 58.89, multi-hop all evidence
 * pages in the top 5 68.9 → 70.0; hit@5 95.83 · 95.25, FRESH, unanswerable 53.33, refused 1.51 unchanged.
 */
export const ASK_CONTEXT_TERM_SHARE = 0.5;

/**
 * Each ask's query-term weights: a term of its asking clause ({@link askingClause}; glossary
 * expansions included) keeps its weight; a term of the context written before the clause that no
 * other ask's clause uses keeps {@link ASK_CONTEXT_TERM_SHARE} of it; any other term of the question
 * (another ask's, or a context word another ask repeats) `otherShare`. A context word another ask
 * repeats is that ask's topic ("expecting a baby … and what does a baby's birth cost us?"); one no ask repeats may qualify every ask ("the family version of the plan", "the
 * chiropractor … is that covered?").
 * @param weights the whole question's term weights
 * @param asks the question's asks, in order
 * @param useGlossary whether terms are expanded with the insurance glossary
 * @param otherShare share kept by a term outside the ask; default `OTHER_ASK_TERM_SHARE` (asks.ts)
 */
export function askFocusWeights(weights: ReadonlyMap<string, number>, asks: readonly string[], useGlossary: boolean, otherShare = OTHER_ASK_TERM_SHARE): Map<string, number>[] {
  const clauses = asks.map(askingClause);
  const own = clauses.map((c) => new Set(buildQueryTerms(c, useGlossary).weights.keys()));
  return asks.map((ask, i) => {
    const clause = clauses[i] as string;
    const context = new Set(clause === ask ? [] : buildQueryTerms(ask.slice(0, ask.length - clause.length), useGlossary).weights.keys());
    const out = new Map<string, number>();
    for (const [t, w] of weights) {
      const share = own[i]?.has(t) ? 1 : context.has(t) && !own.some((o, j) => j !== i && o.has(t)) ? ASK_CONTEXT_TERM_SHARE : otherShare;
      out.set(t, w * share);
    }
    return out;
  });
}
