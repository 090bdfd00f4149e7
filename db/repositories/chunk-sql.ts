/**
 * The SQL of the chunk repository (./chunks.ts): hits from result rows, the vector literal, the
 * search's user filter, the HNSW index path's settings and query, and the units version of a
 * user's chunks. Pure builders: nothing here runs a query.
 */
import { sql } from "drizzle-orm";
import type { SQL } from "drizzle-orm";
import { chunks, documents } from "../schema.ts";
import { distanceSql, type VectorStorage } from "../vector-index.ts";

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

/** Rows of a drizzle `execute` result (both drivers' shapes). */
export async function rowsOf<T = Record<string, unknown>>(result: Promise<unknown>): Promise<T[]> {
  const r = await result;
  return (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as T[];
}

/** Chunk hits from rows with the columns chunk_id, document_id, filename, ord, text, page_start, page_end, similarity. */
export function toHits(rows: Record<string, unknown>[]): ChunkHit[] {
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

/** The units version of a user's chunks as one text (count:ids hash:text bytes), see `unitsVersion`. */
export function chunksVersionSql(userId: string, embeddingModel: string): SQL {
  return sql`(
    select count(*)::int::text || ':' || coalesce(sum(hashtext(c.id::text)::bigint), 0)::text || ':' || coalesce(sum(octet_length(c.text)), 0)::text
    from ${chunks} c where c.user_id = ${userId}::uuid and c.embedding_model = ${embeddingModel}
  )`;
}

/** True when dotted `version` (e.g. `0.8.0`) is ≥ `min`. */
export function atLeast(version: string, min: readonly number[]): boolean {
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

/**
 * The transaction-local settings of the index path: `hnsw.ef_search`; `hnsw.iterative_scan =
 * strict_order` when `iterative` (pgvector ≥ 0.8); and `enable_sort = off`, so the planner takes
 * the HNSW index rather than sorting the user's rows by distance (its cost model prices a 1536-d
 * distance like any operator, so it prefers the sort for thousands of rows; above
 * `exactMaxChunks` that is the slow path this plan exists to avoid); and `jit = off`, since the
 * disabled sort's cost penalty would otherwise trigger JIT compilation (≈ 200 ms on PostgreSQL 15)
 * of a query that takes ≈ 2 ms.
 */
export function indexPathSettings(efSearch: number, iterative: boolean): SQL {
  const ef = sql`set_config('hnsw.ef_search', ${String(efSearch)}, true), set_config('enable_sort', 'off', true), set_config('jit', 'off', true)`;
  return iterative ? sql`select ${ef}, set_config('hnsw.iterative_scan', 'strict_order', true)` : sql`select ${ef}`;
}

/** Candidates taken from a `halfvec` index per requested hit, re-scored at full precision. */
export const HALFVEC_RESCORE_FACTOR = 2;

/**
 * The search's filter on chunks aliased `c`: this user, this embedding model, and (when given and
 * non-empty) these documents.
 */
export function chunkSearchFilter(userId: string, embeddingModel: string, documentIds?: readonly string[]): SQL {
  const docFilter =
    documentIds && documentIds.length > 0 ? sql`and c.document_id in (${sql.join(documentIds.map((id) => sql`${id}::uuid`), sql`, `)})` : sql``;
  return sql`c.user_id = ${userId}::uuid and c.embedding_model = ${embeddingModel} ${docFilter}`;
}

/**
 * The index path's query (run after {@link indexPathSettings}): the `candidates` nearest chunks
 * matching `where` in the order of the index's own distance expression (see `distanceSql`),
 * joined to their documents, re-scored on the full-precision column, best `limit` first. The
 * query vector `q` (a `[x,y,…]` literal) is sent once and read twice, the HNSW scan taking it as
 * an InitPlan parameter.
 */
export function indexSearchQuery(storage: VectorStorage, q: string, where: SQL, userId: string, candidates: number, limit: number): SQL {
  return sql`
    with q as (select ${q}::vector as v)
    select s.id as chunk_id, s.document_id, d.filename, s.ord, s.text, s.page_start, s.page_end,
      1 - (s.embedding <=> (select v from q)) as similarity
    from (
      select c.id, c.document_id, c.ord, c.text, c.page_start, c.page_end, c.embedding
      from ${chunks} c where ${where}
      order by ${distanceSql(storage, "c", sql`select v from q`)}
      limit ${candidates}
    ) s join ${documents} d on d.id = s.document_id and d.user_id = ${userId}::uuid
    order by similarity desc, s.document_id, s.ord
    limit ${limit}`;
}
