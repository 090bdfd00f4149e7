export { buildQueryTerms, DEFAULT_QUERY_EXPANSION_WEIGHT, type QueryTerms, SPANISH_ORIGINAL_WEIGHT } from "./query.ts";
export {
  DEFAULT_BIGRAM_WEIGHT,
  DEFAULT_BM25_B,
  DEFAULT_BM25_K1,
  DEFAULT_LEXICAL_WEIGHT,
  DEFAULT_RRF_K,
  lexicalScores,
  rerank,
  rerankWithAnalysis,
  type RerankOptions,
  type ResolvedRerankOptions,
  resolveRerankOptions,
} from "./rerank.ts";
