/**
 * A user's chunks as BM25 units, with fields: the body and the document's title (its file name).
 * (A heading field was measured and dropped: sentence_5 chunks keep no line structure, so
 * heading-like lines could not be told apart; weights 0, 1 and 2 scored the same on dev. A record's
 * section, the SBC template's "Common Medical Event" over its rows, as a field: weights 0.5, 1, 2 cost
 * 0.2 to 0.7 facts per document on dev.) The title field is light document routing: a question naming
 * a plan ("my Kaiser plan") matches every unit of the document whose name holds those words, and
 * such words are rare across a member's documents, so they weigh (idf) where they tell documents
 * apart and little where every document shares them.
 */
import { type StoredUnit, titleText } from "./unit.ts";
import { createBaselineTokenizer } from "../text/baseline.ts";
import { type Bm25Index, type Bm25Options, createBm25Index } from "./bm25.ts";
import { createDocumentRouter, type DocumentRouter } from "./routing.ts";

export { recordUnitOrdinal, type StoredUnit, titleText } from "./unit.ts";


/** Field weights of the unit index (BM25F). Body is 1. */
export interface FieldWeights {
  /** The document's file name, split into words (and a record's plan name). */
  readonly title: number;
  /** A record unit's label (its question, service or defined term); chunks have none. */
  readonly label: number;
}

/**
 * Default field weights, chosen on the development set (bench/answers.ts --sweep, no refusal,
 * hit@5/facts per-document · library): label 0 81.3/50.5 · 72.2/45.8; 1 82.1/51.6 · 71.4/46.2;
 * 3 82.4/53.5 · 71.8/46.9; 6 82.1/53.5 · 70.7/46.9.
 */
export const DEFAULT_FIELD_WEIGHTS: FieldWeights = { title: 3, label: 3 };


/**
 * BM25 k1 of the fielded index (the textbook baseline keeps 1.2). Chosen on the development set
 * (bench/answers.ts --sweep, no refusal, hit@5/facts per-document · library, with plan-name words
 * left out only when in the document's name): k1 1.2 88.0/71.1 · 84.8/68.8; 1.4 88.3/71.7 ·
 * 85.1/69.1; 1.6 88.3/71.7 · 85.4/69.1; 1.8 88.0/71.4 · 85.1/68.5; 2.0 87.8/70.8 · 84.8/68.5.
 * A larger k1 lets a unit that repeats a question term (a table row label and its value) gain more
 * before saturating; Robertson & Zaragoza (2009) give 1.2–2.0 as the usual range.
 */
export const DEFAULT_FIELDED_K1 = 1.6;

/** The unit indexes of one user's chunks. */
export interface UnitIndex {
  readonly units: readonly StoredUnit[];
  /** Textbook BM25 over chunk bodies (baseline tokeniser): the `bm25` retrieval mode. */
  readonly baseline: Bm25Index;
  readonly baselineTerms: (text: string) => string[];
  /** BM25F over body and title with the retrieval tokeniser. */
  readonly fielded: Bm25Index;
  /** Routes questions that name a plan to its documents. */
  readonly router: DocumentRouter;
  /** A unit's body terms (retrieval tokeniser, with repeats, in text order): pseudo-relevance feedback reads them (./feedback.ts). */
  readonly bodyTerms: (unit: number) => readonly string[];
  /**
   * The index of one document's units alone (its own idf, average lengths and router), built on
   * first use and kept with this index: a question naming one plan beyond doubt is then ranked
   * exactly as when the member owns that document only (per-document statistics, not the whole
   * library's, where a word rare in the plan may be common across look-alike plans or the reverse).
   * Several documents (a plan's SBC and EOC, a chat turn scoped to a plan) give the index of those
   * documents together, as when the member owns just them. The same object as this index when it
   * would hold all of this index's documents.
   * @param documentIds one of the index's documents, or several (order and repeats do not matter)
   * @throws RangeError for a document the index does not hold, or an empty list
   */
  documentIndex(documentIds: string | readonly string[]): UnitIndex;
  /**
   * Units this index holds in memory: its own plus those of the sub-indexes {@link documentIndex}
   * has built and still keeps (rag/retriever/unit-cache.ts budgets users' indexes by it).
   */
  heldUnits(): number;
}

