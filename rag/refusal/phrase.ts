/**
 * Phrase evidence for the refusal model: does a retrieved passage say two of the question's words
 * side by side, as the question does? A question about a thing no document names, asked in common
 * English ("a breast pump", "a hot tub", "the company's board"), finds each word somewhere in the
 * retrieved text but rarely the two together; a question the documents answer usually shares at
 * least one two-word phrase with the passage that answers it ("skilled nursing", "out-of-pocket
 * limit", "emergency room").
 *
 * Words are the retrieval tokenizer's (rag/text `tokenize`: lower-cased, accent-folded, stemmed,
 * English and Spanish stopwords dropped), so "costs for the emergency rooms" and "Emergency room
 * cost" share "emergency room"; numbers, amounts and phone numbers break a phrase.
 * Measured (December 2026, eval/README.md "Phrase evidence"): leave-one-file-out on 705 dev cases,
 * beside the twelve lexical features, +10 points of unanswerable refused at 2% answerable refused.
 */
import { tokenize } from "../text/index.ts";

/** The adjacent word pairs of a text ("w1 w2"), in the retrieval tokenizer's terms. */
export function wordPairs(text: string): Set<string> {
  const out = new Set<string>();
  let previous: string | undefined;
  for (const t of tokenize(text)) {
    if (t.kind !== "word") {
      previous = undefined;
      continue;
    }
    if (previous !== undefined) out.add(`${previous} ${t.term}`);
    previous = t.term;
  }
  return out;
}

/**
 * 1 when some adjacent word pair of the question also stands adjacent in one of the passages, else 0
 * (also 0 for a question with fewer than two words in a row).
 * @param question the question as asked
 * @param passages the retrieved passages' texts (the top units)
 */
export function sharesPhrase(question: string, passages: readonly string[]): number {
  const asked = wordPairs(question);
  if (asked.size === 0) return 0;
  for (const p of passages) for (const pair of wordPairs(p)) if (asked.has(pair)) return 1;
  return 0;
}
