/**
 * Which embedding models the stored vectors come from, across all users: the start-up guard
 * (vectors of two models never mix in one index) and `navigator reembed` read and rewrite them.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../client.ts";
import { chunks } from "../schema.ts";
import { toVectorLiteral } from "./chunks.ts";

/** Chunks re-embedded per UPDATE statement (200 × 1536 floats ≈ 3 MB of SQL, as chunk upserts). */
export const REEMBED_UPDATE_BATCH_ROWS = 200;

/** A chunk to re-embed. */
export interface ChunkToReembed {
  readonly id: string;
  readonly text: string;
}

/** One document with chunks of another model. */
export interface DocumentToReembed {
  readonly userId: string;
  readonly documentId: string;
  /** Its chunks whose model differs from the target. */
  readonly chunks: number;
}

/** Reads and rewrites chunks by embedding model. Not user-facing: it spans all users. */
export interface EmbeddingModelRepository {
  /**
   * Models other than `model` found on stored chunks, with their chunk counts, by model name.
   * One scan of the chunks table (the guard runs it once per start).
   */
  otherModels(model: string): Promise<{ model: string; chunks: number }[]>;
  /** Documents holding chunks of another model than `model`, by user then document id. */
  documentsToReembed(model: string): Promise<DocumentToReembed[]>;
  /** Up to `limit` chunks of this document whose model is not `model`, by ordinal. */
  chunksToReembed(userId: string, documentId: string, model: string, limit: number): Promise<ChunkToReembed[]>;
  /**
   * Replaces the vectors of these chunks of `userId` and records `model` on them (in statements of
   * {@link REEMBED_UPDATE_BATCH_ROWS}). Returns the number of rows updated.
   */
  setEmbeddings(userId: string, model: string, rows: readonly { id: string; embedding: Float32Array | readonly number[] }[]): Promise<number>;
}

const rowsOf = (result: unknown) => (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];

/** Creates the repository over `db`. */
export function createEmbeddingModelRepository(db: Database): EmbeddingModelRepository {
  return {
    async otherModels(model) {
      const result = await db.execute(sql`
        select embedding_model as model, count(*)::int as n from ${chunks}
        where embedding_model <> ${model} group by embedding_model order by embedding_model`);
      return rowsOf(result).map((r) => ({ model: String(r.model), chunks: Number(r.n) }));
    },
    async documentsToReembed(model) {
      const result = await db.execute(sql`
        select user_id, document_id, count(*)::int as n from ${chunks}
        where embedding_model <> ${model} group by user_id, document_id order by user_id, document_id`);
      return rowsOf(result).map((r) => ({ userId: String(r.user_id), documentId: String(r.document_id), chunks: Number(r.n) }));
    },
    async chunksToReembed(userId, documentId, model, limit) {
      if (!(Number.isInteger(limit) && limit >= 1)) throw new RangeError(`limit must be a positive integer, got ${limit}`);
      const result = await db.execute(sql`
        select id, text from ${chunks}
        where user_id = ${userId}::uuid and document_id = ${documentId}::uuid and embedding_model <> ${model}
        order by ord limit ${limit}`);
      return rowsOf(result).map((r) => ({ id: String(r.id), text: String(r.text) }));
    },
    async setEmbeddings(userId, model, rows) {
      let updated = 0;
      for (let i = 0; i < rows.length; i += REEMBED_UPDATE_BATCH_ROWS) {
        const values = rows.slice(i, i + REEMBED_UPDATE_BATCH_ROWS).map((r) => sql`(${r.id}::uuid, ${toVectorLiteral(r.embedding)}::vector)`);
        const result = await db.execute(sql`
          update ${chunks} as c set embedding = v.e, embedding_model = ${model}
          from (values ${sql.join(values, sql`, `)}) as v(id, e)
          where c.id = v.id and c.user_id = ${userId}::uuid
          returning c.id`);
        updated += rowsOf(result).length;
      }
      return updated;
    },
  };
}
