/**
 * The lexical side of hybrid retrieval: PostgreSQL full-text search over one user's chunks,
 * through the generated `tsv` column and its GIN index (same SQL on PGlite and PostgreSQL).
 */
import { sql } from "drizzle-orm";
import type { Database } from "../client.ts";
import { chunks, documents, TEXT_SEARCH_CONFIG } from "../schema.ts";
import type { ChunkHit } from "./chunks.ts";
import { rowsOf, toHits, toVectorLiteral } from "./chunks.ts";

/**
 * `ts_rank` normalisation flags: 1 divides the rank by 1 + log(document length), so a long
 * chunk that repeats a word does not outrank a short one that states it (PostgreSQL manual,
 * "Ranking Search Results").
 */
export const TEXT_RANK_NORMALIZATION = 1;

/** A full-text hit: a chunk with its text rank and (for fusion and display) its cosine similarity. */
export interface ChunkTextHit extends ChunkHit {
  /** `ts_rank(tsv, query, 1)`; > 0 for every hit. */
  readonly textRank: number;
}

/** Options of {@link ChunkTextSearch.searchText}. */
export interface ChunkTextSearchOptions {
  /** Maximum hits. */
  readonly limit: number;
  /** Only chunks embedded by this model (so `similarity` is comparable). */
  readonly embeddingModel: string;
  /** The question's embedding: each hit's `similarity` is computed against it. */
  readonly vector: Float32Array | readonly number[];
  /** Restrict to these documents (still of this user). */
  readonly documentIds?: readonly string[];
}

/** Full-text search within one user's chunks. */
export interface ChunkTextSearch {
  /**
   * Chunks of `userId` matching ANY word of `text` (after the `english` configuration's stemming
   * and stop-word removal: the words are OR-ed, so a question need not match a chunk word for
   * word), best `ts_rank` first. Text without any searchable word returns no hits.
   */
  searchText(userId: string, text: string, options: ChunkTextSearchOptions): Promise<ChunkTextHit[]>;
}

/** Creates the full-text search over `db`. */
export function createChunkTextSearch(db: Database): ChunkTextSearch {
  return {
    async searchText(userId, text, options) {
      if (!(Number.isInteger(options.limit) && options.limit >= 1)) throw new RangeError(`limit must be a positive integer, got ${options.limit}`);
      const docFilter =
        options.documentIds && options.documentIds.length > 0
          ? sql`and c.document_id in (${sql.join(options.documentIds.map((id) => sql`${id}::uuid`), sql`, `)})`
          : sql``;
      const cfg = sql.raw(`'${TEXT_SEARCH_CONFIG}'::regconfig`);
      // The OR query is built from the lexemes PostgreSQL itself extracts (to_tsvector), so no
      // user text is ever parsed as tsquery syntax.
      const rows = await rowsOf(
        db.execute(sql`
        with q as (
          select coalesce(string_agg(quote_literal(l), ' | '), '') as s
          from unnest(tsvector_to_array(to_tsvector(${cfg}, ${text}))) as l
        ), query as (
          select s::tsquery as tsq from q where s <> ''
        )
        select c.id as chunk_id, c.document_id, d.filename, c.ord, c.text, c.page_start, c.page_end,
               1 - (c.embedding <=> ${toVectorLiteral(options.vector)}::vector) as similarity,
               ts_rank(c.tsv, query.tsq, ${TEXT_RANK_NORMALIZATION}) as text_rank
        from query, ${chunks} c
        join ${documents} d on d.id = c.document_id and d.user_id = ${userId}::uuid
        where c.user_id = ${userId}::uuid and c.embedding_model = ${options.embeddingModel}
          and c.tsv @@ query.tsq ${docFilter}
        order by text_rank desc, c.document_id, c.ord
        limit ${options.limit}
      `),
      );
      const hits = toHits(rows);
      return hits.map((h, i) => ({ ...h, textRank: Number(rows[i]?.text_rank) }));
    },
  };
}
