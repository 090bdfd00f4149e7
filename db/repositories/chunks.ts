import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../client.ts";
import { chunks, documents } from "../schema.ts";

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
   * Exact cosine search over this user's chunks (a materialised per-user scan: it cannot lose
   * rows to an approximate index under a selective user filter).
   */
  search(userId: string, query: Float32Array | readonly number[], options: ChunkSearchOptions): Promise<ChunkHit[]>;
  countForDocument(userId: string, documentId: string): Promise<number>;
}

/** pgvector's text input form, `[x,y,...]`. */
export function toVectorLiteral(v: Float32Array | readonly number[]): string {
  return `[${Array.prototype.join.call(v, ",")}]`;
}

/** Creates the chunk repository over `db`. */
export function createChunkRepository(db: Database): ChunkRepository {
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
      const minSimilarity = options.minSimilarity ?? -1;
      const result = await db.execute(sql`
        with mine as materialized (
          select c.id, c.document_id, c.ord, c.text, c.page_start, c.page_end, c.embedding
          from ${chunks} c
          where c.user_id = ${userId}::uuid and c.embedding_model = ${options.embeddingModel} ${docFilter}
        ), scored as (
          select m.*, 1 - (m.embedding <=> ${q}::vector) as similarity from mine m
        )
        select s.id as chunk_id, s.document_id, d.filename, s.ord, s.text, s.page_start, s.page_end, s.similarity
        from scored s join ${documents} d on d.id = s.document_id and d.user_id = ${userId}::uuid
        where s.similarity >= ${minSimilarity}
        order by s.similarity desc, s.document_id, s.ord
        limit ${options.limit}
      `);
      const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];
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
