/**
 * Scoring of the insurance QA set, exactly as `shared/eval/README.md` defines it:
 * - answer: lower-case, collapse whitespace, map curly apostrophes to `'`; an answerable case
 *   passes when the answer contains every fact and did not say "not found"; an unanswerable case
 *   passes when the system says it found nothing (the structured `found: false` flag).
 * - retrieval: a case passes when one of the top-5 sources is from `document` and on a page
 *   listed in `evidence_pages` (the reply's sources as the API returns them: a not-found answer's
 *   nearest passages count, its answer fails); unanswerable cases have no retrieval check. For multi_hop the
 *   stricter "every evidence page in the top-5" is reported too.
 */

/** One case of `qa.public.json`. */
export interface EvalCase {
  readonly id: string;
  readonly document: string;
  readonly question: string;
  readonly answer: string;
  readonly facts: readonly string[];
  readonly evidence_pages: readonly number[];
  readonly kind: "lookup" | "multi_hop" | "paraphrase" | "spanish" | "unanswerable";
}

/** What the system answered. */
export interface EvalAnswer {
  readonly response: string;
  readonly found: boolean;
  readonly sources: readonly { readonly filename: string; readonly page: number }[];
}

/** Per-case verdict. */
export interface CaseScore {
  readonly answerPass: boolean;
  /** Undefined for unanswerable cases (no retrieval check). */
  readonly retrievalHit?: boolean;
  /** multi_hop only: every evidence page among the top-5 sources. */
  readonly allEvidenceHit?: boolean;
}

/** Sources considered by the retrieval check. */
export const RETRIEVAL_TOP_N = 5;

/** Normalises text for fact matching (README "Scoring"). */
export function normalizeForScoring(text: string): string {
  return text.toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'").replace(/\s+/g, " ").trim();
}

/** Scores one case. */
export function scoreCase(c: EvalCase, a: EvalAnswer): CaseScore {
  if (c.kind === "unanswerable") return { answerPass: !a.found };
  const text = normalizeForScoring(a.response);
  const answerPass = a.found && c.facts.every((f) => text.includes(normalizeForScoring(f)));
  const top = a.sources.slice(0, RETRIEVAL_TOP_N).filter((s) => s.filename === c.document);
  const pages = new Set(top.map((s) => s.page));
  const retrievalHit = c.evidence_pages.some((p) => pages.has(p));
  return {
    answerPass,
    retrievalHit,
    ...(c.kind === "multi_hop" ? { allEvidenceHit: c.evidence_pages.every((p) => pages.has(p)) } : {}),
  };
}

