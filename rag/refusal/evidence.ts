/**
 * Evidence features of one question beside those of ./refusal.ts: does one retrieved unit hold
 * what an answer needs, or is the question's vocabulary only scattered over several?
 *
 * - `bestUnitCoverage`: the largest idf-weighted share of the question's own terms that one top
 *   unit holds (`coverageTop1` looks at the best-ranked unit only);
 * - `rareTogether`: the largest idf-weighted share of the question's {@link RARE_TERMS} rarest own
 *   terms (by idf in the member's own documents, among those the documents use) that one top unit
 *   holds: an answer names the specific things asked about in one place;
 * - `askValueMissing`: 1 when the question asks for a quantity (an amount, a count, a period: "how
 *   much", "how many", "how long", "what do I pay", "cuánto") and the top unit that best covers the
 *   question holds no number, amount, percentage or phone number token; else 0.
 */
/** How many of the question's rarest in-vocabulary own terms `rareTogether` looks at. */
export const RARE_TERMS = 2;

/** An ask for a quantity: an amount, a count or a period (English and Spanish question openers). */
const QUANTITY_ASK_RE = /\bhow\s+(?:much|many|long|often|soon|big|high)\b|\bwhat(?:'s|\s+is|\s+are|\s+will|\s+do|\s+does|\s+would)?\s+(?:i|we|my|the)?\s*(?:pay|cost|charge|copay|coinsurance|price|fee|amount|limit|deductible|premium)s?\b|\bcu[aá]nt[oa]s?\b/i;

/** A retrieval term that is a value: a number, an amount ("$180", "20%", "inr5000") or a phone number ("tel:…"). */
const VALUE_TERM_RE = /^(?:\$|inr|tel:|\d)|%$/;

/** The features of this module. */
export interface EvidenceFeatures {
  readonly bestUnitCoverage: number;
  readonly rareTogether: number;
  readonly askValueMissing: number;
}

/**
 * Computes {@link EvidenceFeatures}.
 * @param question the question as asked
 * @param own the question's own retrieval terms, each with its alternatives (itself first; glossary document terms)
 * @param idfOf a term's idf in the member's index (the largest possible for an unknown term)
 * @param known whether the member's index holds a term
 * @param top the top units' retrieval terms, best first
 * @param holds whether a unit's term set holds a term (exactly or one edit away)
 */
export function evidenceFeatures(
  question: string,
  own: ReadonlyMap<string, readonly string[]>,
  idfOf: (term: string) => number,
  known: (term: string) => boolean,
  top: readonly ReadonlySet<string>[],
  holds: (term: string, unit: ReadonlySet<string>) => boolean,
): EvidenceFeatures {
  const terms = [...own.keys()];
  const total = terms.reduce((s, t) => s + idfOf(t), 0);
  const has = (t: string, u: ReadonlySet<string>) => (own.get(t) ?? [t]).some((a) => holds(a, u));
  let best = 0;
  let bestUnit: ReadonlySet<string> | undefined;
  for (const u of top) {
    const c = total > 0 ? terms.filter((t) => has(t, u)).reduce((s, t) => s + idfOf(t), 0) / total : 0;
    if (c > best || bestUnit === undefined) [best, bestUnit] = [c, u];
  }
  const rare = terms.filter((t) => (own.get(t) ?? [t]).some(known)).sort((a, b) => idfOf(b) - idfOf(a)).slice(0, RARE_TERMS);
  const rareTotal = rare.reduce((s, t) => s + idfOf(t), 0);
  let rareTogether = 0;
  for (const u of top) if (rareTotal > 0) rareTogether = Math.max(rareTogether, rare.filter((t) => has(t, u)).reduce((s, t) => s + idfOf(t), 0) / rareTotal);
  const asksQuantity = QUANTITY_ASK_RE.test(question);
  const hasValue = bestUnit !== undefined && [...bestUnit].some((t) => VALUE_TERM_RE.test(t));
  return { bestUnitCoverage: best, rareTogether, askValueMissing: asksQuantity && !hasValue ? 1 : 0 };
}
