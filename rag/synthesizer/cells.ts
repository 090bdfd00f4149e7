/**
 * Table text read as prose. A benefit grid's page, extracted as running text, gives "sentences"
 * that are runs of cells ("Emergency room services $100 copayment/visit After deductible Urgent
 * care $30 copayment/visit …", "— none —" for empty cells). When the answer already quotes a record
 * of that document (the table's own row, rendered as a sentence), such a run is not quoted beside
 * it; the row it holds that the question names is rendered from its record instead.
 */
import type { RecordCells, RetrievedChunk } from "../types.ts";
import { pageAtOffset } from "./pages.ts";
import { coverage, sentenceFeatures, type SentenceFeatures } from "./scoring.ts";
import type { Cand } from "./select.ts";

/** An amount or percentage as printed ("$1,500", "40%"). */
export const VALUE_TOKEN_RE = /\$\s?\d[\d,]*(?:\.\d+)?|\d+(?:\.\d+)?\s?%/g;

/**
 * An empty-cell marker as PDF text gives it: "— none —", "—none—", "––– None –––", or one cut at
 * a sentence boundary ("none—"). A dash must touch the word, so prose "none of" is not one.
 */
export const NONE_MARKER_RE = /(?:[—–]+|-{2,})\s*none\b\s*(?:[—–]+|-{2,})?|\bnone\s*(?:[—–]+|-{2,})/gi;

/** A passage is a run of cells when its amounts and cell breaks are at least this share of its words. */
export const CELL_RUN_MIN_DENSITY = 0.15;

/** A passage whose amounts are at least this share among the cells of records of its page echoes the table. */
export const RECORD_CELL_MIN_SHARE = 0.5;

/** Runs of empty-cell markers with the spaces before them, and a full stop after (see {@link stripCellMarkers}). */
const MARKER_RUN_RE = new RegExp(`(?:\\s*(?:${NONE_MARKER_RE.source}))+(\\s*\\.)?`, "gi");
/** One empty-cell marker anywhere (see {@link isCellRun}). */
const ANY_MARKER_RE = new RegExp(NONE_MARKER_RE.source, "i");

/**
 * Removes empty-cell markers (see {@link NONE_MARKER_RE}) and the spaces they leave.
 * @param text a sentence or a cell
 * @returns the text without markers, spaces collapsed, trimmed
 */
export function stripCellMarkers(text: string): string {
  // a marker with the spaces before it goes; a full stop after it goes too when one precedes it
  const out = text.replace(MARKER_RUN_RE, (_m, stop: string | undefined, at: number) => (stop && !/[.!?;:]$/.test(text.slice(0, at).trimEnd()) ? "." : " "));
  return out.replace(/\s+/g, " ").trim();
}

/**
 * Whether a passage reads as a run of table cells rather than a sentence: it holds an empty-cell
 * marker, or at least two amounts and two cell breaks (a capitalised word straight after a word
 * that ends no phrase, as when one cell's text runs into the next) that together make at least
 * {@link CELL_RUN_MIN_DENSITY} of its words.
 * @param text the passage
 */
export function isCellRun(text: string): boolean {
  if (ANY_MARKER_RE.test(text)) return true;
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const values = (text.match(VALUE_TOKEN_RE) ?? []).length;
  let breaks = 0;
  for (let i = 1; i < words.length; i++) {
    const prev = words[i - 1] as string;
    const w = words[i] as string;
    // a capitalised word after a lower-case word or a value, with no punctuation between
    if (/^[A-Z][a-z]/.test(w) && !/[.:;!?,)\]]$/.test(prev) && /(?:[a-z]|\d|%|\/\w*)$/.test(prev) && !/^[A-Z]/.test(prev)) breaks++;
  }
  return values >= 2 && breaks >= 2 && (values + breaks) / Math.max(1, words.length) >= CELL_RUN_MIN_DENSITY;
}

/** Lower case, spaces collapsed. */
const norm = (t: string): string => t.toLowerCase().replace(/\s+/g, " ").trim();

