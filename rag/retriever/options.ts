/**
 * The retriever's public shapes and defaults: the options of `createRetriever` with their
 * `DEFAULT_*` values (each measured on dev, as noted), the store's search signatures, and the
 * result of one retrieval. Split from retriever.ts, which keeps the retrieval itself.
 */
import type { Bm25Options, FeedbackOptions, FieldWeights } from "../bm25/index.ts";
import type { QuestionAnalysis, QuestionAnalyzer } from "../query/index.ts";
import type { RefusalDecision, RefusalModel } from "../refusal/index.ts";
import type { RetrievedChunk } from "../types.ts";
import type { AskRetrievalOptions } from "./ask-lists.ts";
import { type RetrievalMode, usesText, usesVector } from "./modes.ts";

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
  /**
   * Most chunks of one page among the `topK` listed before another page's (./page-diverse.ts);
   * Infinity lists the ranking as is. Default 1 (`DEFAULT_MAX_CHUNKS_PER_PAGE`).
   */
  readonly maxChunksPerPage?: number;
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
   * `fusion` with soft routing: a question naming one plan beyond doubt (rag/bm25/routing.ts
   * `decisive`) keeps to its document and is ranked as a member's only document is. Default
   * {@link DEFAULT_DECISIVE_ROUTING}.
   */
  readonly decisiveRouting?: boolean;
  /**
   * `fusion` with decisive routing: rank the plan named beyond doubt on its document's own index
   * (rag/bm25/units.ts `documentIndex`: its own idf and lengths), as when the member owns that
   * document alone, rather than with the whole library's statistics. The same holds for a retrieval
   * kept to some documents (`documentIds`: a chat turn scoped to a plan, actors/agent): it runs on
   * those documents' own index, routing included. Default {@link DEFAULT_DECISIVE_OWN_INDEX}.
   */
  readonly decisiveOwnIndex?: boolean;
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
   * (rag/bm25/routing.ts `route`), and so does a pair of adjacent words written as one ("See Change" →
   * "seechange"). Default {@link DEFAULT_ROUTE_BY_NAME}.
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
  /**
   * Query weight of the document terms a Spanish question's untranslated words are suffix cognates
   * of (rag/query/cognate-forms.ts: "especialista" → specialist), 0 for none. Default
   * {@link DEFAULT_COGNATE_FORM_WEIGHT}.
   */
  readonly cognateFormWeight?: number;
  /**
   * `fusion`: pseudo-relevance feedback (rag/bm25/feedback.ts, RM3): the BM25F ranking is run a second
   * time with terms of the first pass's top units added; `false` for one pass. The refusal features
   * keep the first pass's scores. Default {@link DEFAULT_FEEDBACK}.
   */
  readonly feedback?: FeedbackOptions | false;
  /**
   * `fusion`: exponent of the (idf / the question's highest idf) factor on each ranking query term's
   * weight (rag/bm25/feedback.ts `idfWeighted`; 0: none). Default {@link DEFAULT_QUERY_IDF_EXPONENT}.
   */
  readonly queryIdfExponent?: number;
  /**
   * `fusion`: leave the question's function-word contractions ("I'm", "dont": `QuestionAnalysis.contractionTerms`)
   * out of the BM25F queries, as a stopword list would.
   * Default {@link DEFAULT_DROP_CONTRACTIONS}.
   */
  readonly dropContractions?: boolean;
  /**
   * `fusion`: a question with two or more asks (rag/synthesizer/asks.ts) is also ranked ask by ask, and
   * each ask's best units are merged into the whole question's list (./ask-lists.ts); `false`: the
   * whole question only. Default {@link DEFAULT_ASK_RETRIEVAL}.
   */
  readonly askRetrieval?: AskRetrievalOptions | false;
  /**
   * `fusion`: a glossary group whose lay word the index lacks weighs as that word (./lay-bridge.ts);
   * the refusal still reads the unbridged query's scores and list. Default {@link DEFAULT_LAY_BRIDGE}.
   */
  readonly layBridge?: boolean;
}

