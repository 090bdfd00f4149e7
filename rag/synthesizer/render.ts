/**
 * Rendering picked sentences as a short answer with `[n]` citations.
 */
import type { Citation, SynthesizedAnswer } from "../types.ts";
import { pageAtOffset } from "./pages.ts";
import { sentenceFeatures } from "./scoring.ts";
import type { Cand } from "./select.ts";

/**
 * Joins sentences; consecutive sentences of the same chunk page share one marker placed after the last.
 * @param sentences picked sentences in reading order
 * @param maxChars sentences longer than this are trimmed around the matched terms
 * @param weights query-term weights (for trimming)
 */
export function renderAnswer(sentences: readonly Cand[], maxChars: number, weights: ReadonlyMap<string, number>, provider: string): SynthesizedAnswer {
  const citations: Citation[] = [];
  const parts: string[] = [];
  let pendingIndex = 0;
  sentences.forEach((c, i) => {
    const page = pageAtOffset(c.chunk, c.start);
    let cit = citations.find((x) => x.documentId === c.chunk.documentId && x.page === page && x.chunkOrdinal === c.chunk.ordinal);
    if (!cit) {
      cit = { index: citations.length + 1, documentId: c.chunk.documentId, filename: c.chunk.filename, page, chunkOrdinal: c.chunk.ordinal, score: c.chunk.score, text: c.text };
      citations.push(cit);
    } else if (!cit.text.includes(c.text)) {
      citations[cit.index - 1] = cit = { ...cit, text: `${cit.text} ${c.text}` };
    }
    const next = sentences[i + 1];
    const sameNext = next && next.chunk.documentId === c.chunk.documentId && next.rank === c.rank && next.idx === c.idx + 1 && pageAtOffset(next.chunk, next.start) === page && next.chunk.ordinal === c.chunk.ordinal;
    pendingIndex = cit.index;
    parts.push(`${trimSentence(c.text, maxChars, weights)}${sameNext ? "" : ` [${pendingIndex}]`}`);
  });
  return { text: parts.join(" "), found: true, citations, provider };
}

/** Trims a long sentence to the window of `maxChars` holding the most query terms and values. */
export function trimSentence(text: string, maxChars: number, weights: ReadonlyMap<string, number>): string {
  if (text.length <= maxChars) return text;
  const words = text.split(" ");
  const value = words.map((w) => {
    let v = 0;
    for (const t of sentenceFeatures(w).terms) v += weights.get(t) ?? 0;
    return v + (/[$%\d]/.test(w) ? 0.5 : 0);
  });
  let best = -1;
  let bestStart = 0;
  for (let s = 0; s < words.length; s++) {
    let len = 0;
    let v = 0;
    for (let e = s; e < words.length && len + (words[e] as string).length + 1 <= maxChars; e++) {
      len += (words[e] as string).length + 1;
      v += value[e] as number;
    }
    if (v > best) [best, bestStart] = [v, s];
  }
  let out = "";
  let e = bestStart;
  while (e < words.length && out.length + (words[e] as string).length + 1 <= maxChars) out += `${out ? " " : ""}${words[e++]}`;
  return `${bestStart > 0 ? "… " : ""}${out}${e < words.length ? " …" : ""}`;
}
