/**
 * The retriever: embeds a question, gathers this user's candidate chunks from the vector side
 * (cosine similarity ≥ the threshold), the lexical side (PostgreSQL full-text search), or both
 * fused by reciprocal rank fusion, reranks them and keeps the top `topK`.
 *
 * Every candidate qualifies on its own side: a vector hit has similarity ≥ the threshold (the
 * threshold keeps exactly the meaning it has without fusion); a full-text hit contains at least
 * one of the question's words (with the glossary: or of the document terms its lay wording
 * stands for). Whether an answer is `found` is then the synthesizer's call over these candidates.
 */
import { type Bm25Options, DEFAULT_FIELDED_K1, type FieldWeights, type UnitIndex } from "../bm25/index.ts";
import { cognateIndex, cognateSkeleton, createQuestionAnalyzer, type QuestionAnalysis, type QuestionAnalyzer } from "../query/index.ts";
import { decideRefusal, DEFAULT_REFUSAL_MODEL, type RefusalDecision, type RefusalModel, refusalFeatures } from "../refusal/index.ts";
import { createSpellingCorrector, type SpellingCorrector } from "../text/index.ts";
import type { Embedder, RetrievedChunk } from "../types.ts";
import { DEFAULT_RRF_K, reciprocalRankFusion } from "./fusion.ts";
import { assertRetrievalMode, type RetrievalMode, DEFAULT_RETRIEVAL_MODE, usesText, usesVector, usesGlossary, usesUnits } from "./modes.ts";
import { createUnitCache, type UnitCache, type UnitSource } from "./unit-cache.ts";
import { createDocumentMasks } from "./document-mask.ts";
import { liftDefinition } from "./definitions.ts";

/** Chunks returned per question (seed documents' `TOP_K`). */
export const DEFAULT_TOP_K = 5;
/** Candidates fetched from each side before fusion and reranking. */
export const DEFAULT_CANDIDATES = 50;

/** A chunk as the store returns it (no rerank score yet). */
export type StoredHit = Omit<RetrievedChunk, "score">;

/** Vector search over one user's chunks; implemented by the database layer. */
export type ChunkSearch = (
  userId: string,
  query: Float32Array,
  options: { limit: number; minSimilarity: number; embeddingModel: string; documentIds?: readonly string[] },
) => Promise<StoredHit[]>;

/**
 * Full-text search over one user's chunks (any word of `text` matches), best text rank first;
 * each hit's `similarity` is its cosine similarity to `vector`. Implemented by the database layer.
 */
export type TextSearch = (
  userId: string,
  text: string,
  options: { limit: number; embeddingModel: string; vector: Float32Array; documentIds?: readonly string[] },
) => Promise<StoredHit[]>;

/** Reorders candidates for a question; must return a subset of them with `score` set. */
export type Reranker = (question: string, candidates: readonly RetrievedChunk[], analysis?: QuestionAnalysis) => RetrievedChunk[];