/**
 * Whether a lay word the member's documents never use ("ER", "rehab", "kid") passes its weight (1,
 * or the context's) to the document terms the glossary reads it as, instead of
 * rag/query/analyze.ts `DEFAULT_GLOSSARY_TERM_WEIGHT` (0.6). Harness (bench/answers.ts --retrieval
 * fusion --mode both), hit@5/facts/unanswerable/answerable refused, per document · library:
 * dev (870 cases) off 94.3/80.0/47.9/2.5 · 93.5/79.2/48.7/2.7, on 94.5/80.2/47.9/2.5 ·
 * 93.7/79.2/48.7/2.7 (paraphrase 90.1/64.8 → 91.1/65.7 per document, multi_hop facts 57.9 → 56.6:
 * one case, 'rehab' raising the generic 'services'); members4–6 (165) off 92.1/63.3 · 90.6/64.0, on
 * 92.8/64.0 · 91.4/64.7. Real pipeline (navigator eval --library, same sets), off → on: dev
 * 94.3/79.9 · 93.6/79.8 → 94.5/80.2 · 93.9/80.0 (multi_hop all evidence@5 68.4 → 72.4), unanswerable
 * 50.4 and refused 2.5 · 2.7 unchanged; members4–6 92.1/63.3 · 91.4/64.0 → 92.8/64.0 · 92.1/64.8.
 * Measured and dropped: raising only the group's rarest document term (dev per document
 * 94.5/80.0, members4–6 unchanged from off); the refusal on the bridged scores and list (dev
 * unanswerable 47.9 → 46.2 per document: a lay word read as its document term answers an
 * out-of-scope question). With the bridge, rag/query/analyze.ts `DEFAULT_GLOSSARY_TERM_WEIGHT`
 * re-swept: 0.5 dev 94.4/79.6 · 93.7/78.8, 0.75 94.0/79.8 · 93.3/78.7 (members4–6 0.75:
 * 92.8/65.5 · 91.4/65.5), both below 0.6 on dev, so 0.6 stays.
 *
 * Also measured on top of the bridge and dropped (no code kept): an answer-type list for
 * time-limit asks ("how long do I have to", "deadline", "by when", "cuánto tiempo"): the ranking
 * kept to units stating a duration ("30 days", "fifteen days", "12 months"), fused at weight 0.5.
 * On the whole question and each ask: dev 94.5/80.3 · 94.0/79.4 but multi_hop facts 56.6 → 55.3
 * per document, members4–6 94.2/63.3 · 92.8/64.0 (hit up, facts down: the other ask's passage is
 * pushed out); at 0.25 dev 94.5/80.2 · 93.9/79.2; on one-ask questions only dev 94.4/80.4 ·
 * 93.7/79.5 (2 facts won, 2 hits lost), members4–6 unchanged; on the asks' lists only dev
 * 94.1/80.4 · 93.6/79.5 (multi_hop hit 97.4 → 93.4). Ask lists interleaved (lead 3, 1 per ask)
 * or with other terms at 0.15: dev facts 78.8 / 79.2 per document, below.
 */
export const DEFAULT_LAY_BRIDGE = true;

/**
 * Whether BM25F queries leave function-word contractions out. Dev, no refusal, hit@5/facts
 * per-document · library (bench/answers.ts --sweep): all dev, kept 90.4/76.7 · 88.7/74.4, left out
 * 90.6/76.7 · 88.7/74.4; lay sets (147 answerable) 83.7/62.6 · 80.3/61.2 → 84.4/62.6 · 80.3/61.2.
 */
export const DEFAULT_DROP_CONTRACTIONS = true;

/**
 * Whether and how `fusion` mode runs pseudo-relevance feedback (rag/bm25/feedback.ts): off. Dev, no
 * refusal, hit@5/facts per-document · library (bench/answers.ts --sweep, `prf:UNITS/TERMS/WEIGHT`),
 * lay sets (members, members2, members3, asks-lay; 147 answerable): none 83.7/62.6 · 80.3/61.2;
 * 5/10/0.3 82.3/62.6 · 78.2/59.2; 3/10/0.3 82.3/61.2 · 77.6/59.2; 10/10/0.3 81.6/61.2 · 76.9/59.9;
 * 5/5/0.3 81.0/60.5 · 78.9/59.2; 5/20/0.3 82.3/62.6 · 78.2/59.9; 5/10/0.5 81.6/63.9 · 76.9/59.2;
 * 5/10/0.1 82.3/61.9 · 78.2/59.9; fused as a further RRF list at weight 0.5 rather than replacing the
 * first pass, 5/10/0.3 82.3/61.2 · 79.6/59.9. The units a lay question misses on are those whose
 * first pass was already off-topic, so their terms pull further away (query drift). Measured again with
 * decisive routes on their own index (all dev, 705 cases, no refusal, per-document · library): none
 * 93.8/82.0 · 93.0/81.0; 5/10/0.3 92.8/80.1 · 92.3/79.4; 3/5/0.2 92.6/80.4 · 92.0/79.6; 10/10/0.1
 * 92.8/80.9 · 92.5/80.1; 3/10/0.3 92.2/78.9 · 91.5/78.3; 5/5/0.5 92.0/79.7 · 92.0/79.1. Feedback terms
 * kept to the words of the documents' record labels (SBC and EOC chart service names): 5/10/0.3
 * 93.5/80.4 · 92.5/80.1, 5/3/0.3 93.1/80.9 · 92.5/80.7, 10/5/0.1 93.3/81.2 · 92.5/80.7. Defined terms
 * added from the question's best-matching definition records (EOC / IRDAI definitions as a thesaurus),
 * at 0.15, 0.3, 0.6: facts −0.3 to −1.5 per document. None kept.
 */
