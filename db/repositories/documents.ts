import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "../client.ts";
import { DuplicateDocumentError, isUniqueViolation } from "../errors.ts";
import { chunks, documents, jobs, type JobStatus } from "../schema.ts";

/** A document row. */
export type DocumentRow = typeof documents.$inferSelect;
/** A job row. */
export type JobRow = typeof jobs.$inferSelect;

/** A document as the API shows it: the row plus its chunk count and its latest job's status. */
export interface DocumentView extends DocumentRow {
  readonly chunkCount: number;
  readonly status: JobStatus;
  readonly jobId: string | null;
}

/** What an upload inserts. */
export interface NewDocument {
  readonly id: string;
  readonly userId: string;
  readonly filename: string;
  /** File size in bytes. */
  readonly bytes: number;
  readonly sha256: string;
  readonly contentType: string;
  readonly storageKey: string;
}

/** Documents of one user. Every method filters by `userId` in SQL. */
export interface DocumentRepository {
  /**
   * Inserts the document and its `queued` ingestion job in one transaction.
   * @throws DuplicateDocumentError when this user already has a document with the same sha256.
   */
  createWithJob(doc: NewDocument, jobId: string): Promise<{ document: DocumentRow; job: JobRow }>;
  get(userId: string, id: string): Promise<DocumentView | undefined>;
  list(userId: string): Promise<DocumentView[]>;
  /** Deletes the document, its chunks and its jobs (cascade). Returns false when not this user's. */
  delete(userId: string, id: string): Promise<DocumentRow | undefined>;
  /** Records what parsing learned. */
  setParsed(userId: string, id: string, pages: number, parser: string): Promise<void>;
}

// Correlated subqueries spelled with explicit aliases: in a single-table select drizzle renders
// `${column}` unqualified ("id"), which inside a subquery would bind to the subquery's own table.
const chunkCount = sql<number>`(select count(*)::int from ${chunks} c where c.document_id = ${documents}.id and c.user_id = ${documents}.user_id)`;
const latestJob = sql<string | null>`(select j.id from ${jobs} j where j.document_id = ${documents}.id order by j.created_at desc, j.id desc limit 1)`;
const latestStatus = sql<JobStatus>`(select j.status from ${jobs} j where j.document_id = ${documents}.id order by j.created_at desc, j.id desc limit 1)`;

/** Creates the document repository over `db`. */
export function createDocumentRepository(db: Database): DocumentRepository {
  const view = () =>
    db
      .select({ doc: documents, chunkCount, jobId: latestJob, status: latestStatus })
      .from(documents);
  const toView = (r: { doc: DocumentRow; chunkCount: number; jobId: string | null; status: JobStatus | null }): DocumentView => ({
    ...r.doc,
    chunkCount: Number(r.chunkCount),
    jobId: r.jobId,
    status: r.status ?? "queued",
  });
  return {
    async createWithJob(doc, jobId) {
      try {
        return await db.transaction(async (tx) => {
          const [document] = await tx.insert(documents).values(doc).returning();
          const [job] = await tx
            .insert(jobs)
            .values({ id: jobId, userId: doc.userId, documentId: doc.id, status: "queued" })
            .returning();
          return { document: document!, job: job! };
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateDocumentError(doc.id, { cause: error });
        throw error;
      }
    },
    async get(userId, id) {
      const [row] = await view().where(and(eq(documents.userId, userId), eq(documents.id, id))).limit(1);
      return row ? toView(row) : undefined;
    },
    async list(userId) {
      const rows = await view().where(eq(documents.userId, userId)).orderBy(desc(documents.createdAt));
      return rows.map(toView);
    },
    async delete(userId, id) {
      const [row] = await db
        .delete(documents)
        .where(and(eq(documents.userId, userId), eq(documents.id, id)))
        .returning();
      return row;
    },
    async setParsed(userId, id, pages, parser) {
      await db
        .update(documents)
        .set({ pages, parser })
        .where(and(eq(documents.userId, userId), eq(documents.id, id)));
    },
  };
}
