export { fnv1a, FNV_OFFSET_BASIS, FNV_PRIME } from "./hash.ts";
export type { FeatureWeights } from "./features.ts";
export {
  cosine,
  createHashedEmbedder,
  DEFAULT_EXPANSION_WEIGHT,
  DEFAULT_FEATURE_WEIGHTS,
  DEFAULT_HASHED_DIMENSIONS,
  HASHED_MODEL_ID,
  HASHED_SIMILARITY_THRESHOLD,
  type HashedEmbedderOptions,
  l2normalize,
} from "./hashed-embedder.ts";
export { stem } from "../text/light-stem.ts";
export { ENGLISH_STOPWORDS, SPANISH_STOPWORDS } from "../text/stopwords.ts";
export { normalizeText, terms, type Token, type TokenKind, tokenize } from "../text/tokenize.ts";
