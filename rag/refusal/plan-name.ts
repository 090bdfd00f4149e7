/**
 * The words with which a question names the member's plan. A member names the plan as they know it
 * (insurer and product) while the document may print only part of that name
 * (the product, the insurer only in a web address): a plan-name word the documents lack is
 * not a thing the documents never mention, and the refusal's absent-term features leave it out.
 */
import { capitalisedRuns } from "../query/names.ts";

/**
 * Retrieval terms of the question's runs of name-like words (rag/query/names.ts `capitalisedRuns`)
 * that hold at least one term naming a document the question is routed to (the retriever's naming
 * terms: words of a document's name or title); empty when none does.
 * @param question the question as asked
 * @param terms the retrieval tokeniser
 * @param naming retrieval terms of the question that name a routed document
 */
export function planNameTerms(question: string, terms: (text: string) => string[], naming: readonly string[]): Set<string> {
  const out = new Set<string>();
  if (naming.length === 0) return out;
  const named = new Set(naming);
  for (const run of capitalisedRuns(question)) {
    const ts = terms(run.join(" "));
    if (ts.some((t) => named.has(t))) for (const t of ts) out.add(t);
  }
  return out;
}
