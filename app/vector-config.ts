/**
 * Vector retrieval settings from the environment (`VECTOR_INDEX`, `HNSW_M`, `HNSW_EF_CONSTRUCTION`,
 * `HNSW_EF_SEARCH`, `VECTOR_STORAGE`, `EXACT_SEARCH_MAX_CHUNKS`) and the full-text index
 * (`TEXT_INDEX`), read once by `loadConfig` into
 * `NavigatorConfig.vector`. Defaults and bounds are pgvector's (db/vector-index.ts).
 */
import { DEFAULT_EXACT_SEARCH_MAX_CHUNKS, type TextIndexKind, type VectorIndexOptions, type VectorSearchOptions } from "../db/index.ts";
import { runsTextSearch, runsVectorSearch, type RetrievalMode } from "../rag/retriever/index.ts";
import { ConfigError, readConfigVariables, type ConfigVariables, type Env } from "./config-schema.ts";

/** The HNSW index's definition (applied by migrations) and the search's query-time settings. */
export interface VectorConfig {
  /** `HNSW_M`, `HNSW_EF_CONSTRUCTION`, `VECTOR_STORAGE`: what `navigator migrate` builds; a server refuses an index that differs. */
  readonly index: VectorIndexOptions;
  /** `HNSW_EF_SEARCH`, `VECTOR_STORAGE`, `EXACT_SEARCH_MAX_CHUNKS`. */
  readonly search: VectorSearchOptions;
  /**
   * `TEXT_INDEX`: whether chunks keep the full-text column `tsv` and its GIN index
   * (db/text-index.ts), which only the `text`/`hybrid` modes read. Default: `gin` when
   * `RETRIEVAL_MODE` runs PostgreSQL's full-text search (`runsTextSearch`), `none` otherwise
   * (computing and indexing it cost ~0.2 s of the 232-page EOC's store on PostgreSQL).
   */
  readonly textIndex: TextIndexKind;
}

/**
 * Reads the vector settings of `env`, applying pgvector's defaults (m 16, ef_construction 64,
 * ef_search 40, storage `vector`) and {@link DEFAULT_EXACT_SEARCH_MAX_CHUNKS}. `VECTOR_INDEX`
 * defaults to `hnsw` with `DATABASE_URL` when `RETRIEVAL_MODE` runs the vector search
 * (`runsVectorSearch`: `vector`, `hybrid`, `hybrid+glossary`), and to `none` otherwise: the
 * default `fusion` ranks without the vector side, so an index would only be upkeep (on
 * PostgreSQL ~0.35 s of the 232-page EOC's ingest, bench/peers/llamaindex.bench.ts; 14.8 s
 * inside PGlite's WASM, see db/vector-index.ts `VECTOR_INDEX_KINDS`).
 * @throws ConfigError naming the variable: an integer out of pgvector's range, a storage other
 *   than vector | halfvec, or `HNSW_EF_CONSTRUCTION` below 2 × `HNSW_M` (pgvector refuses it).
 */
export function parseVectorConfig(env: Env): VectorConfig {
  const v = readConfigVariables(env);
  return vectorSection(v, { databaseUrl: env.DATABASE_URL || undefined, retrievalMode: v.value("RETRIEVAL_MODE") as RetrievalMode });
}

/** The vector section of `loadConfig` (see {@link parseVectorConfig}); `databaseUrl` and `retrievalMode` decide the `VECTOR_INDEX` default. */
export function vectorSection(v: ConfigVariables, context: { databaseUrl?: string; retrievalMode: RetrievalMode }): VectorConfig {
  const m = v.value("HNSW_M");
  const efConstruction = v.value("HNSW_EF_CONSTRUCTION");
  if (efConstruction < 2 * m) {
    throw new ConfigError("HNSW_EF_CONSTRUCTION", String(efConstruction), `at least 2 × HNSW_M (${2 * m}; pgvector refuses less)`);
  }
  const efSearch = v.value("HNSW_EF_SEARCH");
  const exactMaxChunks = v.value("EXACT_SEARCH_MAX_CHUNKS");
  const kind = v.get("VECTOR_INDEX") ?? (context.databaseUrl && runsVectorSearch(context.retrievalMode) ? "hnsw" : "none");
  const storage = v.value("VECTOR_STORAGE");
  const textIndex = v.get("TEXT_INDEX") ?? (runsTextSearch(context.retrievalMode) ? "gin" : "none");
  return {
    textIndex,
    index: { kind, m, efConstruction, storage },
    // Without an index every search is exact, whatever the user's size.
    search: { efSearch, exactMaxChunks: kind === "none" ? Number.MAX_SAFE_INTEGER : exactMaxChunks, storage },
  };
}
