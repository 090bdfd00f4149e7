/**
 * Document and plan names inside questions. A member names the plan a question is about (its
 * insurer, product name, metal tier, deductible figures), but the name is often only in a page
 * header that the PDF reader strips as furniture, or in an image. A run of two or more capitalised
 * / numeric words, at least one of which occurs in the retrieved text or in a document's file name,
 * is taken to be such a name: its words weigh little when choosing sentences and reranking.
 * A lone capitalised word is never treated as a name.
 */
import { tokenize } from "../text/tokenize.ts";
import { expandQuery, type QueryExpansion } from "../glossary/expand.ts";

/** A word that can belong to a name: starts with an upper-case letter, a digit or "$" ("HBB/2R", "9LR", "$20/$0"). */
const NAME_WORD = /^[\p{Lu}\d$][\p{L}\d$/.&+'’-]*$/u;

/**
 * Splits a question into runs of consecutive name-like words (each run as its original words).
 * @param question the user's question
 */
export function capitalisedRuns(question: string): string[][] {
  const runs: string[][] = [];
  let cur: string[] = [];
  for (const raw of question.split(/\s+/)) {
    const w = raw.replace(/^[("'“‘¿¡]+|[)"'”’?.,;:!]+$/g, "");
    if (w && NAME_WORD.test(w)) cur.push(w);
    else {
      if (cur.length) runs.push(cur);
      cur = [];
    }
    if (/[?.,;:!)]$/.test(raw) && cur.length) {
      runs.push(cur);
      cur = [];
    }
  }
  if (cur.length) runs.push(cur);
  return runs;
}

/**
 * Tokens of a file name, splitting camelCase and separators ("SBC_BlueShield.pdf" → sbc, blue, shield, blueshield).
 * @param filename a document's file name or title
 */
export function filenameTerms(filename: string): string[] {
  const base = filename.replace(/\.[a-z0-9]{2,4}$/i, "");
  const spaced = base.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/[_\-.]+/g, " ");
  return [...tokenize(spaced), ...tokenize(base.replace(/[_\-.]+/g, " "))].map((t) => t.term);
}

/**
 * Terms of the question that belong to a document/plan name (see module doc).
 * @param question the user's question
 * @param present whether a term occurs in the retrieved text or a file name
 * @param expansion `expandQuery(question)` when the caller has it (used only when its `original`
 *   is `question`; otherwise it is computed here)
 * @returns stemmed terms to exempt (those also used elsewhere in the question are kept)
 */
export function nameTerms(question: string, present: (term: string) => boolean, expansion?: QueryExpansion): Set<string> {
  const out = new Set<string>();
  let rest = question;
  for (const run of capitalisedRuns(question)) {
    const toks = tokenize(run.join(" ")).filter((t) => !t.compound);
    if (toks.length < 2 || !toks.some((t) => present(t.term))) continue;
    for (const t of tokenize(run.join(" "))) out.add(t.term);
    for (const w of run) rest = rest.replace(w, " ");
  }
  // A word also used outside the name (a "deductible" asked about on a plan whose name holds "Deductible") is topical,
  // and so is an insurance term inside it ("SCAN Classic Member Services").
  for (const t of tokenize(rest)) out.delete(t.term);
  for (const m of (expansion?.original === question ? expansion : expandQuery(question)).matches) for (const t of tokenize(m.phrase)) out.delete(t.term);
  return out;
}
