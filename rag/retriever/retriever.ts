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
import { DEFAULT_FIELDED_K1, DEFAULT_QUERY_IDF_EXPONENT, feedbackExpansion, idfWeighted, type Bm25Query, type UnitIndex } from "../bm25/index.ts";
import { createQuestionAnalyzer, type QuestionAnalyzer } from "../query/index.ts";
import { decideRefusal, DEFAULT_REFUSAL_MODEL, planNameTerms, type RefusalDecision, refusalFeatures } from "../refusal/index.ts";
import type { Embedder, RetrievedChunk } from "../types.ts";
import { DEFAULT_RRF_K, reciprocalRankFusion } from "./fusion.ts";
import { assertRetrievalMode, type RetrievalMode, DEFAULT_RETRIEVAL_MODE, usesText, usesVector, usesGlossary, usesUnits } from "./modes.ts";
import { createUnitCache, type UnitCache, type UnitSource } from "./unit-cache.ts";
import { createDocumentMasks } from "./document-mask.ts";
import { liftDefinition } from "./definitions.ts";
import { DEFAULT_MAX_CHUNKS_PER_PAGE, pageDiverseTop } from "./page-diverse.ts";
import { createQueryRewrites } from "./query-rewrites.ts";
import { askQuery, DEFAULT_ASK_RETRIEVAL, mergeAskLists, questionAsks } from "./ask-lists.ts";
import { capitalsTerms, createDerivedQueries, joinedPairTerms, createUnitMemos, hasDigit, withoutTerms } from "./unit-memos.ts";
import {
  type ChunkSearch,
  DEFAULT_BASELINE_WEIGHT,
  DEFAULT_CANDIDATES,
  DEFAULT_COGNATE_FORM_WEIGHT,
  DEFAULT_COGNATE_WEIGHT,
  DEFAULT_DECISIVE_OWN_INDEX,
  DEFAULT_DECISIVE_ROUTING,
  DEFAULT_DOCUMENT_ROUTING,
  DEFAULT_DROP_NAMING_TERMS,
  DEFAULT_DROP_CONTRACTIONS,
  DEFAULT_FEEDBACK,
  DEFAULT_FUSION_RERANK,
  DEFAULT_FUSION_SIGNALS,
  DEFAULT_LAY_BRIDGE,
  DEFAULT_NAME_RUN_SCOPE,
  DEFAULT_NAMED_IGNORE_TITLE,
  DEFAULT_ROUTE_BY_NAME,
  DEFAULT_SINGLE_DOCUMENT_AS_NAMED,
  DEFAULT_TOP_K,
  DEFAULT_TYPO_WEIGHT,
  type Reranker,
  type Retriever,
  type RetrieverOptions,
  runsVectorSearch,
  type StoredHit,
  type TextSearch,
} from "./options.ts";

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
  const maxChunksPerPage = options.maxChunksPerPage ?? DEFAULT_MAX_CHUNKS_PER_PAGE;
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
  const cognateFormWeight = options.cognateFormWeight ?? DEFAULT_COGNATE_FORM_WEIGHT;
  const dropNaming = options.dropNamingTerms ?? DEFAULT_DROP_NAMING_TERMS;
  const nameRunScope = options.nameRunScope ?? DEFAULT_NAME_RUN_SCOPE;
  const fieldedK1 = options.fieldedBm25?.k1 ?? DEFAULT_FIELDED_K1;
  const typoWeight = options.typoWeight ?? DEFAULT_TYPO_WEIGHT;
  const feedback = options.feedback ?? DEFAULT_FEEDBACK;
  const idfExponent = options.queryIdfExponent ?? DEFAULT_QUERY_IDF_EXPONENT;
  const dropContractions = options.dropContractions ?? DEFAULT_DROP_CONTRACTIONS;
  const askRetrieval = options.askRetrieval ?? DEFAULT_ASK_RETRIEVAL;
  const layBridge = options.layBridge ?? DEFAULT_LAY_BRIDGE;
  /**
   * A BM25F ranking for the retrieval lists: the query weighted by idf (`idfExponent`), then, with
   * `feedback`, run once more with the first pass's feedback terms (rag/bm25/feedback.ts).
   * `first`: the plain query's list when the caller already has it (same query, filter and options).
   */
  const ranking = (index: UnitIndex, query: Bm25Query, filter: ((u: number) => boolean) | undefined, opts: { ignoreContext: boolean } | undefined, first?: [number, number][]): [number, number][] => {
    const q = idfWeighted(query, (t) => index.fielded.idf(t), (t) => index.fielded.has(t), idfExponent);
    const pass1 = q === query && first ? first : index.fielded.search(q, candidates, filter, opts);
    if (!feedback) return pass1;
    const expanded = feedbackExpansion(q, pass1, index.bodyTerms, (t) => index.fielded.idf(t), { exclude: hasDigit, ...feedback });
    return expanded === q ? pass1 : index.fielded.search(expanded, candidates, filter, opts);
  };
  const namedIgnoreTitle = options.namedIgnoreTitle ?? DEFAULT_NAMED_IGNORE_TITLE;
  const singleAsNamed = options.singleDocumentAsNamed ?? DEFAULT_SINGLE_DOCUMENT_AS_NAMED;
  const routeByName = options.routeByName ?? DEFAULT_ROUTE_BY_NAME;
  const decisiveRouting = options.decisiveRouting ?? DEFAULT_DECISIVE_ROUTING;
  const decisiveOwnIndex = options.decisiveOwnIndex ?? DEFAULT_DECISIVE_OWN_INDEX;
  const cache: UnitCache | undefined = deps.units ? createUnitCache(deps.units, analyzer.terms, { ...(options.fieldWeights ? { fieldWeights: options.fieldWeights } : {}), bm25: { k1: DEFAULT_FIELDED_K1, ...options.fieldedBm25 } }) : undefined;
  const { withoutContractions, withBridges, withCorrections, hasCorrection, withCognates } = createQueryRewrites(analyzer, { typoWeight, cognateWeight, cognateFormWeight, layBridge });
  const { termsOf, positionsOf, labelTermsOf } = createUnitMemos(analyzer.terms);
  const derived = createDerivedQueries();
  const documentMask = createDocumentMasks();
  // The question's retrieval terms, once per question in a row: a turn over several plans retrieves the same question up to four times.
  let lastTerms: { question: string; terms: string[] } | undefined;
  const questionTermsOf = (question: string): string[] => {
    if (lastTerms?.question !== question) lastTerms = { question, terms: analyzer.terms(question) };
    return lastTerms.terms;
  };
  return {
    mode,
    analyzer,
    async routedDocuments(userId, question) {
      if (mode !== "fusion" || !routing || !cache) return undefined;
      const { index } = await cache.get(userId, deps.embedder.model);
      const nameLike = routeByName ? [...capitalsTerms(question, analyzer.terms), ...joinedPairTerms(question, analyzer.terms)] : [];
      return index.router.route(questionTermsOf(question), nameLike) ?? [];
    },
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
      const memberIndex = cache ? (await cache.get(userId, deps.embedder.model)).index : undefined;
      // A retrieval kept to some of the member's documents (a turn scoped to a plan: actors/agent
      // plan-turn) runs on their own index (`decisiveOwnIndex`), routing included, as when the member owns just them.
      const kept = docFilter && memberIndex ? memberIndex.router.documents.filter((d) => docFilter.has(d)) : [];
      const library = memberIndex && decisiveOwnIndex && kept.length > 0 ? memberIndex.documentIndex(kept) : memberIndex;
      // All-capitals words ("SCAN") and two words written as one ("See Change" → "seechange") name a plan by its document's name.
      const nameLike = routeByName ? [...capitalsTerms(question, analyzer.terms), ...joinedPairTerms(question, analyzer.terms)] : [];
      const libraryRoute = mode === "fusion" && routing && library ? library.router.route(questionTermsOf(question), nameLike) : undefined;
      // A plan named beyond doubt (rag/bm25/routing.ts `decisive`): kept to and ranked as a member's only document.
      const decisive = decisiveRouting && routing === "soft" && libraryRoute && library ? library.router.decisive(questionTermsOf(question), nameLike) : undefined;
      // With `decisiveOwnIndex`, on that document's own index: exactly as if the member owned it alone.
      const own = decisive && decisiveOwnIndex && library && (!docFilter || docFilter.has(decisive)) ? library.documentIndex(decisive) : undefined;
      const index = own ?? library;
      const routedAll = own ? undefined : libraryRoute;
      const routed = !own && decisive && (!docFilter || docFilter.has(decisive)) ? [decisive] : routedAll;
      const hard = routing === true || routed !== routedAll;
      const keep = routed && hard ? new Set(routed.filter((d) => !docFilter || docFilter.has(d))) : docFilter;
      const allowed = keep && index ? documentMask(index, keep) : undefined;
      const plainAsked = index ? withCorrections(analysis, index, withCognates(analysis, index)) : analysis.terms;
      const asked = index ? withBridges(analysis, index, plainAsked) : plainAsked;
      // Function-word contractions ("I'm", "dont") are stopwords the tokeniser misses.
      const lessContracted = (q: ReadonlyMap<string, number>) => (dropContractions && analysis.contractionTerms.length > 0 ? withoutContractions(q, analysis.contractionTerms) : q);
      const queryTerms = lessContracted(asked);
      // A member with one document: every question is about it, as if routed there (so is a plan named beyond doubt).
      const single = mode === "fusion" && index !== undefined && (index.router.documents.length === 1 || routed !== routedAll) && singleAsNamed;
      const namedDocs = routed ?? (single ? index.router.documents : undefined);
      const naming = namedDocs && index && dropNaming !== "none" ? index.router.namingTerms(questionTermsOf(question), namedDocs, analysis.nameRunTerms, nameRunScope) : [];
      const namedTerms = naming.length > 0 ? derived(queryTerms, naming.join(" "), () => withoutTerms(queryTerms, naming)) : queryTerms;
      const mainQuery = dropNaming === "all" || single ? namedTerms : queryTerms;
      const mainOpts = single ? { ignoreContext: namedIgnoreTitle } : undefined;
      // The first pass's scores are the refusal features'; the ranking may reweight and expand the query.
      const fielded = index ? index.fielded.search(mainQuery, candidates, allowed, mainOpts) : [];
      // The refusal model was fit on the scores and list of the query without lay-word bridges (./lay-bridge.ts).
      const plainQueries = (): [ReadonlyMap<string, number>, ReadonlyMap<string, number>] => {
        const q = lessContracted(plainAsked);
        const named = naming.length > 0 ? derived(q, naming.join(" "), () => withoutTerms(q, naming)) : q;
        return [dropNaming === "all" || single ? named : q, named];
      };
      const refusalFirst = !index || asked === plainAsked ? fielded : index.fielded.search(plainQueries()[0], candidates, allowed, mainOpts);
      const asHit = (u: number, similarity: number): StoredHit => ({ ...(index as UnitIndex).units[u]!, similarity });
      const simById = new Map(vectorHits.map((h) => [h.chunkId, h.similarity]));
      let fused: RetrievedChunk[];
      // The whole question's list when asks were merged in: the refusal model was fit on it.
      let whole: RetrievedChunk[] | undefined;
      let plainTop: RetrievedChunk[] | undefined;
      /** The textbook BM25 list (`bm25` mode; a `fusion` signal). */
      const baselineList = (idx: UnitIndex): [number, number][] => {
        const q = new Map<string, number>();
        for (const t of idx.baselineTerms(question)) q.set(t, (q.get(t) ?? 0) + 1);
        return idx.baseline.search(q, candidates, allowed);
      };
      if (mode === "bm25" && index) {
        fused = baselineList(index).map(([u, score]) => ({ ...asHit(u, 0), score }));
      } else if (mode === "fusion" && index) {
        const fuse = (main: ReadonlyMap<string, number>, named: ReadonlyMap<string, number>, first?: [number, number][]): RetrievedChunk[] => {
          const bm = ranking(index, main, allowed, mainOpts, first).map(([u]) => asHit(u, simById.get(index.units[u]!.chunkId) ?? 0));
          const lists = [signals.includes("bm25f") ? bm : [], signals.includes("vector") ? vectorHits.filter((h) => !keep || keep.has(h.documentId)) : []];
          const weights = [1, 1];
          if (signals.includes("baseline")) {
            lists.push(baselineList(index).map(([u]) => asHit(u, simById.get(index.units[u]!.chunkId) ?? 0)));
            weights.push(baselineWeight);
          }
          if (routed && !hard) {
            // Soft routing: the named documents' own ranking is one more list to fuse.
            const namedMask = documentMask(index, new Set(routed));
            const inNamed = (u: number) => namedMask(u) && (!allowed || allowed(u));
            lists.push(ranking(index, named, inNamed, { ignoreContext: namedIgnoreTitle }).map(([u]) => asHit(u, simById.get(index.units[u]!.chunkId) ?? 0)));
            weights.push(1);
          }
          return reciprocalRankFusion(lists, (h) => h.chunkId, rrfK, weights).map((f) => ({ ...f.item, score: f.score }));
        };
        const lift = (list: RetrievedChunk[]) => liftDefinition(question, list, { index, questionTerms: questionTermsOf(question), namingTerms: naming, labelTerms: (u) => labelTermsOf(index, u), ...(allowed ? { allowed } : {}), ...(namedDocs ? { named: namedDocs } : {}) });
        fused = lift(fuse(mainQuery, namedTerms, fielded));
        if (refusalFirst !== fielded) plainTop = lift(fuse(...plainQueries(), refusalFirst));
        // Each ask of a several-ask question ranked on its own terms, its best units merged in (ask-lists.ts).
        const asks = askRetrieval ? questionAsks(analysis.expansion.original || question, askRetrieval.maxAsks) : [];
        if (askRetrieval && asks.length > 0) {
          const focus = (q: ReadonlyMap<string, number>, ask: string) => derived(q, `ask ${ask}`, () => askQuery(q, analyzer.terms(ask), analysis.terms, analysis.glossaryGroups, askRetrieval.otherShare));
          const al = asks.map((a) => fuse(focus(mainQuery, a), focus(namedTerms, a)));
          whole = fused;
          fused = mergeAskLists(fused, al, askRetrieval);
        }
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
        const top = ((reranks ? undefined : plainTop) ?? (whole && !reranks ? whole : ranked)).slice(0, TOP_UNITS_FOR_COVERAGE).map((c) => pos.get(c.chunkId)).filter((x): x is number => x !== undefined);
        const f = refusalFeatures(analysis, index.fielded, top, (u) => termsOf(index, u), refusalFirst[0]?.[1] ?? 0, fieldedK1, {
          labelTerms: (u) => labelTermsOf(index, u),
          fifthScore: refusalFirst[TOP_UNITS_FOR_COVERAGE - 1]?.[1] ?? 0,
          corrected: (t) => hasCorrection(index, t),
          planName: planNameTerms(question, analyzer.terms, naming),
          unitText: (u) => index.units[u]?.text ?? "",
        });
        refusal = decideRefusal(f, refusalModel);
      }
      return {
        chunks: mode === "bm25" ? ranked.slice(0, topK) : pageDiverseTop(ranked, topK, maxChunksPerPage),
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
