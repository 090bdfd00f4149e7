export { createRetriever, DEFAULT_CANDIDATES, DEFAULT_TOP_K } from "./retriever.ts";
export type { ChunkSearch, Reranker, Retrieval, Retriever, RetrieverOptions, StoredHit, TextSearch } from "./retriever.ts";
export { DEFAULT_RRF_K, reciprocalRankFusion, type FusedItem } from "./fusion.ts";
export { assertRetrievalMode, DEFAULT_RETRIEVAL_MODE, RETRIEVAL_MODES, type RetrievalMode } from "./modes.ts";
