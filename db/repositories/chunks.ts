import { and, eq, sql } from "drizzle-orm";
import type { SQL } from "drizzle-orm";
import type { Database } from "../client.ts";
import { chunks, documents, EMBEDDING_DIMENSIONS } from "../schema.ts";
import { copyChunks, type CopyChunksOptions, type CopyTransaction } from "./chunk-copy.ts";
import { streamChunks, type ChunkStream } from "./chunk-stream.ts";
import { vectorSearchOptions, type VectorSearchOptions } from "../vector-index.ts";
import { atLeast, chunkSearchFilter, chunksVersionSql, HALFVEC_RESCORE_FACTOR, indexPathSettings, indexSearchQuery, rowsOf, toHits, toVectorLiteral, type ChunkHit } from "./chunk-sql.ts";

export {
  chunkSearchFilter,
  chunksVersionSql,
  HALFVEC_RESCORE_FACTOR,
  indexPathSettings,
  indexSearchQuery,
  rowsOf,
  toHits,
  toVectorLiteral,
  type ChunkHit,
} from "./chunk-sql.ts";

/** A chunk ready to store. `embedding` must have {@link EMBEDDING_DIMENSIONS} values. */
export interface NewChunk {
  readonly id: string;
  readonly ord: number;
  readonly text: string;
  readonly pageStart: number;
  readonly pageEnd: number;
  readonly embedding: Float32Array | readonly number[];
}

/** Options of {@link ChunkRepository.search}. */
export interface ChunkSearchOptions {
  /** Maximum hits. */
  readonly limit: number;
  /** Minimum cosine similarity, inclusive. */
  readonly minSimilarity?: number;
  /** Restrict to these documents (still of this user). */
  readonly documentIds?: readonly string[];
  /** Only vectors of this embedding model are comparable. */
  readonly embeddingModel: string;
}

/** Rows upserted per INSERT statement (bounded statement size: 200 × 1536 floats ≈ 3 MB of SQL). */
export const CHUNK_UPSERT_BATCH_ROWS = 200;
/**
 * Rows per INSERT on the embedded PGlite: it runs one statement at a time, so every other query
 * (a chat turn, `/health`'s `select 1`) waits behind a whole batch; a 200-row batch of the EOC
 * held it 300–500 ms (measured), 25 rows keep that wait to tens of milliseconds.
 */
export const PGLITE_CHUNK_UPSERT_BATCH_ROWS = 25;

/** Chunks and nearest-neighbour search, always within one user's rows. */
export interface ChunkRepository {
  /** Inserts or replaces chunks by id (deterministic ids make redelivery idempotent). */
  upsertMany(userId: string, documentId: string, meta: { embeddingModel: string; chunker: string }, rows: readonly NewChunk[]): Promise<number>;
  /**
   * Opens a {@link ChunkStream}: the document's chunks stored while they are still being made, in
   * one transaction (upserted as `upsertMany` would, visible at `finish`). Present only where a
   * transaction may hold a connection meanwhile (PostgreSQL with `streamStore`).
   */
  openStream?(userId: string, documentId: string, meta: { embeddingModel: string; chunker: string }): ChunkStream;
  /** Deletes chunks of this document whose ordinal is ≥ `fromOrdinal` (left over from a longer earlier run). */
  trimDocument(userId: string, documentId: string, fromOrdinal: number): Promise<void>;
  /**
   * The `limit` chunks of this user (of `embeddingModel`, within `documentIds` when given) most
   * cosine-similar to `query`, best first (ties by document id, ordinal), at least
   * `minSimilarity` similar. `similarity` is always computed on the full-precision `vector` column.
   *
   * Plan (it cannot lose rows to the approximate index under a selective user filter):
   * 1. Count the matching chunks, bounded: `count(*)` over at most `exactMaxChunks + 1` rows
   *    (served by the `(user_id, document_id)` index).
   * 2. At most `exactMaxChunks`: an exact scan of those rows (materialised, so no index is used).
   * 3. More: the HNSW index, in a transaction with `SET LOCAL hnsw.ef_search` (≥ the candidate
   *    count), `enable_sort = off` (see {@link indexPathSettings}) and, on pgvector ≥ 0.8,
   *    `hnsw.iterative_scan = strict_order` (the scan goes on
   *    past `ef_search` until enough rows pass the filter, in exact distance order), ordered by
   *    the expression the index was built on (`embedding::halfvec(1536)` for halfvec storage,
   *    whose candidates, 2 × `limit`, are re-scored on `embedding`); `minSimilarity` is applied
   *    afterwards, so it cannot starve the scan. If the index path returns fewer than `limit`
   *    rows (the iterative scan stopped at `hnsw.max_scan_tuples`, 20,000 by default, or pgvector
   *    < 0.8), the exact scan answers instead.
   * Above `exactMaxChunks` the result is approximate only as HNSW itself is (recall@5 0.95 at
   * 100k clustered synthetic chunks with pgvector's defaults, 0.99 with ef_search 80:
   * bench/vector.bench.ts).
   * @throws the driver's error when the database fails (see db/availability.ts).
   */
  search(userId: string, query: Float32Array | readonly number[], options: ChunkSearchOptions): Promise<ChunkHit[]>;
  countForDocument(userId: string, documentId: string): Promise<number>;
  /**
   * Every chunk of the user embedded by `embeddingModel` (no vectors), by document and ordinal:
   * what the retriever's in-memory BM25 index is built from.
   */
  listUnits(userId: string, embeddingModel: string): Promise<Omit<ChunkHit, "similarity">[]>;
  /**
   * A value that changes whenever the user's chunks of `embeddingModel` change (count, ids and
   * text sizes in bytes), so the in-memory index knows when to rebuild. One scan of the user's chunk
   * rows; `octet_length` reads a stored text's size from its header, where `length` would
   * decompress every text (~2.5 → 0.7 ms per question for the EOC and two SBCs).
   */
  unitsVersion(userId: string, embeddingModel: string): Promise<string>;
}

