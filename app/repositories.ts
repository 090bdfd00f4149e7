/**
 * The data side of the composition root: repositories over the opened database (instrumented,
 * with the driver's batch sizes) and the retriever that reads them.
 */
import { createRepositories, instrumentRepositories, PGLITE_CHUNK_UPSERT_BATCH_ROWS, CHUNK_COPY_BATCH_ROWS, DEFAULT_CHUNK_COPY_CONCURRENCY, PGLITE_CHUNK_COPY_BATCH_ROWS, type DatabaseHandle, type Repositories } from "../db/index.ts";
import { rerankWithAnalysis } from "../rag/rerank/index.ts";
import { createRetriever, type Retriever, withRecordUnits } from "../rag/retriever/index.ts";
import type { Embedder } from "../rag/types.ts";
import type { NavigatorConfig } from "./config.ts";
import { createLocalUnitsVersion } from "./local-units-version.ts";
import type { Metrics } from "./telemetry/index.ts";
import { createTurnUnits } from "./turn-units.ts";

/**
 * Repositories over `database`, their queries observed by `metrics.database`. Chunks are stored by
 * binary COPY (db/repositories/chunk-copy.ts): on PostgreSQL two batches at once, on the
 * one-statement-at-a-time PGlite in small batches. Embedded, this process is the only writer, so
 * the units version is counted here (`localVersion`), not queried.
 */
export function repositoriesFor(database: DatabaseHandle, config: NavigatorConfig, metrics: Metrics): { repos: Repositories; localVersion?: ReturnType<typeof createLocalUnitsVersion> } {
  const instrumented = instrumentRepositories(
    createRepositories(database.db, {
      vectorSearch: {
        ...config.vector.search,
        onSearchPlan: (plan) => metrics.database.searchPlan(plan),
        ...(database.kind === "pglite" ? { upsertBatchRows: PGLITE_CHUNK_UPSERT_BATCH_ROWS } : {}),
        ...(database.copyTransaction ? { copyTransaction: database.copyTransaction } : {}),
        // A streamed store holds a connection while the worker embeds: PostgreSQL's pool has others.
        streamStore: database.kind === "postgres",
        copy:
          database.kind === "pglite"
            ? { batchRows: PGLITE_CHUNK_COPY_BATCH_ROWS, concurrency: 1 }
            : { batchRows: CHUNK_COPY_BATCH_ROWS, concurrency: DEFAULT_CHUNK_COPY_CONCURRENCY },
      },
    }),
    metrics.database,
  );
  const localVersion = database.kind === "pglite" ? createLocalUnitsVersion(instrumented) : undefined;
  return localVersion ? { repos: localVersion.repos, localVersion } : { repos: instrumented };
}

/**
 * The retriever over `repos` (RETRIEVAL_MODE, TOP_K, the provider's similarity threshold) and the
 * per-turn units scope the user agent opens: chunks and the documents' structure records
 * (rag/retriever record-units) as BM25 units, their version read once per chat turn
 * (./turn-units.ts; on PostgreSQL chunks|records in one statement).
 */
export function retrieverFor(
  parts: { repos: Repositories; localVersion?: ReturnType<typeof createLocalUnitsVersion>; embedder: Embedder },
  options: { config: NavigatorConfig; similarityThreshold: number },
): { retriever: Retriever; turnScope: ReturnType<typeof createTurnUnits>["scope"] } {
  const { repos, localVersion, embedder } = parts;
  const withRecords = withRecordUnits(
    { version: (userId, model) => repos.chunks.unitsVersion(userId, model), load: (userId, model) => repos.chunks.listUnits(userId, model) },
    { version: (userId) => repos.records.unitsVersion(userId), list: (userId) => repos.records.listUnits(userId) },
  );
  const turnUnits = createTurnUnits({
    version: localVersion ? async (userId) => localVersion.version(userId) : (userId, model) => repos.records.unitsVersionWithChunks(userId, model),
    load: withRecords.load,
  });
  const retriever = createRetriever(
    {
      embedder,
      search: (userId, vector, o) => repos.chunks.search(userId, vector, o),
      textSearch: (userId, text, o) => repos.chunkText.searchText(userId, text, o),
      rerank: rerankWithAnalysis,
      units: turnUnits.units,
    },
    { topK: options.config.topK, similarityThreshold: options.similarityThreshold, mode: options.config.retrievalMode },
  );
  return { retriever, turnScope: turnUnits.scope };
}
