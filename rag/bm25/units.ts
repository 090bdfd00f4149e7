/**
 * A user's chunks as BM25 units, with fields: the body, heading-like lines of the chunk, and the
 * document's title (its file name). The title field is light document routing: a question naming
 * a plan ("my Kaiser plan") matches every unit of the document whose name holds those words, and
 * such words are rare across a member's documents, so they weigh (idf) where they tell documents
 * apart and little where every document shares them.
 */
import type { RetrievedChunk } from "../types.ts";
import { createBaselineTokenizer } from "../text/baseline.ts";
import { type Bm25Index, createBm25Index } from "./bm25.ts";

/** A stored chunk without a similarity: what the unit index is built from. */
export type StoredUnit = Omit<RetrievedChunk, "score" | "similarity">;

/** Field weights of the unit index (BM25F). Body is 1. */
export interface FieldWeights {
  /** Heading-like lines of the chunk (see {@link headingLines}). */
  readonly heading: number;
  /** The document's file name, split into words. */
  readonly title: number;
}

/** Default field weights, chosen on the development set (bench/answers.ts --sweep-fields). */
export const DEFAULT_FIELD_WEIGHTS: FieldWeights = { heading: 1, title: 1 };

/** A heading-like line has at most this many words. */
export const HEADING_MAX_WORDS = 10;

/**
 * Heading-like lines of a chunk: short lines (≤ {@link HEADING_MAX_WORDS} words) that do not end
 * a sentence and hold a letter: section titles, benefit chart row labels ("Ambulance services"),
 * defined terms ("Deductible:"), table question cells.
 */
export function headingLines(text: string): string[] {
  return text
    .split(/\n+|\f/)
    .map((l) => l.trim())
    .filter((l) => /\p{L}{3}/u.test(l) && !/[.;,]$/.test(l) && l.split(/\s+/).length <= HEADING_MAX_WORDS);
}

/**
 * Words of a file name: separators and camelCase split ("SBC_BlueShield.pdf" → "SBC Blue Shield BlueShield").
 * @param filename a document's file name
 */
export function titleText(filename: string): string {
  const base = filename.replace(/\.[a-z0-9]{2,4}$/i, "");
  const spaced = base.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/([A-Za-z])(\d)/g, "$1 $2").replace(/[_\-.]+/g, " ");
  return `${spaced} ${base.replace(/[_\-.]+/g, " ")}`;
}

/** The unit indexes of one user's chunks. */
export interface UnitIndex {
  readonly units: readonly StoredUnit[];
  /** Textbook BM25 over chunk bodies (baseline tokeniser): the `bm25` retrieval mode. */
  readonly baseline: Bm25Index;
  readonly baselineTerms: (text: string) => string[];
  /** BM25F over body, headings and title with the retrieval tokeniser. */
  readonly fielded: Bm25Index;
}

/**
 * Builds both indexes over `units`.
 * @param terms the retrieval tokeniser (the question analyzer's)
 * @param weights field weights, default {@link DEFAULT_FIELD_WEIGHTS}
 */
export function buildUnitIndex(units: readonly StoredUnit[], terms: (text: string) => string[], weights: FieldWeights = DEFAULT_FIELD_WEIGHTS): UnitIndex {
  const baselineTerms = createBaselineTokenizer();
  const titles = new Map<string, string[]>();
  const titleOf = (f: string) => titles.get(f) ?? (titles.set(f, terms(titleText(f))).get(f) as string[]);
  return {
    units,
    baselineTerms,
    baseline: createBm25Index(units.map((u) => [{ terms: baselineTerms(u.text), weight: 1 }])),
    fielded: createBm25Index(
      units.map((u) => [
        { terms: terms(u.text), weight: 1 },
        { terms: terms(headingLines(u.text).join("\n")), weight: weights.heading },
        { terms: titleOf(u.filename), weight: weights.title },
      ]),
    ),
  };
}
