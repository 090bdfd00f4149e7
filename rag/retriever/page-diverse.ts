/**
 * The chunks a reply lists, one page at a time: the top of the ranking often holds several
 * passages of one page (an SBC grid page read as sentence chunks and as records, an EOC chart page
 * as several chunks), and listing page 4 three times among five sources names fewer places to look.
 * The listed chunks take each page's best passage first, in rank order; a page's further passages
 * fill the list only when too few pages are ranked. The synthesizer still reads every candidate
 * (rag/retriever/options.ts `RetrievalResult.candidates`), so what the answer can quote is unchanged.
 */
import type { Citation, RetrievedChunk } from "../types.ts";

/**
 * Passages of one page (document and first page) among the listed chunks before another page's:
 * 1. Dev (bench/answers.ts, fusion, 705 cases without members4), hit@5 per-document / library:
 * all chunks as ranked 91.8 / 90.7, at most 1 per page 92.8 / 91.5 (93.0 / 91.7 with the Spanish
 * context weighting of rag/query/analyze.ts; at most 2 then 92.2 / 91.0); answer facts and refusals
 * unchanged. Fresh sets (members2, members3, asks-lay) 86.0 / 85.0 → 87.9 / 86.0.
 */
export const DEFAULT_MAX_CHUNKS_PER_PAGE = 1;

/**
 * The best `k` chunks of `ranked` with at most `perPage` from any one page ahead of the rest; the
 * chunks held back follow in rank order when fewer than `k` pass. Order is otherwise kept.
 * @param ranked chunks, best first
 * @param k how many to keep (≥ 0)
 * @param perPage most chunks of one page before another page's (≥ 1; Infinity keeps the ranking)
 */
export function pageDiverseTop(ranked: readonly RetrievedChunk[], k: number, perPage: number = DEFAULT_MAX_CHUNKS_PER_PAGE): RetrievedChunk[] {
  if (!(perPage >= 1)) throw new RangeError(`perPage: expected a number ≥ 1, got ${perPage}`);
  const seen = new Map<string, number>();
  const kept: RetrievedChunk[] = [];
  const held: RetrievedChunk[] = [];
  for (const c of ranked) {
    if (kept.length >= k) break;
    const key = `${c.documentId}\u0000${c.pageStart}`;
    const n = seen.get(key) ?? 0;
    if (n < perPage) {
      kept.push(c);
      seen.set(key, n + 1);
    } else held.push(c);
  }
  return [...kept, ...held].slice(0, k);
}

/**
 * The listed chunks a reply shows after its citations (actors/agent `toSources`): those neither
 * cited (same chunk) nor on a cited page (same document and page), in order. A cited page is
 * named already; its uncited passages would take a source's place without naming another page.
 * Dev (bench/answers.ts, 705 cases) hit@5 per-document / library: chunk dedup only 93.0 / 91.7,
 * also by cited page 93.1 / 91.7 (fresh sets members2/members3/asks-lay 87.9 → 88.8 per-document).
 */
export function chunksAfterCitations<C extends Pick<RetrievedChunk, "documentId" | "ordinal" | "pageStart">>(
  citations: readonly Pick<Citation, "documentId" | "chunkOrdinal" | "page">[],
  chunks: readonly C[],
): C[] {
  const chunkKeys = new Set(citations.map((c) => `${c.documentId}\u0000${c.chunkOrdinal}`));
  const pageKeys = new Set(citations.map((c) => `${c.documentId}\u0000${c.page}`));
  return chunks.filter((c) => !chunkKeys.has(`${c.documentId}\u0000${c.ordinal}`) && !pageKeys.has(`${c.documentId}\u0000${c.pageStart}`));
}
