/**
 * Records read from a document's tables and definitions (rag/documents), stored beside its chunks.
 * Every query filters on `user_id` in SQL; rows go with their document (cascade).
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../client.ts";
import { documentRecords, documents, type RecordKind, TEXT_SEARCH_CONFIG } from "../schema.ts";
import { chunksVersionSql, rowsOf } from "./chunks.ts";

/** Rows written per INSERT statement. */
export const RECORD_UPSERT_BATCH_ROWS = 200;
/** Default and largest `limit` of {@link RecordRepository.list} / {@link RecordRepository.search}. */
export const DEFAULT_RECORD_LIMIT = 20;
export const MAX_RECORD_LIMIT = 500;

/** A record to store (ids are chosen by the caller: UUIDv5 of document, extractor, ordinal). */
export interface NewRecord {
  readonly id: string;
  readonly ord: number;
  readonly kind: RecordKind;
  readonly section: string | null;
  readonly label: string;
  readonly network: string | null;
  readonly outOfNetwork: string | null;
  readonly limitations: string | null;
  /** 1-based physical page. */
  readonly page: number;
}

/** A stored record with the document it came from. */
export interface PlanRecord extends NewRecord {
  readonly documentId: string;
  readonly filename: string;
  /** The document's plan name (as printed or as the owner set it); null when unknown. */
  readonly planName: string | null;
}

/** A full-text hit: a record and its rank. */
export interface PlanRecordHit extends PlanRecord {
  /** `ts_rank(tsv, query, 1)` with label > costs > notes weights; > 0 for every hit. */
  readonly textRank: number;
}

/** Filters of {@link RecordRepository.list} and {@link RecordRepository.search}. */
export interface RecordQuery {
  /** Only these documents (still of this user). Default: all of the user's documents. */
  readonly documentIds?: readonly string[];
  /** Only these kinds. Default: every kind. */
  readonly kinds?: readonly RecordKind[];
  /** Maximum rows (1–{@link MAX_RECORD_LIMIT}). Default {@link DEFAULT_RECORD_LIMIT}. */
  readonly limit?: number;
}

/** Records of one user. */
export interface RecordRepository {
  /**
   * Upserts `rows` of one document (by id), then deletes its rows with `ord ≥ rows.length` (left
   * from a longer earlier run), in one transaction.
   */
  replaceForDocument(userId: string, documentId: string, extractor: string, rows: readonly NewRecord[]): Promise<void>;
  /** The user's records in document and table order. @throws RangeError on a bad `limit`. */
  list(userId: string, query?: RecordQuery): Promise<PlanRecord[]>;
  /**
   * The user's records matching ANY word of `text` (the `english` configuration's stems, stop
   * words removed), best rank first. Text with no searchable word returns `[]`.
   * @throws RangeError on a bad `limit`.
   */
  search(userId: string, text: string, query?: RecordQuery): Promise<PlanRecordHit[]>;
  countForDocument(userId: string, documentId: string): Promise<number>;
  /**
   * Every record of the user, in document and table order, without a limit: the retriever's
   * record units (rag/retriever `withRecordUnits`), read once per index build.
   */
  listUnits(userId: string): Promise<PlanRecord[]>;
  /**
   * A value that changes whenever the user's records or their documents' plan names change
   * (count, ids, label and value lengths, plan names), so the in-memory index knows when to rebuild.
   */
  unitsVersion(userId: string): Promise<string>;
  /**
   * `${chunks.unitsVersion(userId, embeddingModel)}|${unitsVersion(userId)}` (the version of the
   * retriever's units: chunks, then records) in one statement: one round trip per question, not two.
   */
  unitsVersionWithChunks(userId: string, embeddingModel: string): Promise<string>;
}

function checkLimit(limit: number | undefined): number {
  const n = limit ?? DEFAULT_RECORD_LIMIT;
  if (!(Number.isInteger(n) && n >= 1 && n <= MAX_RECORD_LIMIT)) throw new RangeError(`limit must be an integer in 1..${MAX_RECORD_LIMIT}, got ${limit}`);
  return n;
}

const toRecord = (r: Record<string, unknown>): PlanRecord => ({
  id: String(r.id),
  documentId: String(r.document_id ?? r.documentId),
  filename: String(r.filename),
  planName: (r.plan_name ?? r.planName ?? null) as string | null,
  ord: Number(r.ord),
  kind: r.kind as RecordKind,
  section: (r.section ?? null) as string | null,
  label: String(r.label),
  network: (r.network ?? null) as string | null,
  outOfNetwork: (r.out_of_network ?? r.outOfNetwork ?? null) as string | null,
  limitations: (r.limitations ?? null) as string | null,
  page: Number(r.page),
});

