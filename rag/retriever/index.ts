export { createRetriever } from "./retriever.ts";
export { DEFAULT_BASELINE_WEIGHT, DEFAULT_CANDIDATES, DEFAULT_FUSION_RERANK, DEFAULT_FUSION_SIGNALS, DEFAULT_TOP_K, runsTextSearch, runsVectorSearch, type FusionSignal } from "./options.ts";
export { createUnitCache, DEFAULT_UNIT_CACHE_MAX_UNITS, DEFAULT_UNIT_CACHE_USERS, type UnitCache, type UnitSource } from "./unit-cache.ts";
export type { ChunkSearch, Reranker, Retrieval, Retriever, RetrieverOptions, StoredHit, TextSearch } from "./options.ts";
export { DEFAULT_RRF_K, reciprocalRankFusion, type FusedItem } from "./fusion.ts";
export { assertRetrievalMode, DEFAULT_RETRIEVAL_MODE, RETRIEVAL_MODES, type RetrievalMode } from "./modes.ts";
export { RECORD_UNIT_ID_PREFIX, type RecordSource, type RecordUnitInput, recordUnit, withRecordUnits } from "./record-units.ts";
export { chunksAfterCitations, DEFAULT_MAX_CHUNKS_PER_PAGE, pageDiverseTop } from "./page-diverse.ts";
