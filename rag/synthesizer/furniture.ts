/**
 * Page furniture in quoted prose: running headers and footers (the plan name and coverage period
 * on every SBC page, "Chapter 4 Medical Benefits Chart …" on every EOC page), blank form fields
 * ("Coverage Period: ______ – ______"), page counters and form codes. Running text is found by
 * frequency per document: a run of words that recurs on most of the document's pages seen among
 * the candidates is not an answer to anything. No word lists.
 */
import type { RetrievedChunk } from "../types.ts";
import { endsWithListLabel } from "./list-leads.ts";
import { createRunIds, type RunIds } from "./run-ids.ts";

/** Words in a recurring run (a shorter run recurs by chance in ordinary prose). */
export const FURNITURE_NGRAM_WORDS = 6;
/** A run is furniture when it occurs on at least this share of a document's pages seen… */
export const FURNITURE_MIN_PAGE_SHARE = 0.5;
/** …and on at least this many distinct pages. */
export const FURNITURE_MIN_PAGES = 3;
/**
 * A sentence with fewer words than this is dropped: a leftover of a header or form line once
 * furniture is removed, or a bare heading ("Exclusions"). One with nothing removed that ends with
 * a list label is kept: an item of an enumerated list cut at the next item's label ("Hernia d."
 * in an IRDAI waiting-period list), whose list heading list-leads.ts quotes with it. Dev harness
 * (ALL less members8, fusion, facts per document / library): every short sentence with nothing
 * removed kept: 737 / 727 → 735 / 725 (a bare "Exclusion" heading before a list moves the window
 * quoted); only list items: 737 / 727 → 738 / 728 with list-leads.ts, 3 answers changed.
 */
export const MIN_WORDS_AFTER_FURNITURE = 3;

/** A blank form field with its caption ("Coverage Period: ____ – ____"), or a bare blank. */
const FORM_FIELD_RE = /(?:\b[A-Z][A-Za-z]*(?:\s+[A-Za-z]+){0,2}:\s*)?_{3,}(?:\s*[–—-]\s*_{3,})*/g;
/** "Page 3 of 8", "Page 12". */
const PAGE_COUNTER_RE = /\bPage\s+\d+(?:\s+of\s+\d+)?\b/gi;
/** A form code: letter–digit groups joined by "/" or "_" ("9LR/AQ7/MD/C0/7C/D0"). */
const FORM_CODE_RE = /\b(?=[A-Z0-9_/]*\d)(?=[A-Z0-9_/]*[A-Z])[A-Z0-9]+(?:[_/][A-Z0-9]+){3,}\b/g;
/** A word of three letters or more: a short sentence without one is a bare list marker or counter ("2.", "b.", "iii."), not an item. */
const CONTENT_WORD_RE = /\p{L}{3,}/u;
/** Amounts and percentages: a recurring run holding one is table content, not furniture. */
const VALUE_RE = /[$%₹]|\bINR\b|\bRs\.?/;

/** Removes furniture from sentences of retrieved chunks. */
export interface FurnitureFilter {
  /**
   * The sentence without furniture, whitespace collapsed; "" when too little is left (see
   * {@link MIN_WORDS_AFTER_FURNITURE}: a short list item with no furniture is kept).
   * @param documentId the sentence's document
   * @param text the sentence
   */
  clean(documentId: string, text: string): string;
}

const words = (text: string): string[] => text.split(/\s+/).filter((w) => w.length > 0);

/**
 * The distinct runs of {@link FURNITURE_NGRAM_WORDS} words of a text, lower-cased, words joined by
 * one space (the keys {@link createFurnitureFilter} counts pages of). A pure function of the text:
 * callers may memoise it per chunk text (the extractive synthesizer does).
 */
export function furnitureRuns(text: string): readonly string[] {
  return [...new Set(windowKeys(words(text)))];
}

/**
 * The run key of each window of {@link FURNITURE_NGRAM_WORDS} words, in word order: its words
 * joined by one space, lower-cased. One lower-casing of the whole text, each key a substring of it: lower-casing
 * never adds or removes a space, and its only context rule (final sigma) stops at a space.
 */
function windowKeys(ws: readonly string[]): string[] {
  if (ws.length < FURNITURE_NGRAM_WORDS) return [];
  const lower = ws.join(" ").toLowerCase();
  const starts: number[] = [0];
  for (let i = lower.indexOf(" "); i >= 0; i = lower.indexOf(" ", i + 1)) starts.push(i + 1);
  const out: string[] = [];
  for (let i = 0; i + FURNITURE_NGRAM_WORDS <= starts.length; i++) {
    const end = i + FURNITURE_NGRAM_WORDS < starts.length ? starts[i + FURNITURE_NGRAM_WORDS]! - 1 : lower.length;
    out.push(lower.slice(starts[i], end));
  }
  return out;
}

/**
 * A sentence as {@link FurnitureFilter.clean} reads it, before any document's runs are dropped: a
 * pure function of the sentence (callers may memoise it per sentence; the synthesizer does).
 */
