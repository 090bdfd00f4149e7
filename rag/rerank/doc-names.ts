/**
 * Document-level matching of name words. A question names its plan (insurer, product, tier,
 * deductible figures); those words tell *which document* to read, not *which passage*
 * of it. Matched chunk by chunk, they favour the one page whose header repeats the plan's name
 * (a "Coverage Examples" page) over the table row that answers. So a name word found anywhere in
 * a document's candidates counts once for every candidate of that document: documents are still
 * told apart by it, passages within one document are not.
 */
import { nameTerms } from "../query/names.ts";

/**
 * Name words of the question that occur in the candidates (see query/names.ts).
 * @param question the user's question
 * @param docs each candidate's terms
 */
export function questionNameTerms(question: string, docs: readonly (readonly string[])[]): Set<string> {
  const vocab = new Set<string>();
  for (const d of docs) for (const t of d) vocab.add(t);
  return nameTerms(question, (t) => vocab.has(t));
}

/**
 * For each candidate, the name terms its *document* contains (in any of its candidates).
 * @param docs each candidate's terms
 * @param documentIds each candidate's document
 * @param names the question's name terms
 * @returns one set per candidate, in input order
 */
export function documentNameMatches(docs: readonly (readonly string[])[], documentIds: readonly string[], names: ReadonlySet<string>): Set<string>[] {
  const byDoc = new Map<string, Set<string>>();
  docs.forEach((d, i) => {
    const id = documentIds[i] ?? "";
    let set = byDoc.get(id);
    if (!set) byDoc.set(id, (set = new Set()));
    for (const t of d) if (names.has(t)) set.add(t);
  });
  return documentIds.map((id) => byDoc.get(id) ?? new Set());
}