/**
 * Which plan answered a search (see {@link ChunkRepository.search}): the exact scan, the HNSW
 * index, or the index and then the exact scan because the index returned fewer than `limit` rows.
 */
export type ChunkSearchPlan = "exact" | "index" | "index-then-exact";

/** Options of {@link createChunkRepository}: the search's settings (defaults in db/vector-index.ts) and an observer. */
export interface ChunkRepositoryOptions extends Partial<VectorSearchOptions> {
  /** Called after each search with the plan that answered it (for metrics and tests); must not throw. */
  readonly onSearchPlan?: (plan: ChunkSearchPlan) => void;
  /** Rows per INSERT of `upsertMany`, integer ≥ 1. Default {@link CHUNK_UPSERT_BATCH_ROWS}. */
  readonly upsertBatchRows?: number;
  /**
   * `upsertMany` loads the rows by binary COPY in these transactions (see ./chunk-copy.ts)
   * instead of INSERTs with text vectors (`DatabaseHandle.copyTransaction`). Absent: INSERTs.
   */
  readonly copyTransaction?: CopyTransaction;
  /** Batching of the COPY path (rows per batch, batches in flight). Default: ./chunk-copy.ts's defaults. */
  readonly copy?: CopyChunksOptions;
  /** Offer `openStream` (with `copyTransaction`; only for a pool of connections: the stream holds one). Default false. */
  readonly streamStore?: boolean;
}

/**
 * Creates the chunk repository over `db`; `search` options (defaults in db/vector-index.ts) tune
 * {@link ChunkRepository.search}.
 * @throws RangeError on invalid search options.
 */
