/**
 * Questions that name two services in one ask ("in the hospital 5 days and then a skilled nursing
 * facility", "the ambulance took me to the emergency room"): no conjunction splits them into asks
 * (asks.ts), so the best passage covers one group of the question's terms and the other group's
 * row or passage is not quoted. The question's weight the quoted passages leave uncovered is
 * measured, and the passage of another record or chunk that best covers it is added when that
 * share is substantial.
 */
import { coverage } from "./scoring.ts";
import type { Cand, Window } from "./select.ts";

/**
 * A second passage must cover at least this share of the question's term weight that the quoted
 * passages do not (its own group of terms). Dev-set figures in extractive.ts.
 */
export const SECOND_GROUP_MIN_SHARE = 0.25;
/** …and score at least this share of the best passage. */
export const SECOND_GROUP_MIN_SCORE_SHARE = 0.5;
/**
 * A second record's label must name at least this much uncovered question weight per word, as a
 * share of the lead label's question weight per word. Dev figures in extractive.ts (0.3–0.4 alike; 0.5 less).
 */
export const SECOND_RECORD_MIN_SHARE = 0.3;
/**
 * …and the lead's label must cover at least this share of the question's weight: a lead row whose
 * label names little of the question (a definition) is no first service. Dev: 0.15–0.25 alike; 0 lowers library hit@5.
 */
export const SECOND_RECORD_LEAD_MIN_COVER = 0.2;

/** Whether two windows come from the same record (table row) or, for prose, the same chunk. */
function sameSource(a: Window, b: Window): boolean {
  const ca = a.sents[0]?.chunk;
  const cb = b.sents[0]?.chunk;
  if (!ca || !cb) return false;
  return ca === cb || (ca.record !== undefined && cb.record !== undefined && ca.documentId === cb.documentId && ca.record.label === cb.record.label);
}

/**
 * The passage covering the question's second group of terms, or undefined: among windows of at most
 * `maxSentences` sentences, of another source than the lead and sharing no quoted sentence, the one
 * whose coverage of the weight left uncovered by the quoted sentences is highest (ties by score),
 * when that coverage is at least `minShare` and its score at least `minScoreShare` of the lead's.
 * @param windows scored windows (whole question's weights)
 * @param lead the best quoted window
 * @param picked the quoted sentences
 * @param weights the question's term weights
 * @param maxSentences longest window considered
 * @param minShare default {@link SECOND_GROUP_MIN_SHARE}
 * @param minScoreShare default {@link SECOND_GROUP_MIN_SCORE_SHARE}
 */
export function secondGroupWindow(
  windows: readonly Window[],
  lead: Window,
  picked: ReadonlySet<Cand>,
  weights: ReadonlyMap<string, number>,
  maxSentences: number,
  minShare = SECOND_GROUP_MIN_SHARE,
  minScoreShare = SECOND_GROUP_MIN_SCORE_SHARE,
): Window | undefined {
  const covered = new Set<string>();
  for (const c of picked) for (const t of c.f.terms) covered.add(t);
  let best: Window | undefined;
  let bestGain = 0;
  for (const w of windows) {
    if (w.sents.length > maxSentences || w.score < minScoreShare * lead.score) continue;
    if (sameSource(w, lead) || w.sents.some((c) => picked.has(c))) continue;
    const gain = coverage(w.terms, weights, covered);
    if (gain < minShare) continue;
    if (gain > bestGain + 1e-9 || (Math.abs(gain - bestGain) <= 1e-9 && best && w.score > best.score)) {
      best = w;
      bestGain = gain;
    }
  }
  return best;
}

/**
 * A record (table row) whose label names a second service the question asks about: when the lead
 * passage is a record, the record of the same document, of another label, whose label covers the
 * most question weight the lead's label does not, when that is at least `minShare` of the weight
 * the lead's own label covers, both per label word.
 * @param lead the best quoted window (a record's)
 * @param records candidate record sentences (retrieved rows), best first
 * @param weights the question's term weights
 * @param labelTerms a label's terms
 * @param minShare least gain; default {@link SECOND_RECORD_MIN_SHARE}
 * @param minLeadCover least share of the question's weight the lead's label covers (it names the
 *   first service); default {@link SECOND_RECORD_LEAD_MIN_COVER}
 */
export function secondGroupRecord(
  lead: Window,
  records: readonly Cand[],
  weights: ReadonlyMap<string, number>,
  labelTerms: (label: string) => ReadonlySet<string>,
  minShare = SECOND_RECORD_MIN_SHARE,
  minLeadCover = SECOND_RECORD_LEAD_MIN_COVER,
): Cand | undefined {
  const head = lead.sents[0]?.chunk;
  if (!head?.record) return undefined;
  const leadLabel = labelTerms(head.record.label);
  const leadCover = coverage(leadLabel, weights);
  if (leadCover < minLeadCover) return undefined;
  const own = leadLabel.size > 0 ? leadCover / leadLabel.size : 0;
  if (own <= 0) return undefined;
  let best: Cand | undefined;
  let bestGain = 0;
  for (const c of records) {
    const r = c.chunk.record;
    if (!r || c.chunk.documentId !== head.documentId || r.label === head.record.label) continue;
    const terms = labelTerms(r.label);
    if (terms.size === 0) continue;
    // question weight per label word the lead's label leaves uncovered, against the lead label's
    // own weight per word (a label naming much else is another service)
    const gain = coverage(terms, weights, leadLabel) / terms.size / own;
    if (gain >= minShare && gain > bestGain + 1e-9) {
      best = c;
      bestGain = gain;
    }
  }
  return best;
}
