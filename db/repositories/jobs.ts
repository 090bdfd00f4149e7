import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { Database } from "../client.ts";
import { JOB_STATUSES, jobs, type JobError, type JobStatus } from "../schema.ts";
import type { JobRow } from "./documents.ts";

/** Statuses after which a job never changes again. */
export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = ["complete", "failed"];

/** Ingestion jobs. User-facing reads filter by `userId`; the worker-side writes address a job id. */
export interface JobRepository {
  get(userId: string, id: string): Promise<JobRow | undefined>;
  /**
   * Moves a job forward to `status` with `progressPct` (0–100). Never moves backwards and never
   * leaves a terminal state: returns the row as updated, or undefined when the guard refused.
   */
  advance(id: string, status: Exclude<JobStatus, "failed">, progressPct: number): Promise<JobRow | undefined>;
  /** Marks a non-terminal job `failed` with `{code, message}`. */
  fail(id: string, error: JobError): Promise<JobRow | undefined>;
  /** Counts one more processing attempt. */
  startAttempt(id: string): Promise<JobRow | undefined>;
  /** Every job not yet terminal, oldest first, across users (re-queued when the process starts). */
  listUnfinished(): Promise<JobRow[]>;
}

/** Creates the job repository over `db`. */
export function createJobRepository(db: Database): JobRepository {
  const nonTerminal = notInArray(jobs.status, [...TERMINAL_JOB_STATUSES]);
  return {
    async get(userId, id) {
      const [row] = await db.select().from(jobs).where(and(eq(jobs.userId, userId), eq(jobs.id, id))).limit(1);
      return row;
    },
    async advance(id, status, progressPct) {
      const rank = JOB_STATUSES.indexOf(status);
      const allowedFrom = JOB_STATUSES.slice(0, rank + 1).filter((s) => !TERMINAL_JOB_STATUSES.includes(s));
      const pct = Math.max(0, Math.min(100, Math.round(progressPct)));
      const [row] = await db
        .update(jobs)
        .set({ status, progressPct: sql`greatest(${jobs.progressPct}, ${pct})`, updatedAt: sql`now()` })
        .where(and(eq(jobs.id, id), inArray(jobs.status, allowedFrom)))
        .returning();
      return row;
    },
    async fail(id, error) {
      const [row] = await db
        .update(jobs)
        .set({ status: "failed", lastError: error, updatedAt: sql`now()` })
        .where(and(eq(jobs.id, id), nonTerminal))
        .returning();
      return row;
    },
    async startAttempt(id) {
      const [row] = await db
        .update(jobs)
        .set({ attempts: sql`${jobs.attempts} + 1`, updatedAt: sql`now()` })
        .where(and(eq(jobs.id, id), nonTerminal))
        .returning();
      return row;
    },
    async listUnfinished() {
      return db.select().from(jobs).where(nonTerminal).orderBy(jobs.createdAt);
    },
  };
}
