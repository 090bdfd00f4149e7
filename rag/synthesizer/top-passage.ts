/**
 * The retriever's first passage as evidence: when the passages picked by sentence score all come
 * from lower-ranked chunks, the best window of the first-ranked chunk's passage is quoted too, if
 * it scores near the best. The sentence scores weigh the question's words by their rarity in the
 * retrieved text, so a story word ("look", "stay") or a compound written apart ("brand name" for
 * "brand-name") can carry a passage from a lower chunk above the one the retriever (dense and
 * full-text fused, reranked) put first; that first chunk often holds the answer (a table row, the
 * "Level 4 appeal" paragraph). Quoting it beside the passage chosen keeps both readings.
 */
import type { Window } from "./select.ts";

/**
 * Share of the best window's score the first chunk's best window must reach to be quoted. Dev
 * harness (705 cases less members4/5/6, fusion; with `TOP_PASSAGE_MAX_SENTENCES` 2; facts per
 * document / library, hit@5 unchanged unless said): without 81.9 / 79.9; 0.85: 81.9 / 79.9; 0.8:
 * 81.9 / 80.1; 0.7: 82.4 / 80.6 (lookup 91.5 / 89.6 → 92.1 / 90.2, paraphrase 64.6 / 63.2 → 65.3 /
 * 63.9, Spanish library 82.1 → 83.2), no case lower, 46 of 612 answers changed, mean found answer
 * 688 → 702 characters; 0.6: 82.2 / 80.6. Real pipeline (`cli eval --library`, with asks.ts
 * `coordinatedParts`): facts 81.4 / 79.3 → 82.2 / 79.7, hit@5 unchanged.
 *
 * Tried and dropped: only for value questions whose first window holds the asked value: 82.2 /
 * 80.2; 0.6 with at most one sentence: 82.2 / 80.7; at most 3 sentences, 0.5 to 0.7 alike: 82.4 /
 * 80.6 but hit@5 93.5 / 92.0 → 93.3 / 91.8 (a long window's page displaces a cited evidence page);
 * the second passage's best window too, by the same rule: 82.2 / 80.6, hit@5 93.1 / 91.7, answers
 * 26 characters longer. A retrieval-rank prior in every window's score instead (select.ts), from
 * 81.5 / 79.6: + 0.1 / (1 + rank) 80.9 / 78.8, + 0.2 / (1 + rank) 79.7 / 77.8, + 0.05 for rank 0
 * only 80.9 / 78.4 (it moves passages of every question, not only the ones whose first chunk
 * lost); the chunk score's own prior (options.ts `chunkPriorWeight`, 0.15) at 0.3: 81.7 / 79.6, at
 * 0.45 or 0.6: 81.2 / 79.2. A prose answer of one passage under 150 / 200 / 300 characters
 * followed by its next sentence: 82.5 / 80.7 (one fact), but 5 of the 6 answers changed gained
 * only noise (another language's help line, a list repeated).
 */
export const TOP_PASSAGE_MIN_SHARE = 0.7;
/** Longest first-chunk window quoted this way, in sentences (see {@link TOP_PASSAGE_MIN_SHARE}). */
export const TOP_PASSAGE_MAX_SENTENCES = 2;

/**
 * The first-ranked passage's best window (at most {@link TOP_PASSAGE_MAX_SENTENCES} sentences)
 * when no chosen window comes from it and it scores at least {@link TOP_PASSAGE_MIN_SHARE} of the
 * best window; otherwise undefined.
 * @param windows every scored window of the question
 * @param chosen the windows picked for the answer
 * @param best the best window's score
 */
export function topPassage(windows: readonly Window[], chosen: readonly Window[], best: number): Window | undefined {
  if (chosen.length === 0 || chosen.some((w) => w.sents[0]?.rank === 0)) return undefined;
  let top: Window | undefined;
  for (const w of windows) if (w.sents[0]?.rank === 0 && w.sents.length <= TOP_PASSAGE_MAX_SENTENCES && (!top || w.score > top.score)) top = w;
  return top && top.score >= TOP_PASSAGE_MIN_SHARE * best ? top : undefined;
}
