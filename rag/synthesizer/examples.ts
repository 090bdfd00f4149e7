/**
 * SBC coverage examples as answers. The uniform template's last page works through sample
 * situations ("Having a baby (normal delivery)", "Managing type 2 diabetes") with a sample bill:
 * what the plan and the patient would pay in total, by its own account "not a cost estimator" and
 * based on national averages (CMS/DOL SBC template and instructions, 45 CFR 147.200). A member
 * asking what their delivery or insulin costs is answered by the plan's own benefit row ("Delivery
 * and all inpatient services: $300 copay per admission"); the example page shares every word of
 * the situation and its amounts sit beside them, so it outscores the row. Its passages (the
 * example records and the prose of their pages) rank lower unless the question asks about an example;
 * in a question with several asks, the same holds per ask (multi-ask.ts `AskTurn.isExample`).
 */
import { COVERAGE_EXAMPLES_SECTION } from "../documents/coverage-examples.ts";
import type { RetrievedChunk } from "../types.ts";
import { pageAtOffset } from "./pages.ts";
import type { Cand, Window } from "./select.ts";

/**
 * Score taken from a passage of an SBC coverage-example page when the question does not ask about
 * an example. Dev harness (fusion, hit@5 / facts per document, library; 705 dev cases less
 * members4, after select.ts near ties): without 91.0 / 79.9, 89.9 / 77.9; example records only,
 * 0.2: 91.2 / 80.1, 90.0 / 77.9; records and their pages' prose, 0.2: unchanged (the prose
 * outscores the benefit row by ~0.7); 0.5: 91.2 / 80.2, 89.9 / 77.9; 0.8 and 1.2: 91.2 / 80.2,
 * 90.0 / 78.1 (paraphrase 62.5 → 63.9 / 61.8 → 62.5); no case lower. Fresh wording (members2,
 * members3, asks-lay) facts 60.7 / 61.7 → 61.7 / 62.6. Questions naming the example (23 dev
 * cases) are left alone.
 */
export const COVERAGE_EXAMPLE_PENALTY = 0.8;

/**
 * A question about the coverage examples themselves ("in the having-a-baby coverage example …";
 * Spanish "ejemplo"), or about the "sample" one: the SBC template introduces them so ("To see
 * examples of how this plan might cover costs for a sample medical situation, see the next page";
 * CMS SBC template and instructions). Dev harness (fusion, facts per document / library) with
 * "sample": ALL 83.1 / 81.8 → 83.2 / 81.9, FRESH (members4–8) 76.1 / 75.3 → 76.5 / 75.7; hit@5,
 * refusals and unanswerable unchanged, no case lower.
 */
const EXAMPLE_ASK_RE = /\b(?:examples?|ejemplos?|samples?)\b/i;

/**
 * Whether a question asks about an example (then coverage examples keep their scores).
 * @param question the question (a Spanish one as translated, or as asked)
 */
export function asksAboutExample(question: string): boolean {
  return EXAMPLE_ASK_RE.test(question);
}

/**
 * A test of whether a candidate sentence belongs to a coverage example: a coverage-example record,
 * or prose on a page of a document where such a record was retrieved.
 * @param ranked every candidate unit given
 */
export function coverageExampleTest(ranked: readonly RetrievedChunk[]): (c: Cand) => boolean {
  const pages = new Set<string>();
  for (const u of ranked) if (u.record?.section === COVERAGE_EXAMPLES_SECTION) pages.add(`${u.documentId}#${u.pageStart}`);
  return (c) => (c.chunk.record ? c.chunk.record.section === COVERAGE_EXAMPLES_SECTION : pages.size > 0 && pages.has(`${c.chunk.documentId}#${pageAtOffset(c.chunk, c.start)}`));
}

/**
 * Lowers (in place) by {@link COVERAGE_EXAMPLE_PENALTY} the windows all of whose sentences are of a coverage example.
 * @param windows scored windows
 * @param isExample from {@link coverageExampleTest}
 */
export function demoteCoverageExamples(windows: readonly Window[], isExample: (c: Cand) => boolean): void {
  for (const w of windows) if (w.sents.length > 0 && w.sents.every(isExample)) w.score -= COVERAGE_EXAMPLE_PENALTY;
}