export interface PreparedSentence {
  /** The sentence with form fields, page counters and form codes blanked. */
  readonly blanked: string;
  /** The run key of each window of its words, in word order (see {@link furnitureRuns}). */
  readonly keys: readonly string[];
  /** What `clean` returns when no run of the sentence is dropped and its document has no runs. */
  readonly plain: string;
  /** What `clean` returns when no run of the sentence is dropped and its document has runs. */
  readonly joined: string;
}

/** Prepares a sentence for {@link FurnitureFilter.clean} (see {@link PreparedSentence}). */
export function prepareSentence(text: string): PreparedSentence {
  const blanked = text.replace(FORM_FIELD_RE, " ").replace(PAGE_COUNTER_RE, " ").replace(FORM_CODE_RE, " ");
  const ws = words(blanked);
  const removed = blanked !== text;
  return { blanked, keys: windowKeys(ws), plain: finish(blanked, removed), joined: finish(ws.join(" "), removed) };
}

/**
 * Whitespace collapsed, edge separators trimmed; "" when fewer than {@link MIN_WORDS_AFTER_FURNITURE}
 * words are left, unless nothing was removed and the text is a list item: a word of three letters
 * or more (not a bare marker "2.", "b.") and a list label at its end (see {@link endsWithListLabel}).
 * @param removed whether furniture was removed from the text
 */
function finish(text: string, removed: boolean): string {
  const t = text.replace(/\s+/g, " ").replace(/^[\s|:;,–—-]+|[\s|:;,–—-]+$/g, "").trim();
  if (words(t).length >= MIN_WORDS_AFTER_FURNITURE) return t;
  return removed || !CONTENT_WORD_RE.test(t) || !endsWithListLabel(t) ? "" : t;
}

/**
 * Learns each document's recurring runs from the candidates (chunks only: record units are cells).
 * @param chunks every retrieved candidate
 * @param runIds a chunk text's runs ({@link furnitureRuns}) as ids, with their counters (default: new
 *   ids for this call; the synthesizer passes ones it keeps, see ./run-ids.ts)
 * @param prepare a sentence prepared for `clean` (default {@link prepareSentence}; the synthesizer passes a memoised one)
 */
export function createFurnitureFilter(
  chunks: readonly RetrievedChunk[],
  runIds: RunIds = createRunIds(furnitureRuns, Math.max(1, chunks.length)),
  prepare: (text: string) => PreparedSentence = prepareSentence,
): FurnitureFilter {
  runIds.trim();
  const byDoc = new Map<string, RetrievedChunk[]>();
  for (const c of chunks) {
    if (c.record) continue;
    let list = byDoc.get(c.documentId);
    if (!list) byDoc.set(c.documentId, (list = []));
    list.push(c);
  }
  const furniture = new Map<string, Set<string>>();
  for (const [doc, list] of byDoc) {
    const seen = new Set(list.map((c) => c.pageStart)).size;
    const min = Math.max(FURNITURE_MIN_PAGES, Math.ceil(FURNITURE_MIN_PAGE_SHARE * seen));
    const set = new Set<string>();
    furniture.set(doc, set);
    if (seen < min) continue; // too few pages seen for any run to recur on `min` of them
    // Distinct pages per run, counted over the chunks in page order: a run's page count grows
    // when it is met on another page than the last one it was met on.
    list.sort((a, b) => a.pageStart - b.pageStart);
    const runLists = list.map((c) => runIds.of(c.text));
    const { pass, seen: met, last, count } = runIds.pass();
    const twice: number[] = []; // runs met on two pages or more, in the order they got there
    // A run first met past the first `seen - min + 1` pages is on `min - 1` pages at most: only runs met by then are counted.
    const openPages = seen - min + 1;
    let pageNo = 0;
    let prevPage: number | undefined;
    list.forEach((c, i) => {
      const page = c.pageStart;
      if (page !== prevPage) {
        pageNo++;
        prevPage = page;
      }
      const open = pageNo <= openPages;
      for (const id of runLists[i] as Int32Array) {
        if (met[id] !== pass) {
          if (open) {
            met[id] = pass;
            last[id] = page;
            count[id] = 1;
          }
        } else if (last[id] !== page) {
          last[id] = page;
          if (++(count[id] as number) === 2) twice.push(id);
        }
      }
    });
    for (const id of twice) {
      const k = runIds.key(id);
      if ((count[id] as number) >= min && !VALUE_RE.test(k)) set.add(k);
    }
  }
  return {
    clean(documentId, text) {
      const p = prepare(text);
      const runs = furniture.get(documentId);
      if (!runs || runs.size === 0) return p.plain;
      const { keys } = p;
      let first = 0;
      while (first < keys.length && !runs.has(keys[first]!)) first++;
      if (first === keys.length) return p.joined;
      const ws = words(p.blanked);
      const drop = new Array<boolean>(ws.length).fill(false);
      for (let i = first; i < keys.length; i++) if (runs.has(keys[i]!)) for (let j = i; j < i + FURNITURE_NGRAM_WORDS; j++) drop[j] = true;
      return finish(ws.filter((_, i) => !drop[i]).join(" "), true);
    },
  };
}
