import { and, eq, sql } from "drizzle-orm";
import type { SQL } from "drizzle-orm";
import type { Database } from "../client.ts";
import { chunks, documents } from "../schema.ts";
import { distanceSql, vectorSearchOptions, type VectorSearchOptions } from "../vector-index.ts";

/** A chunk ready to store. `embedding` must have {@link EMBEDDING_DIMENSIONS} values. */
export interface NewChunk {
  readonly id: string;
  readonly ord: number;
  readonly text: string;
  readonly pageStart: number;
  readonly pageEnd: number;
  readonly embedding: Float32Array | readonly number[];
}

/** A nearest-neighbour hit. `similarity` is cosine similarity (1 − cosine distance). */
export interface ChunkHit {
  readonly chunkId: string;
  readonly documentId: string;
  readonly filename: string;
  readonly ordinal: number;
  readonly text: string;
  readonly pageStart: number;
  readonly pageEnd: number;
  readonly similarity: number;
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

/** Chunks and nearest-neighbour search, always within one user's rows. */
export interface ChunkRepository {
  /** Inserts or replaces chunks by id (deterministic ids make redelivery idempotent). */
  upsertMany(userId: string, documentId: string, meta: { embeddingModel: string; chunker: string }, rows: readonly NewChunk[]): Promise<number>;
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
   *    count) and, on pgvector ≥ 0.8, `hnsw.iterative_scan = strict_order` (the scan goes on
   *    past `ef_search` until enough rows pass the filter, in exact distance order), ordered by
   *    the expression the index was built on (`embedding::halfvec(1536)` for halfvec storage,
   *    whose candidates, 2 × `limit`, are re-scored on `embedding`); `minSimilarity` is applied
   *    afterwards, so it cannot starve the scan. If the index path returns fewer than `limit`
   *    rows (the iterative scan stopped at `hnsw.max_scan_tuples`, 20,000 by default, or pgvector
   *    < 0.8), the exact scan answers instead.
   * Above `exactMaxChunks` the result is approximate only as HNSW itself is (recall@5 ≥ 0.97 at
   * 100k clustered chunks with pgvector's defaults: bench/vector.bench.ts).
   */
  search(userId: string, query: Float32Array | readonly number[], options: ChunkSearchOptions): Promise<ChunkHit[]>;
  countForDocument(userId: string, documentId: string): Promise<number>;
}

/** Rows of a drizzle `execute` result (both drivers' shapes). */
async function rowsOf<T = Record<string, unknown>>(result: Promise<unknown>): Promise<T[]> {
  const r = await result;
  return (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as T[];
}

function toHits(rows: Record<string, unknown>[]): ChunkHit[] {
  return rows.map((r) => ({
    chunkId: String(r.chunk_id),
    documentId: String(r.document_id),
    filename: String(r.filename),
    ordinal: Number(r.ord),
    text: String(r.text),
    pageStart: Number(r.page_start),
    pageEnd: Number(r.page_end),
    similarity: Number(r.similarity),
  }));
}

/** True when dotted `version` (e.g. `0.8.0`) is ≥ `min`. */
function atLeast(version: string, min: readonly number[]): boolean {
  const parts = version.split(".").map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < min.length; i++) {
    const a = parts[i] ?? 0;
    if (a !== min[i]) return a > min[i]!;
  }
  return true;
}

/** pgvector's text input form, `[x,y,...]`. */
export function toVectorLiteral(v: Float32Array | readonly number[]): string {
  return `[${Array.prototype.join.call(v, ",")}]`;
}

/** Candidates taken from a `halfvec` index per requested hit, re-scored at full precision. */
export const HALFVEC_RESCORE_FACTOR = 2;

/**
 * Creates the chunk repository over `db`; `search` options (defaults in db/vector-index.ts) tune
 * {@link ChunkRepository.search}.
 * @throws RangeError on invalid search options.
 */
export function createChunkRepository(db: Database, search: Partial<VectorSearchOptions> = {}): ChunkRepository {
  const vectorSearch = vectorSearchOptions(search);
  let iterativeScan: Promise<boolean> | undefined;
  /** pgvector ≥ 0.8 has `hnsw.iterative_scan`; asked once. */
  const hasIterativeScan = () =>
    (iterativeScan ??= rowsOf<{ v: string }>(db.execute(sql`select extversion as v from pg_extension where extname = 'vector'`)).then(
      ([row]) => atLeast(row?.v ?? "0", [0, 8, 0]),
      () => false,
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
      await tx.execute(
        iterative
          ? sql`select set_config('hnsw.ef_search', ${String(efSearch)}, true), set_config('hnsw.iterative_scan', 'strict_order', true)`
          : sql`select set_config('hnsw.ef_search', ${String(efSearch)}, true)`,
      );
      return toHits(
        await rowsOf(
          tx.execute(sql`
            select s.id as chunk_id, s.document_id, d.filename, s.ord, s.text, s.page_start, s.page_end,
              1 - (s.embedding <=> ${q}::vector) as similarity
            from (
              select c.id, c.document_id, c.ord, c.text, c.page_start, c.page_end, c.embedding
              from ${chunks} c where ${where}
              order by ${distanceSql(vectorSearch.storage, "c", q)}
              limit ${candidates}
            ) s join ${documents} d on d.id = s.document_id and d.user_id = ${userId}::uuid
            order by similarity desc, s.document_id, s.ord
            limit ${limit}
          `),
        ),
      );
    });
  }

  return {
    async upsertMany(userId, documentId, meta, rows) {
      for (let i = 0; i < rows.length; i += CHUNK_UPSERT_BATCH_ROWS) {
        const batch = rows.slice(i, i + CHUNK_UPSERT_BATCH_ROWS).map((r) => ({
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
    async trimDocument(userId, documentId, fromOrdinal) {
      await db
        .delete(chunks)
        .where(and(eq(chunks.userId, userId), eq(chunks.documentId, documentId), sql`${chunks.ord} >= ${fromOrdinal}`));
    },
    async search(userId, query, options) {
      const q = toVectorLiteral(query);
      const docFilter =
        options.documentIds && options.documentIds.length > 0
          ? sql`and c.document_id in (${sql.join(options.documentIds.map((id) => sql`${id}::uuid`), sql`, `)})`
          : sql``;
      const where = sql`c.user_id = ${userId}::uuid and c.embedding_model = ${options.embeddingModel} ${docFilter}`;
      const minSimilarity = options.minSimilarity ?? -1;
      if (vectorSearch.exactMaxChunks > 0) {
        const [counted] = await rowsOf<{ n: number }>(
          db.execute(sql`select count(*)::int as n from (select 1 from ${chunks} c where ${where} limit ${vectorSearch.exactMaxChunks + 1}) x`),
        );
        if (Number(counted?.n ?? 0) <= vectorSearch.exactMaxChunks) return exactSearch(userId, q, where, minSimilarity, options.limit);
      }
      const hits = await indexedSearch(userId, q, where, options.limit);
      if (hits.length < options.limit) return exactSearch(userId, q, where, minSimilarity, options.limit);
      return hits.filter((h) => h.similarity >= minSimilarity);
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
