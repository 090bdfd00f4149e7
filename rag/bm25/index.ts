export { type Bm25Field, type Bm25Index, type Bm25Options, type Bm25Query, type Bm25SearchOptions, createBm25Index, DEFAULT_BM25_B, DEFAULT_BM25_K1 } from "./bm25.ts";
export { buildUnitIndex, DEFAULT_FIELD_WEIGHTS, DEFAULT_FIELDED_K1, DEFAULT_SUB_INDEXES_PER_INDEX, type FieldWeights, recordUnitOrdinal, type StoredUnit, titleText, type UnitIndex } from "./units.ts";
export { bareTerm, createDocumentRouter, DEFAULT_DECISIVE_ROUTE_RATIO, type DocumentRouter, NAME_PAIR_WEIGHT, namePairs, PROFILE_FIRST_PAGE_WORDS, ROUTING_MAX_DOCUMENT_SHARE } from "./routing.ts";
export { DEFAULT_FEEDBACK_TERMS, DEFAULT_FEEDBACK_UNITS, DEFAULT_FEEDBACK_WEIGHT, DEFAULT_QUERY_IDF_EXPONENT, type FeedbackOptions, feedbackExpansion, idfWeighted } from "./feedback.ts";
