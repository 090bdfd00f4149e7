/**
 * Table rows and their labels: a table row (a structure record) is named by its label, and
 * neighbouring rows share most label words ("Preferred brand drugs" / "Non-preferred brand and
 * generic drugs", whose cells also speak of prescriptions and costs). When two rows' labels name
 * the same asked words, the row whose label adds words the question does not use is the
 * neighbour, whatever its cells say.
 */
import { TOPIC_TERM_MIN_SHARE } from "./pick.ts";
import type { RecordCells } from "../types.ts";
import type { Window } from "./select.ts";

/**
 * The words that name a table row: its label's and its table's or group's (the record's
 * `section`). An SBC benefit grid prints its rows under a shared "Common Medical Event" cell ("If
 * you have a hospital stay": "Facility fee (e.g., hospital room)", "Physician/surgeon fee"), so the
 * label alone ("Facility fee …") does not say which event's fee it is and a neighbouring event's row
 * ("If you have outpatient surgery": "Facility fee (e.g., ambulatory surgery center)") could win on the
 * label's words; the SBC template and the EOC chart read each row under its heading. A section
 * shared by every row of a table (an EOC "Medical Benefits Chart", "Important Questions") adds the
 * same words to each of its rows. Used for the record-label bonus (extractive.ts). Dev eval (998
 * cases, library and per document): hit@5, facts, refusals and unanswerable unchanged in ALL
 * (95.3 / 83.8, 95.8 / 83.9) and FRESH (members4–8: 95.6 / 78.5, 96.0 / 78.5); 3 answers changed
 * (a substance-use row now quoted alone), none lower. The SBC retrieval side: record-units.ts.
 * @param r the record's cells
 * @param terms a text's terms (tokenised as the sentences are)
 */
export function rowNameTerms(r: Pick<RecordCells, "label" | "section">, terms: (text: string) => ReadonlySet<string>): ReadonlySet<string> {
  const label = terms(r.label);
  if (!r.section) return label;
  return new Set([...label, ...terms(r.section)]);
}

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