/** Options of {@link createRetriever}. */
export interface RetrieverOptions {
  /** Chunks kept after reranking. Default {@link DEFAULT_TOP_K}. */
  readonly topK?: number;
  /** Minimum cosine similarity of a vector-side candidate, in [-1, 1]. Required: it depends on the embedder. */
  readonly similarityThreshold: number;
  /**
   * Candidates fetched from each side (BM25F units in `fusion`). Hybrid modes rerank the whole
   * RRF-ordered union (≤ 2 × candidates). Default {@link DEFAULT_CANDIDATES}.
   */
  readonly candidates?: number;
  /** Which sides to use. Default {@link DEFAULT_RETRIEVAL_MODE}. Modes other than `vector` need `textSearch`. */
  readonly mode?: RetrievalMode;
  /** RRF constant for `hybrid` modes. Default {@link DEFAULT_RRF_K}. */
  readonly rrfK?: number;
  /** `fusion` mode: rerank the fused list with the lexical reranker. Default {@link DEFAULT_FUSION_RERANK}. */
  readonly fusionRerank?: boolean;
  /** The refusal model. Default {@link DEFAULT_REFUSAL_MODEL}. */
  readonly refusal?: RefusalModel;
  /** BM25F field weights of the unit index. Default {@link DEFAULT_FIELD_WEIGHTS}. */
  readonly fieldWeights?: FieldWeights;
  /** BM25F k1 and b of the unit index (not the `bm25` baseline's). Default k1 {@link DEFAULT_FIELDED_K1}, b 0.75. */
  readonly fieldedBm25?: Bm25Options;
  /** `fusion` mode: which ranked lists are fused. Default {@link DEFAULT_FUSION_SIGNALS}. */
  readonly fusionSignals?: readonly FusionSignal[];
  /** `fusion` with the `baseline` signal: its RRF weight (the other lists weigh 1). Default {@link DEFAULT_BASELINE_WEIGHT}. */
  readonly baselineWeight?: number;
  /** `fusion` mode: keep to the documents a question names (rag/bm25/routing.ts). Default {@link DEFAULT_DOCUMENT_ROUTING}. */
  readonly documentRouting?: boolean | "soft";
  /**
   * `fusion` with routing: where a routed question's plan-naming terms (rag/bm25/routing.ts
   * `namingTerms`) are left out of the ranking query: `"none"` keeps them everywhere; `"named"`
   * drops them from the named documents' own ranking (inside those documents they match every
   * unit alike, and most of all short record units whose title field carries the plan name);
   * `"all"` drops them from every list once routing has used them. Default {@link DEFAULT_DROP_NAMING_TERMS}.
   */
  readonly dropNamingTerms?: "none" | "named" | "all";
  /**
   * `fusion` with routing or one document: where the question's plan-name words (`nameRunTerms`)
   * must occur to be left out of the named documents' ranking (rag/bm25/routing.ts `namingTerms`).
   * Default {@link DEFAULT_NAME_RUN_SCOPE}.
   */
  readonly nameRunScope?: "profile" | "name";
  /**
   * `fusion` with routing: rank inside the named documents without the title field (file name,
   * plan name): it is the same for every unit of a document, but weighs most in the shortest
   * units. Default {@link DEFAULT_NAMED_IGNORE_TITLE}.
   */
  readonly namedIgnoreTitle?: boolean;
  /**
   * `fusion`: rank a one-document member's units as the named documents' own ranking (plan-name
   * terms dropped, title field ignored, as above). Default {@link DEFAULT_SINGLE_DOCUMENT_AS_NAMED}.
   */
  readonly singleDocumentAsNamed?: boolean;
  /**
   * `fusion` routing: an all-capitals question word ("SCAN", an acronym or a brand) found in the names
   * (file name, plan name) of few documents routes there even when common in their text
   * (rag/bm25/routing.ts `route`). Default {@link DEFAULT_ROUTE_BY_NAME}.
   */
  readonly routeByName?: boolean;
  /**
   * Query weight of the document term one edit away from a question term the member's documents
   * never use (rag/text/typos.ts), relative to the term's own weight (0: no correction).
   * Default {@link DEFAULT_TYPO_WEIGHT}.
   */
  readonly typoWeight?: number;
  /** Query weight of the English cognates of a Spanish question's untranslated words (0: none). Default {@link DEFAULT_COGNATE_WEIGHT}. */
  readonly cognateWeight?: number;
}

/** Weight of a typo's correction relative to the misspelt term's (measured on dev: bench/answers.ts --sweep). */
export const DEFAULT_TYPO_WEIGHT = 1;

/** Query weight of Spanish → English cognate terms (rag/query/cognates.ts; measured on dev's Spanish cases). */
export const DEFAULT_COGNATE_WEIGHT = 0.6;

/**
 * How `fusion` mode routes questions naming a plan to its documents: `"soft"` fuses the named
 * documents' own ranking in as one more list; `true` keeps to them; `false` does not route.
 * Dev, library mode, hit@5: soft 70.4, hard 68.1, none 68.5 (bench/answers.ts --sweep).
 */
export const DEFAULT_DOCUMENT_ROUTING: boolean | "soft" = "soft";

