/**
 * Vector retrieval settings from the environment (`VECTOR_INDEX`, `HNSW_M`, `HNSW_EF_CONSTRUCTION`,
 * `HNSW_EF_SEARCH`, `VECTOR_STORAGE`, `EXACT_SEARCH_MAX_CHUNKS`), read once by `loadConfig` into
 * `NavigatorConfig.vector`. Defaults and bounds are pgvector's (db/vector-index.ts).
 */
import {
  DEFAULT_EXACT_SEARCH_MAX_CHUNKS,
  DEFAULT_HNSW_EF_CONSTRUCTION,
  DEFAULT_HNSW_EF_SEARCH,
  DEFAULT_HNSW_M,
  DEFAULT_VECTOR_STORAGE,
  HNSW_LIMITS,
  VECTOR_INDEX_KINDS,
  VECTOR_STORAGES,
  type VectorIndexKind,
  type VectorIndexOptions,
  type VectorSearchOptions,
  type VectorStorage,
} from "../db/vector-index.ts";
import { ConfigError } from "./config.ts";

/** Largest `EXACT_SEARCH_MAX_CHUNKS` (beyond it an exact scan of one user is far slower than the index). */
export const MAX_EXACT_SEARCH_MAX_CHUNKS = 1_000_000;

/** The HNSW index's definition (applied by migrations) and the search's query-time settings. */
export interface VectorConfig {
  /** `HNSW_M`, `HNSW_EF_CONSTRUCTION`, `VECTOR_STORAGE`: what `navigator migrate` builds; a server refuses an index that differs. */
  readonly index: VectorIndexOptions;
  /** `HNSW_EF_SEARCH`, `VECTOR_STORAGE`, `EXACT_SEARCH_MAX_CHUNKS`. */
  readonly search: VectorSearchOptions;
}

/**
 * Reads the vector settings of `env`, applying pgvector's defaults (m 16, ef_construction 64,
 * ef_search 40, storage `vector`) and {@link DEFAULT_EXACT_SEARCH_MAX_CHUNKS}. `VECTOR_INDEX`
 * defaults to `hnsw` with `DATABASE_URL` and to `none` on the embedded PGlite, where maintaining
 * the index costs more than it saves (see db/vector-index.ts `VECTOR_INDEX_KINDS`).
 * @throws ConfigError naming the variable: an integer out of pgvector's range, a storage other
 *   than vector | halfvec, or `HNSW_EF_CONSTRUCTION` below 2 × `HNSW_M` (pgvector refuses it).
 */
export function parseVectorConfig(env: Record<string, string | undefined>): VectorConfig {
  const int = (name: string, def: number, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === "") return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(name, raw, `an integer from ${min} to ${max}`);
    return n;
  };
  const m = int("HNSW_M", DEFAULT_HNSW_M, HNSW_LIMITS.m.min, HNSW_LIMITS.m.max);
  const efConstruction = int("HNSW_EF_CONSTRUCTION", DEFAULT_HNSW_EF_CONSTRUCTION, HNSW_LIMITS.efConstruction.min, HNSW_LIMITS.efConstruction.max);
  if (efConstruction < 2 * m) {
    throw new ConfigError("HNSW_EF_CONSTRUCTION", String(efConstruction), `at least 2 × HNSW_M (${2 * m}; pgvector refuses less)`);
  }
  const efSearch = int("HNSW_EF_SEARCH", DEFAULT_HNSW_EF_SEARCH, HNSW_LIMITS.efSearch.min, HNSW_LIMITS.efSearch.max);
  const exactMaxChunks = int("EXACT_SEARCH_MAX_CHUNKS", DEFAULT_EXACT_SEARCH_MAX_CHUNKS, 0, MAX_EXACT_SEARCH_MAX_CHUNKS);
  const kind = env.VECTOR_INDEX || (env.DATABASE_URL ? "hnsw" : "none");
  if (!(VECTOR_INDEX_KINDS as readonly string[]).includes(kind)) throw new ConfigError("VECTOR_INDEX", kind, VECTOR_INDEX_KINDS.join(" | "));
  const storage = env.VECTOR_STORAGE || DEFAULT_VECTOR_STORAGE;
  if (!(VECTOR_STORAGES as readonly string[]).includes(storage)) throw new ConfigError("VECTOR_STORAGE", storage, VECTOR_STORAGES.join(" | "));
  return {
    index: { kind: kind as VectorIndexKind, m, efConstruction, storage: storage as VectorStorage },
    // Without an index every search is exact, whatever the user's size.
    search: { efSearch, exactMaxChunks: kind === "none" ? Number.MAX_SAFE_INTEGER : exactMaxChunks, storage: storage as VectorStorage },
  };
}