/** Creates the record repository over `db`. */
export function createRecordRepository(db: Database): RecordRepository {
  const filters = (userId: string, q: RecordQuery) => {
    const parts = [eq(documentRecords.userId, userId)];
    if (q.documentIds && q.documentIds.length > 0) parts.push(inArray(documentRecords.documentId, [...q.documentIds]));
    if (q.kinds && q.kinds.length > 0) parts.push(inArray(documentRecords.kind, [...q.kinds]));
    return and(...parts);
  };
  const selectRecords = async (userId: string, query: RecordQuery, limit: number | undefined): Promise<PlanRecord[]> => {
    const select = db
      .select({
        id: documentRecords.id,
        documentId: documentRecords.documentId,
        filename: documents.filename,
        planName: documents.planName,
        ord: documentRecords.ord,
        kind: documentRecords.kind,
        section: documentRecords.section,
        label: documentRecords.label,
        network: documentRecords.network,
        outOfNetwork: documentRecords.outOfNetwork,
        limitations: documentRecords.limitations,
        page: documentRecords.page,
      })
      .from(documentRecords)
      .innerJoin(documents, and(eq(documents.id, documentRecords.documentId), eq(documents.userId, userId)))
      .where(filters(userId, query))
      .orderBy(asc(documents.createdAt), asc(documentRecords.documentId), asc(documentRecords.ord));
    const rows = limit === undefined ? await select : await select.limit(limit);
    return rows.map((r) => toRecord(r as unknown as Record<string, unknown>));
  };
  return {
    async replaceForDocument(userId, documentId, extractor, rows) {
      await db.transaction(async (tx) => {
        for (let i = 0; i < rows.length; i += RECORD_UPSERT_BATCH_ROWS) {
          const batch = rows.slice(i, i + RECORD_UPSERT_BATCH_ROWS).map((r) => ({ ...r, userId, documentId, extractor }));
          await tx
            .insert(documentRecords)
            .values(batch)
            .onConflictDoUpdate({
              target: documentRecords.id,
              set: {
                ord: sql`excluded.ord`,
                kind: sql`excluded.kind`,
                section: sql`excluded.section`,
                label: sql`excluded.label`,
                network: sql`excluded.network`,
                outOfNetwork: sql`excluded.out_of_network`,
                limitations: sql`excluded.limitations`,
                page: sql`excluded.page`,
                extractor: sql`excluded.extractor`,
              },
              // Never let an id collision move a row to another user or document.
              setWhere: sql`${documentRecords.userId} = ${userId}::uuid and ${documentRecords.documentId} = ${documentId}::uuid`,
            });
        }
        await tx
          .delete(documentRecords)
          .where(and(eq(documentRecords.userId, userId), eq(documentRecords.documentId, documentId), sql`${documentRecords.ord} >= ${rows.length}`));
      });
    },
    async list(userId, query = {}) {
      return selectRecords(userId, query, checkLimit(query.limit));
    },
    listUnits(userId) {
      return selectRecords(userId, {}, undefined);
    },
    async unitsVersion(userId) {
      const [row] = await rowsOf<{ v: unknown }>(db.execute(sql`select ${recordsVersionSql(userId)} as v`));
      return String(row?.v ?? "0:0:0:0");
    },
    async unitsVersionWithChunks(userId, embeddingModel) {
      const [row] = await rowsOf<{ v: unknown }>(db.execute(sql`select ${chunksVersionSql(userId, embeddingModel)} || '|' || ${recordsVersionSql(userId)} as v`));
      return String(row?.v ?? "0:0:0|0:0:0:0");
    },
    async search(userId, text, query = {}) {
      const limit = checkLimit(query.limit);
      const cfg = sql.raw(`'${TEXT_SEARCH_CONFIG}'::regconfig`);
      const docFilter =
        query.documentIds && query.documentIds.length > 0
          ? sql`and r.document_id in (${sql.join(query.documentIds.map((id) => sql`${id}::uuid`), sql`, `)})`
          : sql``;
      const kindFilter =
        query.kinds && query.kinds.length > 0 ? sql`and r.kind in (${sql.join(query.kinds.map((k) => sql`${k}`), sql`, `)})` : sql``;
      // The OR query is built from the lexemes PostgreSQL extracts itself: user text is never parsed as tsquery syntax.
      const rows = await rowsOf(db.execute(sql`
        with q as (
          select coalesce(string_agg(quote_literal(l), ' | '), '') as s
          from unnest(tsvector_to_array(to_tsvector(${cfg}, ${text}))) as l
        ), query as (select s::tsquery as tsq from q where s <> '')
        select r.id, r.document_id, d.filename, d.plan_name, r.ord, r.kind, r.section, r.label, r.network,
               r.out_of_network, r.limitations, r.page, ts_rank(r.tsv, query.tsq, 1) as text_rank
        from query, ${documentRecords} r
        join ${documents} d on d.id = r.document_id and d.user_id = ${userId}::uuid
        where r.user_id = ${userId}::uuid and r.tsv @@ query.tsq ${docFilter} ${kindFilter}
        order by text_rank desc, r.document_id, r.ord
        limit ${limit}
      `));
      return rows.map((r) => ({ ...toRecord(r), textRank: Number(r.text_rank) }));
    },
    async countForDocument(userId, documentId) {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(documentRecords)
        .where(and(eq(documentRecords.userId, userId), eq(documentRecords.documentId, documentId)));
      return Number(row?.n ?? 0);
    },
  };
}

/** The records part of the units version, as one text (count:ids hash:value lengths:plan names hash). */
function recordsVersionSql(userId: string) {
  return sql`(
    select count(*)::int::text || ':' || coalesce(sum(hashtext(r.id::text)::bigint), 0)::text
      || ':' || coalesce(sum(length(r.label) + coalesce(length(r.network), 0) + coalesce(length(r.out_of_network), 0) + coalesce(length(r.limitations), 0)), 0)::text
      || ':' || coalesce(sum(hashtext(coalesce(d.plan_name, ''))::bigint), 0)::text
    from ${documentRecords} r join ${documents} d on d.id = r.document_id and d.user_id = ${userId}::uuid
    where r.user_id = ${userId}::uuid
  )`;
}