/** Where routed questions' plan-naming terms leave the ranking query (measured on dev: bench/answers.ts --sweep). */
export const DEFAULT_DROP_NAMING_TERMS: "none" | "named" | "all" = "named";

/**
 * Where plan-name words must occur to leave the ranking: `"name"`, the document's file or plan
 * name, not its cover text, where a capitalised heading the member quotes ("Member Services",
 * "Table of Benefits") is content. Dev, no refusal, hit@5/facts per-document · library (k1 1.6):
 * profile 88.3/71.4 · 85.4/69.1 (k1 1.2: 87.8/70.8 · 84.8/68.8); name 88.3/71.7 · 85.4/69.1
 * (k1 1.2: 88.0/71.1 · 84.8/68.8).
 */
export const DEFAULT_NAME_RUN_SCOPE: "profile" | "name" = "name";

/** Whether the named documents' own ranking ignores the title field (measured on dev: bench/answers.ts --sweep). */
export const DEFAULT_NAMED_IGNORE_TITLE = true;

/** Whether a one-document member's question is ranked as a named one (measured on dev: bench/answers.ts --sweep). */
export const DEFAULT_SINGLE_DOCUMENT_AS_NAMED = true;

/** Whether name-like words route by document names (measured on dev: bench/answers.ts --sweep). */
export const DEFAULT_ROUTE_BY_NAME = true;

/**
 * Signals `fusion` mode can fuse: BM25F over the units, the vector side, and the textbook BM25
 * list of the `bm25` mode (chunk bodies only, baseline tokeniser), weighted by
 * {@link RetrieverOptions.baselineWeight}.
 */
export type FusionSignal = "bm25f" | "vector" | "baseline";
/** Signals fused by default (measured on dev: bench/answers.ts --sweep; `vector` and `baseline` each cost points). */
export const DEFAULT_FUSION_SIGNALS: readonly FusionSignal[] = ["bm25f"];

/**
 * Whether a retriever of `mode` (and, for `fusion`, `signals`) runs the vector search
 * (`ChunkRepository.search`, pgvector): `vector`, `hybrid`, `hybrid+glossary`, and `fusion` only
 * when it fuses the `vector` signal, which it does not by default. Without it a vector index
 * is never read (app/vector-config.ts: the `VECTOR_INDEX` default).
 */
export function runsVectorSearch(mode: RetrievalMode, signals: readonly FusionSignal[] = DEFAULT_FUSION_SIGNALS): boolean {
  return usesVector(mode) && (mode !== "fusion" || signals.includes("vector"));
}

/** Whether a retriever of `mode` runs PostgreSQL's full-text search (`TextSearch`, the chunks' `tsv` column): `text`, `hybrid`, `hybrid+glossary`. */
export function runsTextSearch(mode: RetrievalMode): boolean {
  return usesText(mode);
}

/**
 * RRF weight of the `baseline` fusion signal when it is fused (it is not by default: fused at
 * weight 1, 0.5 or 0.3 it cost dev 3 to 7 points of facts per document; README "Mechanisms
 * measured and not kept").
 */
export const DEFAULT_BASELINE_WEIGHT = 1;

/** Whether `fusion` mode reranks its fused list (measured on dev: bench/answers.ts). */
export const DEFAULT_FUSION_RERANK = false;

/** Result of one retrieval. */
export interface Retrieval {
  /** The top `topK` chunks after reranking: what the answer cites and the reply lists. */
  readonly chunks: RetrievedChunk[];
  /**
   * Every reranked candidate, best first. Synthesizers use them as corpus statistics (term
   * weights) but quote only from `chunks`.
   */
  readonly candidates: RetrievedChunk[];
  /** Milliseconds spent embedding the question. */
  readonly embedMs: number;
  /** Milliseconds spent searching (both sides, one after the other, and the fusion). */
  readonly searchMs: number;
  /** Milliseconds spent reranking. */
  readonly rerankMs: number;
  /** Candidates each side returned before fusion (0 for a side the mode does not use). */
  readonly vectorHits: number;
  readonly textHits: number;
  /** Whether the retrieved text answers the question (rag/refusal); absent without a unit source. */
  readonly refusal?: RefusalDecision;
  /** The question analysis used. */
  readonly analysis: QuestionAnalysis;
}

