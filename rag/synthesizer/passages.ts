/**
 * Stitching retrieved chunks back into passages. Chunks are overlapping windows of sentences
 * (`sentence_5`: 5 sentences, stride 4), so an answer's value and its label can sit in two
 * neighbouring chunks. For each top chunk, its neighbours (ordinal ± 1) that are among the
 * retrieved candidates are joined to it, the overlapping sentence kept once, giving one sentence
 * sequence per contiguous run in which answer windows may cross chunk boundaries.
 */
import type { RetrievedChunk } from "../types.ts";
import type { FurnitureFilter } from "./furniture.ts";
import { sentenceFeatures, type SentenceFeatures } from "./scoring.ts";
import type { Cand } from "./select.ts";
import { type SentenceSpan, type SentenceSplitter, sentenceSpans } from "./sentences.ts";

/** A chunk text's sentences and the features of each (same order). */
export interface AnalyzedText {
  readonly spans: readonly SentenceSpan[];
  readonly features: readonly SentenceFeatures[];
  /** The text with each whitespace run as one space. */
  readonly flat: string;
}

/**
 * Splits a text into sentence spans and tokenises each one.
 * @param split the sentence splitter
 */
export function analyzeText(text: string, split: SentenceSplitter): AnalyzedText {
  const spans = sentenceSpans(text, split);
  return { spans, features: spans.map((s) => sentenceFeatures(s.text)), flat: text.replace(/\s+/g, " ") };
}

/**
 * Sentence candidates from the top chunks and their retrieved neighbours, in reading order.
 * `rank` is the run's order (by its best chunk), `idx` the position in the run's sequence.
 * @param ranked all candidates, best first
 * @param topCount how many of the best chunks anchor passages
 * @param split the sentence splitter
 * @param furniture removes page furniture from each sentence (a sentence left empty is skipped); omit to keep sentences whole
 * @param analyze a chunk text's sentences and features (default {@link analyzeText} with `split`;
 *   the synthesizer passes a memoised one)
 * @param features a sentence's features where furniture changed it, or of a record's line
 *   (default {@link sentenceFeatures}; the synthesizer passes a memoised one)
 *
 * A structure record's unit (`chunk.record`) is one candidate of its own, never split: its line
 * is scored whole and rendered from its cells (records.ts).
 */
export function stitchPassages(
  ranked: readonly RetrievedChunk[],
  topCount: number,
  split: SentenceSplitter,
  furniture?: FurnitureFilter,
  analyze: (text: string) => AnalyzedText = (t) => analyzeText(t, split),
  features: (text: string) => SentenceFeatures = sentenceFeatures,
): Cand[] {
  // document → ordinal → its first chunk among `ranked`
  const byDoc = new Map<string, Map<number, RetrievedChunk>>();
  for (const c of ranked) {
    let ords = byDoc.get(c.documentId);
    if (!ords) byDoc.set(c.documentId, (ords = new Map()));
    if (!ords.has(c.ordinal)) ords.set(c.ordinal, c);
  }
  const at = (doc: string, ordinal: number | undefined): RetrievedChunk | undefined => (ordinal === undefined ? undefined : byDoc.get(doc)?.get(ordinal));
  // chunk → run id; runs are sets of consecutive ordinals of one document
  const runs: { doc: string; ordinals: Set<number> }[] = [];
  for (const top of ranked.slice(0, topCount)) {
    const ords = [top.ordinal - 1, top.ordinal, top.ordinal + 1].filter((o) => at(top.documentId, o) !== undefined);
    const run = runs.find((r) => r.doc === top.documentId && ords.some((o) => r.ordinals.has(o) || r.ordinals.has(o - 1) || r.ordinals.has(o + 1)));
    if (run) for (const o of ords) run.ordinals.add(o);
    else runs.push({ doc: top.documentId, ordinals: new Set(ords) });
  }
  const out: Cand[] = [];
  runs.forEach((run, rank) => {
    let idx = 0;
    const only = run.ordinals.size === 1 ? at(run.doc, [...run.ordinals][0]) : undefined;
    if (only?.record) {
      const text = only.text.replace(/\s+/g, " ").trim();
      out.push({ chunk: only, rank, idx: 0, text, start: 0, f: recordFeatures(text, only.record.section, features), isQuestion: false });
      return;
    }
    let flatPrev = "";
    for (const ord of [...run.ordinals].sort((a, b) => a - b)) {
      const chunk = at(run.doc, ord) as RetrievedChunk;
      const analyzed = analyze(chunk.text);
      for (const [k, s] of analyzed.spans.entries()) {
        // the chunks overlap by a sentence or two: keep the copy from the earlier chunk
        if (k < 2 && flatPrev.includes(s.text)) continue;
        const text = furniture ? furniture.clean(chunk.documentId, s.text) : s.text;
        if (!text) continue;
        const f = text === s.text ? (analyzed.features[k] as SentenceFeatures) : features(text);
        out.push({ chunk, rank, idx: idx++, text, start: s.start, f, isQuestion: isHeadingQuestion(text) });
      }
      flatPrev = analyzed.flat;
    }
  });
  return out;
}

/** A sentence that asks rather than tells ("Do I need a referral?"); one holding a figure still informs. */
export function isHeadingQuestion(text: string): boolean {
  return text.trimEnd().endsWith("?") && !/\d/.test(text);
}

/**
 * A record's features: its line's, with the terms of its section added. An SBC grid row is read
 * under its "Common Medical Event" ("If your child needs dental or eye care", "If you have a test"),
 * an EOC chart row under its benefit heading: the section says whose or which service the row is
 * about, though the row's own cells do not repeat it. Only the terms grow; the tokens (label–value
 * adjacency) and word count stay the line's.
 * @param text the record's line
 * @param section its section, or null
 * @param features a text's features (default {@link sentenceFeatures}; the synthesizer passes a memoised one)
 */
export function recordFeatures(
  text: string,
  section: string | null,
  features: (text: string) => SentenceFeatures = sentenceFeatures,
): SentenceFeatures {
  const f = features(text);
  if (!section?.trim()) return f;
  const terms = new Set(f.terms);
  for (const t of features(section).terms) terms.add(t);
  return { ...f, terms };
}