export function createChunkRepository(db: Database, search: ChunkRepositoryOptions = {}): ChunkRepository {
  const vectorSearch = vectorSearchOptions(search);
  const upsertBatchRows = search.upsertBatchRows ?? CHUNK_UPSERT_BATCH_ROWS;
  if (!Number.isInteger(upsertBatchRows) || upsertBatchRows < 1) throw new RangeError(`upsertBatchRows must be an integer ≥ 1, got ${upsertBatchRows}`);
  const observe = search.onSearchPlan ?? (() => {});
  let iterativeScan: Promise<boolean> | undefined;
  /** pgvector ≥ 0.8 has `hnsw.iterative_scan`; asked once (again after a failed attempt, e.g. the database was down). */
  const hasIterativeScan = () =>
    (iterativeScan ??= rowsOf<{ v: string }>(db.execute(sql`select extversion as v from pg_extension where extname = 'vector'`)).then(
      ([row]) => atLeast(row?.v ?? "0", [0, 8, 0]),
      (error: unknown) => {
        iterativeScan = undefined;
        throw error;
      },
    ));

  async function exactSearch(userId: string, q: string, where: SQL, minSimilarity: number, limit: number): Promise<ChunkHit[]> {
    return toHits(
      await rowsOf(
        db.execute(sql`
          with mine as materialized (
            select c.id, c.document_id, c.ord, c.text, c.page_start, c.page_end, c.embedding
            from ${chunks} c where ${where}
          ), scored as (
            select m.*, 1 - (m.embedding <=> ${q}::vector) as similarity from mine m
          )
          select s.id as chunk_id, s.document_id, d.filename, s.ord, s.text, s.page_start, s.page_end, s.similarity
          from scored s join ${documents} d on d.id = s.document_id and d.user_id = ${userId}::uuid
          where s.similarity >= ${minSimilarity}
          order by s.similarity desc, s.document_id, s.ord
          limit ${limit}
        `),
      ),
    );
  }

  async function indexedSearch(userId: string, q: string, where: SQL, limit: number): Promise<ChunkHit[]> {
    const candidates = vectorSearch.storage === "halfvec" ? limit * HALFVEC_RESCORE_FACTOR : limit;
    const efSearch = Math.min(1000, Math.max(vectorSearch.efSearch, candidates));
    const iterative = await hasIterativeScan();
    return db.transaction(async (tx) => {
      await tx.execute(indexPathSettings(efSearch, iterative));
      return toHits(
        await rowsOf(
          tx.execute(indexSearchQuery(vectorSearch.storage, q, where, userId, candidates, limit)),
        ),
      );
    });
  }

  return {
    async upsertMany(userId, documentId, meta, rows) {
      if (search.copyTransaction) return copyChunks(search.copyTransaction, userId, documentId, meta, rows, EMBEDDING_DIMENSIONS, search.copy);
      for (let i = 0; i < rows.length; i += upsertBatchRows) {
        const batch = rows.slice(i, i + upsertBatchRows).map((r) => ({
          id: r.id,
          userId,
          documentId,
          ord: r.ord,
          text: r.text,
          pageStart: r.pageStart,
          pageEnd: r.pageEnd,
          embedding: sql`${toVectorLiteral(r.embedding)}::vector` as unknown as number[],
          embeddingModel: meta.embeddingModel,
          chunker: meta.chunker,
        }));
        await db
          .insert(chunks)
          .values(batch)
          .onConflictDoUpdate({
            target: chunks.id,
            set: {
              text: sql`excluded.text`,
              pageStart: sql`excluded.page_start`,
              pageEnd: sql`excluded.page_end`,
              embedding: sql`excluded.embedding`,
              embeddingModel: sql`excluded.embedding_model`,
            },
          });
      }
      return rows.length;
    },
    ...(search.copyTransaction && search.streamStore
      ? { openStream: (userId: string, documentId: string, meta: { embeddingModel: string; chunker: string }) => streamChunks(search.copyTransaction!, userId, documentId, meta, EMBEDDING_DIMENSIONS) }
      : {}),
    async trimDocument(userId, documentId, fromOrdinal) {
      await db
        .delete(chunks)
        .where(and(eq(chunks.userId, userId), eq(chunks.documentId, documentId), sql`${chunks.ord} >= ${fromOrdinal}`));
    },
    async search(userId, query, options) {
      const q = toVectorLiteral(query);
      const where = chunkSearchFilter(userId, options.embeddingModel, options.documentIds);
      const minSimilarity = options.minSimilarity ?? -1;
      if (vectorSearch.exactMaxChunks > 0) {
        const [counted] = await rowsOf<{ n: number }>(
          db.execute(sql`select count(*)::int as n from (select 1 from ${chunks} c where ${where} limit ${vectorSearch.exactMaxChunks + 1}) x`),
        );
        if (Number(counted?.n ?? 0) <= vectorSearch.exactMaxChunks) {
          const exact = await exactSearch(userId, q, where, minSimilarity, options.limit);
          observe("exact");
          return exact;
        }
      }
      const hits = await indexedSearch(userId, q, where, options.limit);
      if (hits.length < options.limit) {
        const exact = await exactSearch(userId, q, where, minSimilarity, options.limit);
        observe("index-then-exact");
        return exact;
      }
      observe("index");
      return hits.filter((h) => h.similarity >= minSimilarity);
    },
    async listUnits(userId, embeddingModel) {
      const rows = await rowsOf(
        db.execute(sql`
          select c.id as chunk_id, c.document_id, d.filename, c.ord, c.text, c.page_start, c.page_end, 0 as similarity
          from ${chunks} c join ${documents} d on d.id = c.document_id and d.user_id = ${userId}::uuid
          where c.user_id = ${userId}::uuid and c.embedding_model = ${embeddingModel}
          order by c.document_id, c.ord
        `),
      );
      return toHits(rows).map(({ similarity: _s, ...u }) => u);
    },
    async unitsVersion(userId, embeddingModel) {
      const [row] = await rowsOf<{ v: unknown }>(db.execute(sql`select ${chunksVersionSql(userId, embeddingModel)} as v`));
      return String(row?.v ?? "0:0:0");
    },
    async countForDocument(userId, documentId) {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(chunks)
        .where(and(eq(chunks.userId, userId), eq(chunks.documentId, documentId)));
      return Number(row?.n ?? 0);
    },
  };
}
