/**
 * Typo tolerance over an index vocabulary: a question term the member's documents never use
 * ("thearpist", "perscription" after stemming) is matched to the document term one edit away
 * (insertion, deletion, substitution or a swap of neighbouring letters: Damerau, "A technique for
 * computer detection and correction of spelling errors", CACM 1964, where these four account for
 * ~80% of misspellings). Only alphabetic terms of at least {@link TYPO_MIN_CHARS} characters are
 * corrected: one edit turns short words into other words.
 */

/** Terms shorter than this are never corrected (nor used as corrections). */
export const TYPO_MIN_CHARS = 5;

/** Whether two strings are at most one edit (insert, delete, substitute, swap of neighbours) apart. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** Corrects a term to a vocabulary term. */
export type SpellingCorrector = (term: string) => string | undefined;

/**
 * Creates a corrector over a vocabulary.
 * @param vocabulary the index's terms (stems)
 * @param frequency how many units hold a term (ties go to the most frequent, then the first seen)
 * @returns `term` itself when in the vocabulary; else the most frequent vocabulary term one edit
 *   away; undefined when none is, or the term is short or not alphabetic
 */
export function createSpellingCorrector(vocabulary: Iterable<string>, frequency: (term: string) => number): SpellingCorrector {
  const vocab = new Set<string>();
  const byLength = new Map<number, string[]>();
  for (const t of vocabulary) {
    vocab.add(t);
    if (t.length < TYPO_MIN_CHARS || !/^[a-z]+$/.test(t)) continue;
    let list = byLength.get(t.length);
    if (!list) byLength.set(t.length, (list = []));
    list.push(t);
  }
  const memo = new Map<string, string | undefined>();
  return (term) => {
    if (vocab.has(term)) return term;
    if (term.length < TYPO_MIN_CHARS || !/^[a-z]+$/.test(term)) return undefined;
    if (memo.has(term)) return memo.get(term);
    let best: string | undefined;
    let bestDf = -1;
    for (const len of [term.length - 1, term.length, term.length + 1])
      for (const v of byLength.get(len) ?? []) {
        if (!withinOneEdit(term, v)) continue;
        const df = frequency(v);
        if (df > bestDf) [best, bestDf] = [v, df];
      }
    memo.set(term, best);
    return best;
  };
}
