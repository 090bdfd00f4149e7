import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "../client.ts";
import { DuplicateDocumentError, isUniqueViolation } from "../errors.ts";
import { chunks, documentRecords, documents, jobs, type DocumentKind, type JobError, type JobStatus, type ProfileSource } from "../schema.ts";

/** A document row. */
export type DocumentRow = typeof documents.$inferSelect;
/** A job row. */
export type JobRow = typeof jobs.$inferSelect;

/** A document as the API shows it: the row plus its chunk and record counts and its latest job's status and error. */
export interface DocumentView extends DocumentRow {
  readonly chunkCount: number;
  /** Records read from its tables and definitions (rag/documents). */
  readonly recordCount: number;
  readonly status: JobStatus;
  readonly jobId: string | null;
  /** The latest job's `{code, message}` when it failed; null otherwise. */
  readonly lastError: JobError | null;
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

/** What ingestion learned of a document's identity (rag/documents `DocumentProfile`). */
export interface StoredProfile {
  readonly kind: DocumentKind;
  readonly planName: string | null;
  readonly planNameSource: ProfileSource | null;
  readonly insurer: string | null;
  readonly insurerSource: ProfileSource | null;
  readonly planType: string | null;
  readonly coveragePeriod: string | null;
  readonly language: string;
}

/** The profile columns a chat turn reads to tell the member's plans apart (issue 12 plan scope). */
export type DocumentProfileField = "planName" | "insurer" | "insurerSource" | "kind" | "planType";

/** Documents of one user. Every method filters by `userId` in SQL. */
export interface DocumentRepository {
  /**
   * Inserts the document and its `queued` ingestion job in one transaction.
   * @throws DuplicateDocumentError when this user already has a document with the same sha256.
   */
  createWithJob(doc: NewDocument, jobId: string): Promise<{ document: DocumentRow; job: JobRow }>;
  get(userId: string, id: string): Promise<DocumentView | undefined>;
  /**
   * Each of the user's documents with its latest job's status and error and its profile (no
   * counts): the cheap read a chat turn makes to tell the member what is still being read or
   * failed, and to tell their plans apart.
   */
  statuses(userId: string): Promise<Array<Pick<DocumentView, "id" | "filename" | "status" | "lastError" | DocumentProfileField>>>;
  list(userId: string): Promise<DocumentView[]>;
  /** Deletes the document, its chunks and its jobs (cascade). Returns false when not this user's. */
  delete(userId: string, id: string): Promise<DocumentRow | undefined>;
  /** Records what parsing learned. */
  setParsed(userId: string, id: string, pages: number, parser: string): Promise<void>;
  /**
   * Stores the profile read at ingestion. A plan name the owner set (`plan_name_source = 'user'`)
   * is kept: re-ingestion never overwrites the member's correction.
   */
  setProfile(userId: string, id: string, profile: StoredProfile): Promise<void>;
  /** Sets the plan name as the owner gave it (source `user`). Undefined when not this user's document. */
  setPlanName(userId: string, id: string, planName: string): Promise<DocumentView | undefined>;
  /**
   * Queues a new ingestion job for a document whose latest job failed (a re-upload of the same
   * bytes). Undefined when the document is not this user's or its latest job did not fail.
   */
  requeueFailed(userId: string, id: string, jobId: string): Promise<JobRow | undefined>;
}

// Correlated subqueries spelled with explicit aliases: in a single-table select drizzle renders
// `${column}` unqualified ("id"), which inside a subquery would bind to the subquery's own table.
const chunkCount = sql<number>`(select count(*)::int from ${chunks} c where c.document_id = ${documents}.id and c.user_id = ${documents}.user_id)`;
const latestJob = sql<string | null>`(select j.id from ${jobs} j where j.document_id = ${documents}.id order by j.created_at desc, j.id desc limit 1)`;
const recordCount = sql<number>`(select count(*)::int from ${documentRecords} r where r.document_id = ${documents}.id and r.user_id = ${documents}.user_id)`;
const latestError = sql<JobError | null>`(select j.last_error from ${jobs} j where j.document_id = ${documents}.id order by j.created_at desc, j.id desc limit 1)`;
const latestStatus = sql<JobStatus>`(select j.status from ${jobs} j where j.document_id = ${documents}.id order by j.created_at desc, j.id desc limit 1)`;

/** Creates the document repository over `db`. */
export function createDocumentRepository(db: Database): DocumentRepository {
  const view = () =>
    db
      .select({ doc: documents, chunkCount, recordCount, jobId: latestJob, status: latestStatus, lastError: latestError })
      .from(documents);
  const toView = (r: { doc: DocumentRow; chunkCount: number; recordCount: number; jobId: string | null; status: JobStatus | null; lastError: JobError | string | null }): DocumentView => ({
    ...r.doc,
    chunkCount: Number(r.chunkCount),
    recordCount: Number(r.recordCount),
    jobId: r.jobId,
    status: r.status ?? "queued",
    // A jsonb scalar subquery comes back as text on some drivers.
    lastError: r.status === "failed" ? (typeof r.lastError === "string" ? (JSON.parse(r.lastError) as JobError) : r.lastError) : null,
  });
  // Every chat turn reads the member's documents: a prepared statement, which postgres.js sends
  // in one round trip once a connection has prepared it (an unprepared one with parameters is
  // described first: two round trips).
  const statusesQuery = db
    .select({
      id: documents.id,
      filename: documents.filename,
      status: latestStatus,
      lastError: latestError,
      planName: documents.planName,
      insurer: documents.insurer,
      insurerSource: documents.insurerSource,
      kind: documents.kind,
      planType: documents.planType,
    })
    .from(documents)
    .where(eq(documents.userId, sql.placeholder("userId")))
    .orderBy(desc(documents.createdAt))
    .prepare("documents_statuses");
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
    async statuses(userId) {
      const rows = await statusesQuery.execute({ userId });
      return rows.map((r) => {
        const status = r.status ?? "queued";
        const err = r.lastError as JobError | string | null;
        return {
          id: r.id,
          filename: r.filename,
          status,
          lastError: status === "failed" ? (typeof err === "string" ? (JSON.parse(err) as JobError) : err) : null,
          planName: r.planName,
          insurer: r.insurer,
          insurerSource: r.insurerSource,
          kind: r.kind,
          planType: r.planType,
        };
      });
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
    async setProfile(userId, id, p) {
      const keepUser = <T>(column: unknown, value: T) => sql`case when ${documents.planNameSource} = 'user' then ${column} else ${value} end`;
      await db
        .update(documents)
        .set({
          kind: p.kind,
          planName: keepUser(documents.planName, p.planName) as unknown as string,
          planNameSource: keepUser(documents.planNameSource, p.planNameSource) as unknown as ProfileSource,
          insurer: p.insurer,
          insurerSource: p.insurerSource,
          planType: p.planType,
          coveragePeriod: p.coveragePeriod,
          language: p.language,
        })
        .where(and(eq(documents.userId, userId), eq(documents.id, id)));
    },
    async setPlanName(userId, id, planName) {
      const [row] = await db
        .update(documents)
        .set({ planName, planNameSource: "user" })
        .where(and(eq(documents.userId, userId), eq(documents.id, id)))
        .returning({ id: documents.id });
      return row ? this.get(userId, id) : undefined;
    },
    async requeueFailed(userId, id, jobId) {
      return db.transaction(async (tx) => {
        const [latest] = await tx
          .select({ status: jobs.status })
          .from(jobs)
          .where(and(eq(jobs.userId, userId), eq(jobs.documentId, id)))
          .orderBy(desc(jobs.createdAt), desc(jobs.id))
          .limit(1);
        if (latest?.status !== "failed") return undefined;
        const [job] = await tx.insert(jobs).values({ id: jobId, userId, documentId: id, status: "queued" }).returning();
        return job;
      });
    },
    async setParsed(userId, id, pages, parser) {
      await db
        .update(documents)
        .set({ pages, parser })
        .where(and(eq(documents.userId, userId), eq(documents.id, id)));
    },
  };
}
