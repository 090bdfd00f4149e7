/**
 * Contractions of English function words ("I'm", "what's", "don't", and the same typed without the
 * apostrophe: "im", "ive", "dont", "wasnt"). The tokeniser drops apostrophes before its stopword
 * check, so these reach the question's terms although they name nothing a document could hold;
 * the refusal features would count them as question words the documents lack.
 */
import { ENGLISH_STOPWORDS } from "../text/stopwords.ts";

/** Clitics that attach to a pronoun or auxiliary ("I'm", "we've", "they're", "I'd", "she'll", "it's"). */
const CLITICS = ["m", "ve", "re", "d", "ll", "s"] as const;
/** Auxiliaries of the negated contractions ("don't", "can't", "won't", …), without the "n't". */
const NEGATED = ["do", "does", "did", "is", "are", "was", "were", "have", "has", "had", "ca", "could", "would", "should", "wo", "must", "need", "might", "ai"] as const;

/**
 * Whether a lower-case, accent-folded word (straight apostrophes) is a contraction of function words.
 * @param word one word, e.g. "i'm", "dont"
 * @param isWord whether a word is listed English (then an apostrophe-less form is that word: "ill", "well", "shell")
 */
export function isFunctionContraction(word: string, isWord: (w: string) => boolean): boolean {
  const at = word.indexOf("'");
  if (at > 0) {
    const head = word.slice(0, at);
    const tail = word.slice(at + 1);
    if (tail === "t") return head.endsWith("n");
    return (CLITICS as readonly string[]).includes(tail) && ENGLISH_STOPWORDS.has(head);
  }
  if (NEGATED.some((a) => word === `${a}nt`)) return true;
  if (isWord(word)) return false;
  return CLITICS.some((c) => word.endsWith(c) && word.length > c.length && ENGLISH_STOPWORDS.has(word.slice(0, -c.length)));
}

/**
 * The retrieval terms of a question's function-word contractions (and of words whose term is a function word).
 * @param question the question
 * @param isWord see {@link isFunctionContraction}
 * @param terms the retrieval tokeniser
 */
export function contractionTerms(question: string, isWord: (w: string) => boolean, terms: (text: string) => string[]): Set<string> {
  const out = new Set<string>();
  for (const w of question.toLowerCase().replace(/[’‘]/g, "'").match(/[a-z]+(?:'[a-z]+)?/g) ?? []) {
    // A contraction, or a word that stems to a function word ("whats" → "what").
    for (const t of terms(w)) if (isFunctionContraction(w, isWord) || ENGLISH_STOPWORDS.has(t)) out.add(t);
  }
  return out;
}