/**
 * Most sub-indexes ({@link UnitIndex.documentIndex}) one index keeps; the least recently used goes
 * first. A member's turns ask for one per named plan and per plan group, so 32 covers a library of
 * 17 documents (the corpus) with every document and plan group in use; the cap only bounds a
 * library far larger than any member's, where sub-index memory would otherwise grow with the number
 * of distinct document sets asked about.
 */
export const DEFAULT_SUB_INDEXES_PER_INDEX = 32;

/**
 * Builds both indexes over `units`.
 * @param terms the retrieval tokeniser (the question analyzer's)
 * @param weights field weights, default {@link DEFAULT_FIELD_WEIGHTS}
 * @param bm25 k1 and b of the fielded index (the baseline keeps the textbook defaults); default k1
 *   {@link DEFAULT_FIELDED_K1}, b rag/bm25's default
 */
export function buildUnitIndex(units: readonly StoredUnit[], terms: (text: string) => string[], weights: FieldWeights = DEFAULT_FIELD_WEIGHTS, bm25: Bm25Options = { k1: DEFAULT_FIELDED_K1 }): UnitIndex {
  const titles = new Map<string, string[]>();
  const titleOf = (f: string) => titles.get(f) ?? (titles.set(f, terms(titleText(f))).get(f) as string[]);
  const bodies = units.map((u) => terms(u.text));
  // The baseline index is built only when the `bm25` mode first asks for it.
  let baseline: { index: Bm25Index; terms: (text: string) => string[] } | undefined;
  const baselineOf = () => {
    if (!baseline) {
      const tokenizer = createBaselineTokenizer();
      // Chunks only: the textbook baseline knows nothing of structure records.
      const chunkAt = units.flatMap((u, i) => (u.label === undefined ? [i] : []));
      const inner = createBm25Index(chunkAt.map((i) => [{ terms: tokenizer((units[i] as StoredUnit).text), weight: 1 }]));
      baseline = { index: chunkAt.length === units.length ? inner : remapped(inner, chunkAt, units.length), terms: tokenizer };
    }
    return baseline;
  };
  const router = createDocumentRouter(units, terms, bodies);
  const perDocument = new Map<string, UnitIndex>();
  const self: UnitIndex = {
    units,
    router,
    documentIndex(documentIds) {
      const ids = [...new Set(typeof documentIds === "string" ? [documentIds] : documentIds)].sort();
      if (ids.length === 0) throw new RangeError("documentIndex needs at least one document");
      for (const id of ids) if (!router.documents.includes(id)) throw new RangeError(`no units of document ${id} in this index`);
      if (ids.length === router.documents.length) return self;
      const key = ids.join("\u0000");
      let sub = perDocument.get(key);
      if (sub) perDocument.delete(key);
      else {
        const kept = new Set(ids);
        sub = buildUnitIndex(units.filter((u) => kept.has(u.documentId)), terms, weights, bm25);
      }
      // Re-inserted last: the map's order is least recently used first.
      perDocument.set(key, sub);
      while (perDocument.size > DEFAULT_SUB_INDEXES_PER_INDEX) perDocument.delete(perDocument.keys().next().value as string);
      return sub;
    },
    heldUnits() {
      let n = units.length;
      for (const sub of perDocument.values()) n += sub.heldUnits();
      return n;
    },
    bodyTerms: (u) => bodies[u] ?? [],
    get baseline() {
      return baselineOf().index;
    },
    get baselineTerms() {
      return baselineOf().terms;
    },
    fielded: createBm25Index(
      units.map((u, i) => [
        { terms: bodies[i] as string[], weight: 1 },
        { terms: u.plan ? [...titleOf(u.filename), ...terms(u.plan)] : titleOf(u.filename), weight: weights.title, context: true },
        ...(u.label ? [{ terms: terms(u.label), weight: weights.label }] : []),
      ]),
      bm25,
    ),
  };
  return self;
}

/** An index over a subset of the units (`at[i]`: the unit position of the subset's i-th), addressed by unit position. */
function remapped(inner: Bm25Index, at: readonly number[], size: number): Bm25Index {
  const back = new Map(at.map((u, i) => [u, i]));
  return {
    size,
    df: inner.df,
    idf: inner.idf,
    has: inner.has,
    terms: inner.terms,
    search: (query, limit, filter, options) => inner.search(query, limit, filter && ((i) => filter(at[i] as number)), options).map(([i, s]) => [at[i] as number, s]),
    score: (query, unit) => {
      const i = back.get(unit);
      return i === undefined ? 0 : inner.score(query, i);
    },
  };
}
