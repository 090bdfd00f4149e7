/**
 * Weighted query terms shared by the reranker and the extractive synthesizer.
 */
import { type TokenKind, tokenize } from "../text/tokenize.ts";
import { expandQuery, type QueryExpansion } from "../glossary/expand.ts";

/** Default weight of glossary-added terms relative to the question's own terms. */
export const DEFAULT_QUERY_EXPANSION_WEIGHT = 0.6;
/** Weight of untranslated words of a Spanish question (they rarely occur in English documents). */
export const SPANISH_ORIGINAL_WEIGHT = 0.3;

/** A question turned into weighted terms and bigrams. */
export interface QueryTerms {
  /** term → weight (1 for the question's own terms, less for glossary additions). Max weight wins. */
  readonly weights: ReadonlyMap<string, number>;
  /** term → kind, for numeric bonuses. */
  readonly kinds: ReadonlyMap<string, TokenKind>;
  /** Adjacent term pairs `"a b"` from the question and from each expansion phrase. */
  readonly bigrams: ReadonlySet<string>;
  /** The glossary expansion used (empty when expansion is off). */
  readonly expansion: QueryExpansion;
}

/**
 * Builds weighted query terms.
 * @param question the user's question
 * @param expand whether to apply the glossary (default true)
 * @param expansionWeight weight of glossary terms, 0..1 (default {@link DEFAULT_QUERY_EXPANSION_WEIGHT})
 * @param known the question's glossary expansion when already computed (question analysis)
 */
export function buildQueryTerms(question: string, expand = true, expansionWeight = DEFAULT_QUERY_EXPANSION_WEIGHT, known?: QueryExpansion): QueryTerms {
  const expansion: QueryExpansion = expand
    ? (known ?? expandQuery(question))
    : { original: question, expanded: question, added: "", matches: [], spanish: false };
  const weights = new Map<string, number>();
  const kinds = new Map<string, TokenKind>();
  const bigrams = new Set<string>();
  const put = (text: string, w: number): void => {
    const toks = tokenize(text);
    toks.forEach((t, i) => {
      const weight = expansion.spanish && t.kind === "word" && w === 1 ? SPANISH_ORIGINAL_WEIGHT : w;
      weights.set(t.term, Math.max(weights.get(t.term) ?? 0, weight));
      kinds.set(t.term, t.kind);
      const prev = toks[i - 1];
      if (prev) bigrams.add(`${prev.term} ${t.term}`);
    });
  };
  put(question, 1);
  for (const m of expansion.matches) for (const e of m.expansions) put(e, expansion.spanish && m.via === "spanish" ? 1 : expansionWeight);
  return { weights, kinds, bigrams, expansion };
}