export const DEFAULT_FEEDBACK: FeedbackOptions | false = false;

/** Weight of a typo's correction relative to the misspelt term's (measured on dev: bench/answers.ts --sweep). */
export const DEFAULT_TYPO_WEIGHT = 1;

/** Query weight of Spanish → English cognate terms (rag/query/cognates.ts; measured on dev's Spanish cases). */
export const DEFAULT_COGNATE_WEIGHT = 0.6;

/**
 * Query weight of suffix-cognate terms (rag/query/cognate-forms.ts), as for a lay glossary
 * expansion (rag/query/analyze.ts `DEFAULT_GLOSSARY_TERM_WEIGHT`). Dev (bench/answers.ts, 626
 * cases without members3), Spanish hit@5/facts per document: 0.4 → 85.0/78.3, 0.6 → 88.3/81.7,
 * 0.8 → 88.3/80.0, 1 → 86.7/78.3 (library 88.3/75.0 at 0.6–0.8, 88.3/73.3 at 0.4).
 */
export const DEFAULT_COGNATE_FORM_WEIGHT = 0.6;

/**
 * How `fusion` mode routes questions naming a plan to its documents: `"soft"` fuses the named
 * documents' own ranking in as one more list; `true` keeps to them; `false` does not route.
 * Dev, library mode, hit@5: soft 70.4, hard 68.1, none 68.5 (bench/answers.ts --sweep).
 */
export const DEFAULT_DOCUMENT_ROUTING: boolean | "soft" = "soft";

/**
 * Whether a plan named beyond doubt is answered from its document alone, ranked as a member's only
 * document (rag/bm25/routing.ts `decisive`, ratio 2). Dev without members4 (bench/answers.ts, library mode,
 * with the number-pair routing): off 89.2 hit@5 / 74.3 facts, on 89.5 / 74.8; the cases it loses miss per
 * document too. A ratio of 3 gives 89.2 / 73.8.
 */
export const DEFAULT_DECISIVE_ROUTING = true;

/**
 * Whether a decisive route ranks on its document's own index. Dev without the held-out sets
 * (bench/answers.ts --retrieval fusion --mode library, 705 cases): off 91.8 hit@5 / 78.6 facts /
 * 45.2 unanswerable / 2.0 answerable refused, on 92.6 / 79.2 / 46.2 / 2.3 (per-document 93.5 / 80.6,
 * unchanged: one document never routes); by kind lookup 94.0/87.7 → 95.0/88.6, multi_hop 91.1/62.5 →
 * 94.6/64.3, spanish 91.6/82.1 → 92.6/84.2, paraphrase 87.5/62.5 → 86.8/61.1 (the cases lost there miss
 * per document too). Median retrieval 14.4 → 4.6 ms (a smaller index).
 */
export const DEFAULT_DECISIVE_OWN_INDEX = true;

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

/**
 * Whether name-like words route by document names (measured on dev: bench/answers.ts --sweep): the
 * question's all-capitals words and its adjacent word pairs written as one (./unit-memos.ts
 * `joinedPairTerms`: "Blue Shield" → "blueshield", the word of SBC_BlueShield.pdf's name that the
 * Anthem documents' "Blue Cross Blue Shield" text lacks). The pairs, dev without the held-out sets
 * (bench/answers.ts --mode library, 705 cases): hit@5/facts/unanswerable 93.1/79.9/46.2 → 93.3/80.2/48.4,
 * answerable refused 2.3 both; spanish 92.6/84.2 → 93.7/85.3, paraphrase facts 61.8 → 62.5, other kinds
 * equal. Capitalised words inside a sentence as well ("my Scan plan"): 93.3/80.1/48.4 alone, 93.3/79.9/48.4
 * with the pairs (multi_hop facts 64.3 → 62.5): not kept.
 */
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
  /**
   * The user's documents `question` names by its words (rag/bm25/routing.ts `route`: words rare
   * across the member's documents' text and found in their names or covers), [] when it names
   * none; undefined when this retriever does not route (modes other than `fusion`, routing off).
   */
  routedDocuments?(userId: string, question: string): Promise<readonly string[] | undefined>;
}