/** The amounts of a record's cells. */
function recordValues(c: RetrievedChunk): string[] {
  const r = c.record;
  if (!r) return [];
  return `${r.network ?? ""} ${r.outOfNetwork ?? ""} ${r.limitations ?? ""}`.match(VALUE_TOKEN_RE) ?? [];
}

/**
 * Drops quoted table text of a document whose record the answer already quotes: a passage that is
 * a run of cells ({@link isCellRun}), one whose two or more amounts are mostly
 * ({@link RECORD_CELL_MIN_SHARE}) cells of records of its page, one holding a row of its page as
 * printed (a record's label and both cost cells), or one whose words all occur in
 * the quoted records. When such a passage holds a row the question names that no quoted record
 * covers (its label adds at least `minGain` of the question's weight beyond the quoted records'
 * words), that row's record, if retrieved, is quoted in its place; with no such record the
 * passage stays only when it adds at least `minGain` of the question's weight itself.
 * @param picked the picked sentences (changed in place)
 * @param ranked all retrieved units (records among them supply the page's cells)
 * @param weights query-term weights
 * @param minGain least new question coverage for a replacing record (0..1)
 * @param features a text's features (default {@link sentenceFeatures}; the synthesizer passes a memoised one)
 */
export function dropTableProse(
  picked: Set<Cand>,
  ranked: readonly RetrievedChunk[],
  weights: ReadonlyMap<string, number>,
  minGain: number,
  features: (text: string) => SentenceFeatures = sentenceFeatures,
): void {
  const recordDocs = new Set<string>();
  const quoted = new Set<RetrievedChunk>();
  for (const c of picked) if (c.chunk.record) (recordDocs.add(c.chunk.documentId), quoted.add(c.chunk));
  if (recordDocs.size === 0) return;
  const pageRecords = (doc: string, page: number) => ranked.filter((r) => r.record && r.documentId === doc && r.pageStart <= page && page <= r.pageEnd);
  // terms of the quoted records (label and cells): what the answer already says
  const covered = new Set<string>();
  for (const c of quoted) for (const t of features(c.text).terms) covered.add(t);
  for (const c of [...picked]) {
    if (c.chunk.record || !recordDocs.has(c.chunk.documentId)) continue;
    const page = pageAtOffset(c.chunk, c.start);
    const recs = pageRecords(c.chunk.documentId, page);
    const own: string[] = c.text.match(VALUE_TOKEN_RE) ?? [];
    const cells = new Set(recs.flatMap(recordValues));
    const flat = norm(c.text);
    const holdsRow = (r: RetrievedChunk) => {
      const { label, network, outOfNetwork } = r.record as RecordCells;
      const cells = [label, network, outOfNetwork].filter((x): x is string => x !== null && norm(x) !== "");
      return cells.length >= 3 && cells.every((x) => flat.includes(norm(x)));
    };
    // two or more of its amounts mostly cells of the page's records, or a row of the page as printed (label and both cost cells)
    const echoes = (own.length >= 2 && own.filter((v) => cells.has(v)).length >= RECORD_CELL_MIN_SHARE * own.length) || recs.some(holdsRow);
    const repeats = [...c.f.terms].every((t) => covered.has(t));
    if (!echoes && !repeats && !isCellRun(c.text)) continue;
    // the row of this run that the question names, rendered from its record
    let best: { r: RetrievedChunk; gain: number } | undefined;
    for (const r of recs) {
      if (quoted.has(r)) continue;
      const label = norm((r.record as { label: string }).label);
      if (!(label.length > 0 && flat.includes(label)) && !recordValues(r).some((v) => own.includes(v))) continue;
      const gain = coverage(features((r.record as { label: string }).label).terms, weights, covered);
      if (gain >= minGain && (!best || gain > best.gain)) best = { r, gain };
    }
    // no record to render it from: the run stays when it names what no quoted record covers
    if (!best && coverage(c.f.terms, weights, covered) >= minGain) continue;
    picked.delete(c);
    if (best) {
      const text = best.r.text.replace(/\s+/g, " ").trim();
      picked.add({ chunk: best.r, rank: c.rank, idx: c.idx, text, start: 0, f: features(text), isQuestion: false });
      quoted.add(best.r);
      for (const t of features(text).terms) covered.add(t);
    }
  }
}
