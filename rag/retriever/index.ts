export { createRetriever, DEFAULT_CANDIDATES, DEFAULT_TOP_K } from "./retriever.ts";
export type { ChunkSearch, Reranker, Retrieval, Retriever, RetrieverOptions, StoredHit } from "./retriever.ts";
