/**
 * Spelling of an English question's common words ("daugter", "yaer", "docter", "glases", "frist"):
 * a lower-case word in no SCOWL list that lies one edit from a common listed word is read as that
 * word before the analysis tokenises the question, so the misspelling neither misses the documents'
 * word nor reads, to the refusal, as a rare word the documents lack.
 *
 * One edit is Damerau's (insert, delete, substitute, swap of neighbours; "A technique for computer
 * detection and correction of spelling errors", CACM 1964: ~80% of misspellings). Words of
 * {@link SPELLING_MIN_CHARS} letters take only a swap (one substitution turns most short words into
 * other words). Only common words (SCOWL sizes ≤ {@link SPELLING_MAX_SIZE}) are corrections, the most
 * common winning; a tie leaves the word alone. A glossary trigger word one edit away wins over them
 * ("glases" → "glasses", not "glass"), as the glossary's own correction (rag/glossary/expand.ts). Name-like words (capitalised inside a sentence, all
 * capitals, with digits) and function-word contractions ("dont", "whats") are never touched.
 */
import { GLOSSARY_WORDS } from "../glossary/index.ts";
import { withinOneEdit } from "../text/typos.ts";
import { isFunctionContraction } from "./contractions.ts";

/** Shortest word corrected (4: "yaer" → "year" by a swap). */
export const SPELLING_MIN_CHARS = 4;
/** Below this length only a swap of neighbouring letters is tried. */
export const SPELLING_FULL_EDIT_MIN_CHARS = 5;
/** Largest SCOWL size a correction may come from (35: SCOWL's "common" sizes, rag/text/common-words.ts). */
export const SPELLING_MAX_SIZE = 35;

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** Listed words one edit from `w` (swaps only when `w` is short), each with its SCOWL size. */
function candidates(w: string, sizes: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  const see = (c: string) => {
    const s = sizes.get(c);
    if (s !== undefined && s <= SPELLING_MAX_SIZE) out.set(c, s);
  };
  const full = w.length >= SPELLING_FULL_EDIT_MIN_CHARS;
  for (let i = 0; i <= w.length; i++) {
    if (i + 1 < w.length) see(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2));
    if (!full) continue;
    if (i < w.length) see(w.slice(0, i) + w.slice(i + 1));
    for (const ch of LETTERS) {
      see(w.slice(0, i) + ch + w.slice(i));
      if (i < w.length) see(w.slice(0, i) + ch + w.slice(i + 1));
    }
  }
  return out;
}

/**
 * The question with its misspelt common words corrected (see module doc).
 * @param question an English question
 * @param sizes word → smallest SCOWL size (rag/text/common-words.ts `loadEnglishWordSizes`)
 * @returns the question, each corrected word replaced in place (lower-case); unchanged when none is
 */
export function correctSpelling(question: string, sizes: ReadonlyMap<string, number>): string {
  const isWord = (w: string) => sizes.has(w);
  return question.replace(/(^|[^\p{L}\p{N}'’])([a-z]+)(?![\p{L}\p{N}'’])/gu, (all, lead: string, w: string) => {
    if (w.length < SPELLING_MIN_CHARS || sizes.has(w) || isFunctionContraction(w, isWord)) return all;
    const lay = w.length >= SPELLING_FULL_EDIT_MIN_CHARS ? GLOSSARY_WORDS.filter((g) => withinOneEdit(w, g)) : [];
    if (lay.length === 1) return lead + (lay[0] as string);
    const found = candidates(w, sizes);
    if (found.size === 0) return all;
    const best = Math.min(...found.values());
    const top = [...found].filter(([, s]) => s === best);
    return top.length === 1 ? lead + (top[0] as [string, number])[0] : all;
  });
}
