import { describe, expect, test } from "bun:test";
import { configError } from "../test/support/config.ts";
import { DEFAULT_EXACT_SEARCH_MAX_CHUNKS } from "../db/vector-index.ts";
import { loadConfig } from "./config.ts";

/** The ConfigError `loadConfig(env)` throws. */
const configErrorOf = (env: Record<string, string>) => configError(() => loadConfig(env));

describe("vector configuration", () => {
  const PG = { DATABASE_URL: "postgres://127.0.0.1/x" };

  test("defaults on PostgreSQL are pgvector's (m 16, ef_construction 64, ef_search 40) with vector storage", () => {
    expect(loadConfig({ ...PG, RETRIEVAL_MODE: "hybrid" }).vector).toEqual({
      index: { kind: "hnsw", m: 16, efConstruction: 64, storage: "vector" },
      search: { efSearch: 40, exactMaxChunks: DEFAULT_EXACT_SEARCH_MAX_CHUNKS, storage: "vector" },
      textIndex: "gin",
    });
  });

  test("on PostgreSQL the index follows RETRIEVAL_MODE: only a mode that runs the vector search keeps one by default", () => {
    expect(loadConfig(PG).vector.index.kind).toBe("none"); // fusion (the default) fuses BM25F only
    expect(loadConfig(PG).vector.search.exactMaxChunks).toBe(Number.MAX_SAFE_INTEGER);
    for (const mode of ["vector", "hybrid", "hybrid+glossary"]) expect(loadConfig({ ...PG, RETRIEVAL_MODE: mode }).vector.index.kind).toBe("hnsw");
    for (const mode of ["fusion", "bm25", "text"]) expect(loadConfig({ ...PG, RETRIEVAL_MODE: mode }).vector.index.kind).toBe("none");
    expect(loadConfig({ ...PG, VECTOR_INDEX: "hnsw" }).vector.index.kind).toBe("hnsw");
    expect(loadConfig({ RETRIEVAL_MODE: "vector" }).vector.index.kind).toBe("none"); // PGlite: none whatever the mode
  });

  test("the embedded PGlite has no index by default: every search is exact; VECTOR_INDEX chooses either way", () => {
    expect(loadConfig({}).vector.index.kind).toBe("none");
    expect(loadConfig({}).vector.search.exactMaxChunks).toBe(Number.MAX_SAFE_INTEGER);
    expect(loadConfig({ VECTOR_INDEX: "hnsw" }).vector).toMatchObject({ index: { kind: "hnsw" }, search: { exactMaxChunks: DEFAULT_EXACT_SEARCH_MAX_CHUNKS } });
    expect(loadConfig({ ...PG, VECTOR_INDEX: "none" }).vector.index.kind).toBe("none");
    expect(configErrorOf({ VECTOR_INDEX: "ivfflat" }).message).toContain("hnsw | none");
  });

  test("the full-text column follows RETRIEVAL_MODE: only text, hybrid and hybrid+glossary keep it by default; TEXT_INDEX chooses either way", () => {
    for (const env of [{}, PG]) {
      for (const mode of ["text", "hybrid", "hybrid+glossary"]) expect(loadConfig({ ...env, RETRIEVAL_MODE: mode }).vector.textIndex).toBe("gin");
      for (const mode of ["fusion", "bm25", "vector"]) expect(loadConfig({ ...env, RETRIEVAL_MODE: mode }).vector.textIndex).toBe("none");
    }
    expect(loadConfig({ TEXT_INDEX: "gin" }).vector.textIndex).toBe("gin");
    expect(loadConfig({ RETRIEVAL_MODE: "hybrid", TEXT_INDEX: "none" }).vector.textIndex).toBe("none");
    expect(configErrorOf({ TEXT_INDEX: "gist" }).message).toContain("gin | none");
  });

  test("a mode given as an override (navigator eval --mode / --ablation) decides both index defaults as RETRIEVAL_MODE does", () => {
    expect(loadConfig({}, { retrievalMode: "text" }).vector.textIndex).toBe("gin");
    expect(loadConfig({ RETRIEVAL_MODE: "hybrid" }, { retrievalMode: "fusion" }).vector.textIndex).toBe("none");
    expect(loadConfig(PG, { retrievalMode: "vector" }).vector.index.kind).toBe("hnsw");
    expect(loadConfig(PG, { retrievalMode: "fusion" }).vector.index.kind).toBe("none");
  });

  test("every variable is read, and the storage reaches both the index and the search", () => {
    const env = { ...PG, VECTOR_INDEX: "hnsw", HNSW_M: "24", HNSW_EF_CONSTRUCTION: "100", HNSW_EF_SEARCH: "80", VECTOR_STORAGE: "halfvec", EXACT_SEARCH_MAX_CHUNKS: "0" };
    expect(loadConfig(env).vector).toEqual({
      index: { kind: "hnsw", m: 24, efConstruction: 100, storage: "halfvec" },
      search: { efSearch: 80, exactMaxChunks: 0, storage: "halfvec" },
      textIndex: "none",
    });
  });

  test("values pgvector would refuse are named errors", () => {
    expect(configErrorOf({ HNSW_M: "1" }).variable).toBe("HNSW_M");
    expect(configErrorOf({ HNSW_M: "16.5" }).variable).toBe("HNSW_M");
    expect(configErrorOf({ HNSW_EF_CONSTRUCTION: "1001" }).variable).toBe("HNSW_EF_CONSTRUCTION");
    const tooSmall = configErrorOf({ HNSW_M: "32", HNSW_EF_CONSTRUCTION: "63" });
    expect(tooSmall.variable).toBe("HNSW_EF_CONSTRUCTION");
    expect(tooSmall.message).toContain("2 × HNSW_M (64");
    expect(configErrorOf({ HNSW_EF_SEARCH: "0" }).variable).toBe("HNSW_EF_SEARCH");
    expect(configErrorOf({ VECTOR_STORAGE: "bit" }).message).toContain("vector | halfvec");
    expect(configErrorOf({ EXACT_SEARCH_MAX_CHUNKS: "-1" }).variable).toBe("EXACT_SEARCH_MAX_CHUNKS");
  });
});
