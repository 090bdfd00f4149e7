/**
 * A member's word the documents never use passes its weight to the document terms the glossary
 * reads it as. Glossary additions weigh {@link DEFAULT_GLOSSARY_TERM_WEIGHT} (rag/query/analyze.ts)
 * because the member's own word usually also matches ("paid back" beside "reimbursement"); when it
 * cannot match at all ("ER", "shrink" in an EOC that prints only "emergency room", "mental health
 * specialist"), the discount leaves the question's story words ("chest", "wife", "drives") to rank
 * the chunks, and the document's wording of the ask ranks below them.
 */

/**
 * The query with each glossary group whose lay term the index lacks raised to that term's weight.
 * @param query retrieval terms → weight (the question's own at 1, glossary additions lower)
 * @param groups lay term → the document terms the glossary expands it to (QuestionAnalysis.glossaryGroups)
 * @param has whether the index holds a term
 * @returns `query` itself when no group is raised (a document term the index lacks, or one the
 *   query does not hold, is left as it is)
 */
export function bridgeAbsentLayWords(query: ReadonlyMap<string, number>, groups: ReadonlyMap<string, ReadonlySet<string>>, has: (term: string) => boolean): ReadonlyMap<string, number> {
  let out: Map<string, number> | undefined;
  for (const [lay, docTerms] of groups) {
    const w = query.get(lay);
    if (w === undefined || has(lay)) continue;
    for (const d of docTerms) {
      if (!has(d) || !query.has(d)) continue;
      const current = (out ?? query).get(d) as number;
      if (current >= w) continue;
      out ??= new Map(query);
      out.set(d, w);
    }
  }
  return out ?? query;
}
