/**
 * Table rows and their labels: a table row (a structure record) is named by its label, and
 * neighbouring rows share most label words ("Preferred brand drugs" / "Non-preferred brand and
 * generic drugs", whose cells also speak of prescriptions and costs). When two rows' labels name
 * the same asked words, the row whose label adds words the question does not use is the
 * neighbour, whatever its cells say.
 */
import { TOPIC_TERM_MIN_SHARE } from "./pick.ts";
import type { Window } from "./select.ts";

/**
 * Score by which the row whose label the question names more exactly ends above its neighbour
 * ({@link promoteNamedRows}). Dev facts per document / library 78.4 / 77.0 at 0.01, 0.05, 0.1 and 0.2.
 */
export const NEIGHBOUR_ROW_MARGIN = 0.1;

/**
 * Ranks a single-record window above each record of the same table (document and record kind)
 * whose label's asked words (at least one) its label also matches, with more words the question
 * does not use (its neighbour), unless its cells name a topical word of the question's own (one weighing at least
 * {@link TOPIC_TERM_MIN_SHARE} of the heaviest, not a glossary addition) that the better-named
 * row does not: then the cells answer what the label does not say ("Other practitioner office
 * visit … 20 visits for chiropractic care"). Windows are changed in place (their `score`).
 * @param windows scored windows
 * @param weights query-term weights (a term weighing more than 0 is asked)
 * @param own the question's own terms (its words, not glossary additions)
 * @param labelTerms a label's terms (tokenised as the sentences are)
 * @param margin how far above its neighbour the better-named row ends; default {@link NEIGHBOUR_ROW_MARGIN}
 */
export function promoteNamedRows(windows: readonly Window[], weights: ReadonlyMap<string, number>, own: ReadonlySet<string>, labelTerms: (label: string) => ReadonlySet<string>, margin = NEIGHBOUR_ROW_MARGIN): void {
  const rows: { w: Window; table: string; matched: Set<string>; extra: number }[] = [];
  for (const w of windows) {
    const r = w.sents[0]?.chunk.record;
    if (!r || w.sents.length !== 1) continue;
    const matched = new Set<string>();
    let extra = 0;
    for (const t of labelTerms(r.label)) {
      if ((weights.get(t) ?? 0) > 0) matched.add(t);
      else if (!weights.has(t)) extra++;
    }
    // one table: the same document and the same kind of record (a grid row, a question row, a definition)
    rows.push({ w, table: `${(w.sents[0] as Window["sents"][number]).chunk.documentId}\u0000${r.kind}`, matched, extra });
  }
  let heaviest = 0;
  for (const w of weights.values()) heaviest = Math.max(heaviest, w);
  const topical = [...own].filter((t) => (weights.get(t) ?? 0) > 0 && (weights.get(t) ?? 0) >= TOPIC_TERM_MIN_SHARE * heaviest);
  const before = new Map(rows.map((x) => [x.w, x.w.score]));
  for (const a of rows) {
    if (a.matched.size === 0) continue;
    for (const b of rows) {
      if (b === a || b.table !== a.table || b.extra >= a.extra || b.matched.size < a.matched.size) continue;
      if (![...a.matched].every((t) => b.matched.has(t))) continue;
      if (topical.some((t) => a.w.terms.has(t) && !b.w.terms.has(t))) continue;
      b.w.score = Math.max(b.w.score, (before.get(a.w) ?? a.w.score) + margin);
    }
  }
}