/** Retrieves a user's chunks for a question. */
export interface Retriever {
  /** The mode this retriever runs in. */
  readonly mode: RetrievalMode;
  /**
   * @param question the standalone question
   * @param options `analysis`: the question's analysis when the caller already made it (the
   *   agent's input step); `documentIds`: search only these documents (of this user)
   */
  retrieve(userId: string, question: string, options?: { documentIds?: readonly string[]; analysis?: QuestionAnalysis }): Promise<Retrieval>;
  /** The analyzer whose analyses {@link retrieve} accepts. */
  readonly analyzer: QuestionAnalyzer;
}

/** Units searched on the BM25 side before fusion: the same as {@link DEFAULT_CANDIDATES}. */
const TOP_UNITS_FOR_COVERAGE = 5;

/**
 * Creates a retriever. Options are validated here, once.
 * @param deps `units`: the user's chunks for the in-memory BM25 index (modes `bm25`, `fusion`, and
 *   the refusal decision in every mode); `analyzer`: default a new one
 * @throws RangeError for a non-positive `topK`/`candidates`, a threshold outside [-1, 1], an
 *   unknown mode, a bad `rrfK`, a text mode without `textSearch` or a unit mode without `units`.
 */
export function createRetriever(
  deps: { embedder: Embedder; search: ChunkSearch; textSearch?: TextSearch; rerank?: Reranker; units?: UnitSource; analyzer?: QuestionAnalyzer },
  options: RetrieverOptions,
): Retriever {
  const topK = options.topK ?? DEFAULT_TOP_K;
  const candidates = Math.max(options.candidates ?? DEFAULT_CANDIDATES, topK);
  const threshold = options.similarityThreshold;
  const mode = options.mode ?? DEFAULT_RETRIEVAL_MODE;
  const rrfK = options.rrfK ?? DEFAULT_RRF_K;
  const fusionRerank = options.fusionRerank ?? DEFAULT_FUSION_RERANK;
  const refusalModel = options.refusal ?? DEFAULT_REFUSAL_MODEL;
  if (!Number.isInteger(topK) || topK < 1) throw new RangeError(`topK must be a positive integer, got ${topK}`);
  if (!Number.isInteger(candidates)) throw new RangeError(`candidates must be an integer, got ${candidates}`);
  if (!(threshold >= -1 && threshold <= 1)) throw new RangeError(`similarity threshold must be in [-1, 1], got ${threshold}`);
  assertRetrievalMode(mode);
  if (!(rrfK > 0 && Number.isFinite(rrfK))) throw new RangeError(`rrfK must be a positive number, got ${rrfK}`);
  const textSearch = deps.textSearch;
  if (usesText(mode) && !textSearch) throw new RangeError(`retrieval mode ${mode} needs a full-text search`);
  if (usesUnits(mode) && !deps.units) throw new RangeError(`retrieval mode ${mode} needs a unit source`);
  const rerank: Reranker = deps.rerank ?? ((_q, c) => [...c]);
  const analyzer = deps.analyzer ?? createQuestionAnalyzer();
  const signals = options.fusionSignals ?? DEFAULT_FUSION_SIGNALS;
  const baselineWeight = options.baselineWeight ?? DEFAULT_BASELINE_WEIGHT;
  if (!(baselineWeight >= 0 && Number.isFinite(baselineWeight))) throw new RangeError(`baselineWeight must be a finite number ≥ 0, got ${baselineWeight}`);
  const routing = options.documentRouting ?? DEFAULT_DOCUMENT_ROUTING;
  const cognateWeight = options.cognateWeight ?? DEFAULT_COGNATE_WEIGHT;
  const dropNaming = options.dropNamingTerms ?? DEFAULT_DROP_NAMING_TERMS;
  const nameRunScope = options.nameRunScope ?? DEFAULT_NAME_RUN_SCOPE;
  const fieldedK1 = options.fieldedBm25?.k1 ?? DEFAULT_FIELDED_K1;
  const typoWeight = options.typoWeight ?? DEFAULT_TYPO_WEIGHT;
  const correctors = new WeakMap<UnitIndex, SpellingCorrector>();
  /** The query with each unknown uncommon term's one-edit correction added (English questions only). */
  const withCorrections = (analysis: QuestionAnalysis, index: UnitIndex, query: ReadonlyMap<string, number>): ReadonlyMap<string, number> => {
    if (typoWeight === 0 || analysis.spanish) return query;
    let correct = correctors.get(index);
    if (!correct) correctors.set(index, (correct = createSpellingCorrector(index.fielded.terms(), (t) => index.fielded.df(t))));
    let out: Map<string, number> | undefined;
    // Only words outside the common-English list: a real word the documents lack ("shell") is no typo.
    const uncommon = new Set(analysis.uncommonTerms);
    for (const [t, w] of query) {
      if (index.fielded.has(t) || !uncommon.has(t)) continue;
      const c = correct(t);
      if (!c || c === t) continue;
      out ??= new Map(query);
      out.set(c, Math.max(out.get(c) ?? 0, w * typoWeight));
    }
    return out ?? query;
  };
  /** Whether an unknown term has a one-edit spelling correction in the index's vocabulary. */
  const hasCorrection = (index: UnitIndex, t: string): boolean => {
    let correct = correctors.get(index);
    if (!correct) correctors.set(index, (correct = createSpellingCorrector(index.fielded.terms(), (x) => index.fielded.df(x))));
    const c = correct(t);
    return c !== undefined && c !== t;
  };
  const namedIgnoreTitle = options.namedIgnoreTitle ?? DEFAULT_NAMED_IGNORE_TITLE;
  const singleAsNamed = options.singleDocumentAsNamed ?? DEFAULT_SINGLE_DOCUMENT_AS_NAMED;
  const routeByName = options.routeByName ?? DEFAULT_ROUTE_BY_NAME;
  const cache: UnitCache | undefined = deps.units ? createUnitCache(deps.units, analyzer.terms, { ...(options.fieldWeights ? { fieldWeights: options.fieldWeights } : {}), bm25: { k1: DEFAULT_FIELDED_K1, ...options.fieldedBm25 } }) : undefined;
  const unitTermSets = new WeakMap<UnitIndex, Map<number, Set<string>>>();
  const cognates = new WeakMap<UnitIndex, Map<string, string[]>>();
  /** A Spanish question's terms plus the document terms its untranslated words are cognates of. */
  const withCognates = (analysis: QuestionAnalysis, index: UnitIndex): ReadonlyMap<string, number> => {
    if (analysis.untranslated.length === 0 || cognateWeight === 0) return analysis.terms;
    let byKey = cognates.get(index);
    if (!byKey) cognates.set(index, (byKey = cognateIndex(index.fielded.terms())));
    const out = new Map(analysis.terms);
    for (const w of analysis.untranslated) {
      const k = cognateSkeleton(w, true);
      for (const t of (k && byKey.get(k)) || []) out.set(t, Math.max(out.get(t) ?? 0, cognateWeight));
    }
    return out;
  };
  const termsOf = (index: UnitIndex, u: number): Set<string> => {
    let m = unitTermSets.get(index);
    if (!m) unitTermSets.set(index, (m = new Map()));
    let set = m.get(u);
    if (!set) {
      const unit = index.units[u] as UnitIndex["units"][number];
      m.set(u, (set = new Set([...analyzer.terms(unit.text), ...analyzer.terms(unit.filename.replace(/[_\-.]+/g, " "))])));
    }
    return set;
  };
  const unitPositions = new WeakMap<UnitIndex, Map<string, number>>();
  /** Chunk id → unit position in the index (built once per index, not per question). */
  const positionsOf = (index: UnitIndex): Map<string, number> => {
    let pos = unitPositions.get(index);
    if (!pos) unitPositions.set(index, (pos = new Map(index.units.map((u, i) => [u.chunkId, i]))));
    return pos;
  };
  const labelTermSets = new WeakMap<UnitIndex, Map<number, Set<string> | undefined>>();
  /** A record unit's label terms (undefined for a chunk). */
  const labelTermsOf = (index: UnitIndex, u: number): Set<string> | undefined => {
    let m = labelTermSets.get(index);
    if (!m) labelTermSets.set(index, (m = new Map()));
    if (!m.has(u)) {
      const label = index.units[u]?.label;
      m.set(u, label ? new Set(analyzer.terms(label)) : undefined);
    }
    return m.get(u);
  };
  const documentMask = createDocumentMasks();
  return {
    mode,
    analyzer,
    async retrieve(userId, question, opts) {
      const analysis = opts?.analysis ?? analyzer.analyze(question);
      const t0 = performance.now();
      // `fusion` without the vector signal needs no question embedding and no vector search.
      const runVector = runsVectorSearch(mode, signals);
      const vector = runVector || usesText(mode) ? await deps.embedder.embedQuery(question) : new Float32Array(0);
      const t1 = performance.now();
      const docFilter = opts?.documentIds ? new Set(opts.documentIds) : undefined;
      const common = { limit: candidates, embeddingModel: deps.embedder.model, documentIds: opts?.documentIds };
      const lexicalText = usesGlossary(mode) ? analysis.expansion.expanded : question;
      // One side after the other, not concurrently: with both in flight when PostgreSQL went
      // down, postgres.js took ~10 s to serve queries again after it came back (test/database-
      // outage.test.ts; 40 ms when sequential). The lexical side costs a few ms.
      const vectorHits = runVector ? await deps.search(userId, vector, { ...common, minSimilarity: threshold }) : [];
      const textHits = usesText(mode) && textSearch ? await textSearch(userId, lexicalText, { ...common, vector }) : [];
      const index = cache ? (await cache.get(userId, deps.embedder.model)).index : undefined;
      const routed = mode === "fusion" && routing && index ? index.router.route(analyzer.terms(question), routeByName ? capitalsTerms(question, analyzer.terms) : []) : undefined;
      const hard = routing === true;
      const keep = routed && hard ? new Set(routed.filter((d) => !docFilter || docFilter.has(d))) : docFilter;
      const allowed = keep && index ? documentMask(index, keep) : undefined;
      const queryTerms = index ? withCorrections(analysis, index, withCognates(analysis, index)) : analysis.terms;
      // A member with one document: every question is about it, as if routed there.
      const single = mode === "fusion" && index !== undefined && index.router.documents.length === 1 && singleAsNamed;
      const namedDocs = routed ?? (single ? index.router.documents : undefined);
      const naming = namedDocs && index && dropNaming !== "none" ? index.router.namingTerms(analyzer.terms(question), namedDocs, analysis.nameRunTerms, nameRunScope) : [];
      const namedTerms = naming.length > 0 ? withoutTerms(queryTerms, naming) : queryTerms;
      const fielded = index
        ? index.fielded.search(dropNaming === "all" || single ? namedTerms : queryTerms, candidates, allowed, single ? { ignoreContext: namedIgnoreTitle } : undefined)
        : [];
      const asHit = (u: number, similarity: number): StoredHit => ({ ...(index as UnitIndex).units[u]!, similarity });
      const simById = new Map(vectorHits.map((h) => [h.chunkId, h.similarity]));
      let fused: RetrievedChunk[];
      /** The textbook BM25 list (`bm25` mode; a `fusion` signal). */
      const baselineList = (idx: UnitIndex): [number, number][] => {
        const q = new Map<string, number>();
        for (const t of idx.baselineTerms(question)) q.set(t, (q.get(t) ?? 0) + 1);
        return idx.baseline.search(q, candidates, allowed);
      };
      if (mode === "bm25" && index) {
        fused = baselineList(index).map(([u, score]) => ({ ...asHit(u, 0), score }));
      } else if (mode === "fusion" && index) {
        const bm = fielded.map(([u]) => asHit(u, simById.get(index.units[u]!.chunkId) ?? 0));
        const lists = [signals.includes("bm25f") ? bm : [], signals.includes("vector") ? vectorHits.filter((h) => !keep || keep.has(h.documentId)) : []];
        const weights = [1, 1];
        if (signals.includes("baseline")) {
          lists.push(baselineList(index).map(([u]) => asHit(u, simById.get(index.units[u]!.chunkId) ?? 0)));
          weights.push(baselineWeight);
        }
        if (routed && !hard) {
          // Soft routing: the named documents' own ranking is one more list to fuse.
          const named = new Set(routed);
          const namedMask = documentMask(index, named);
          const inNamed = (u: number) => namedMask(u) && (!allowed || allowed(u));
          lists.push(index.fielded.search(namedTerms, candidates, inNamed, { ignoreContext: namedIgnoreTitle }).map(([u]) => asHit(u, simById.get(index.units[u]!.chunkId) ?? 0)));
          weights.push(1);
        }
        fused = reciprocalRankFusion(lists, (h) => h.chunkId, rrfK, weights).map((f) => ({ ...f.item, score: f.score }));
        fused = liftDefinition(question, fused, { index, questionTerms: analyzer.terms(question), namingTerms: naming, labelTerms: (u) => labelTermsOf(index, u), ...(allowed ? { allowed } : {}), ...(namedDocs ? { named: namedDocs } : {}) });
      } else if (usesVector(mode) && usesText(mode)) {
        fused = reciprocalRankFusion([vectorHits, textHits], (h) => h.chunkId, rrfK).map((f) => ({ ...f.item, score: f.score }));
      } else {
        fused = (usesVector(mode) ? vectorHits : textHits).map((h) => ({ ...h, score: h.similarity }));
      }
      const t2 = performance.now();
      // Legacy modes rerank (BM25 over the candidates + cosine); `fusion` only when configured.
      const reranks = mode === "hybrid" || mode === "hybrid+glossary" || mode === "vector" || mode === "text" || (mode === "fusion" && fusionRerank);
      const ranked = reranks ? rerank(question, fused, analysis) : fused;
      const t3 = performance.now();
      let refusal: RefusalDecision | undefined;
      // The textbook baseline has no refusal: it answers whatever it retrieves.
      if (index && mode !== "bm25") {
        const pos = positionsOf(index);
        const top = ranked.slice(0, TOP_UNITS_FOR_COVERAGE).map((c) => pos.get(c.chunkId)).filter((x): x is number => x !== undefined);
        const f = refusalFeatures(analysis, index.fielded, top, (u) => termsOf(index, u), fielded[0]?.[1] ?? 0, fieldedK1, {
          labelTerms: (u) => labelTermsOf(index, u),
          fifthScore: fielded[TOP_UNITS_FOR_COVERAGE - 1]?.[1] ?? 0,
          corrected: (t) => hasCorrection(index, t),
        });
        refusal = decideRefusal(f, refusalModel);
      }
      return {
        chunks: ranked.slice(0, topK),
        candidates: ranked,
        embedMs: t1 - t0,
        searchMs: t2 - t1,
        rerankMs: t3 - t2,
        vectorHits: vectorHits.length,
        textHits: textHits.length,
        ...(refusal ? { refusal } : {}),
        analysis,
      };
    },
  };
}

/** `query` without `drop` (unchanged when nothing would remain). */
function withoutTerms(query: ReadonlyMap<string, number>, drop: readonly string[]): ReadonlyMap<string, number> {
  const out = new Map(query);
  for (const t of drop) out.delete(t);
  return out.size > 0 ? out : query;
}

/** Terms of the question's all-capitals words of three letters or more (an acronym or a brand: "SCAN", "HMO"). */
function capitalsTerms(question: string, terms: (text: string) => string[]): string[] {
  return (question.match(/(?<![\p{L}\d])\p{Lu}{3,}(?![\p{L}\d])/gu) ?? []).flatMap((w) => terms(w));
}
