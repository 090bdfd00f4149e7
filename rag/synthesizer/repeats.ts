/**
 * Sentences that say the same words twice: retrieved chunks overlap by a sentence or two, and the
 * splitter may cut the shared text differently in each chunk, so one sentence comes back as two
 * candidates. An answer quotes it once.
 */
import type { RetrievedChunk } from "../types.ts";

/** What {@link repeats} reads of a candidate sentence (select.ts `Cand`). */
export interface QuotedSentence {
  readonly text: string;
  readonly chunk: Pick<RetrievedChunk, "record">;
}

/**
 * Two sentences repeat each other when at least this share of the shorter one's word triples occur
 * in the other: chunks overlap by a sentence or two and the splitter may cut the shared text
 * differently in each ("… as detailed below" and "… as detailed below a."), so the same words come
 * back as another candidate. Dev facts (with pick.ts `NEAR_TIE_MIN_SHARE`) per document / library:
 * 0.5: 79.6 / 77.6; 0.6: 79.9 / 77.9; 0.8: 79.6 / 77.8; exact text only: 79.1 / 77.3.
 */
export const REPEAT_MIN_SHARED_TRIPLES = 0.6;

/** A text's word triples (lower-case, whitespace-separated words joined by one space). */
export function wordTriples(text: string): Set<string> {
  const w = text.toLowerCase().split(/\s+/).filter((x) => x.length > 0);
  const out = new Set<string>();
  for (let i = 0; i + 2 < w.length; i++) out.add(`${w[i]} ${w[i + 1]} ${w[i + 2]}`);
  return out;
}

/**
 * Whether two quoted sentences say the same words: the same text, or (prose only: a record is
 * shown from its cells) at least {@link REPEAT_MIN_SHARED_TRIPLES} of the shorter one's word
 * triples occur in the other.
 * @param a a sentence
 * @param b another sentence
 * @param triplesOf a sentence's word triples (default {@link wordTriples} of its text; callers memoise)
 */
export function repeats<T extends QuotedSentence>(a: T, b: T, triplesOf: (c: T) => ReadonlySet<string> = (c) => wordTriples(c.text)): boolean {
  if (a.text === b.text) return true;
  if (a.chunk.record || b.chunk.record) return false;
  const x = triplesOf(a);
  const y = triplesOf(b);
  const [small, big] = x.size <= y.size ? [x, y] : [y, x];
  if (small.size === 0) return false;
  let shared = 0;
  for (const t of small) if (big.has(t)) shared++;
  return shared >= REPEAT_MIN_SHARED_TRIPLES * small.size;
}
