import { and, eq, inArray, lt, notInArray, sql } from "drizzle-orm";
import type { Database } from "../client.ts";
import { JOB_STATUSES, jobs, type JobError, type JobStatus } from "../schema.ts";
import type { JobRow } from "./documents.ts";

/** Statuses after which a job never changes again. */
export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = ["complete", "failed"];

/** Who ran an attempt, recorded on the job by {@link JobRepository.startAttempt}. */
export interface AttemptInfo {
  /** Node (process) running the attempt. */
  readonly nodeId?: string;
  /** W3C trace id (32 hex digits) of the attempt, when tracing records one. */
  readonly traceId?: string;
}

/** Ingestion jobs. User-facing reads filter by `userId`; the worker-side writes address a job id. */
export interface JobRepository {
  /** The job `id` if it belongs to `userId` (another user's job reads as undefined). */
  get(userId: string, id: string): Promise<JobRow | undefined>;
  /**
   * The job `id` whoever owns it. For internal queue bookkeeping only (waiting for a job, deciding
   * whether a redelivered or exhausted job is already terminal) — never for user-facing reads,
   * which must use {@link JobRepository.get} so that users cannot see each other's jobs.
   */
  findById(id: string): Promise<JobRow | undefined>;
  /**
   * Moves a job forward to `status` with `progressPct` (0–100). Never moves backwards and never
   * leaves a terminal state: returns the row as updated, or undefined when the guard refused.
   */
  advance(id: string, status: Exclude<JobStatus, "failed">, progressPct: number): Promise<JobRow | undefined>;
  /** Marks a non-terminal job `failed` with `{code, message}`; undefined when already terminal. */
  fail(id: string, error: JobError): Promise<JobRow | undefined>;
  /**
   * Counts one more processing attempt of a non-terminal job and records who runs it: `node_id`
   * and `trace_id` are overwritten with `attempt` (null for an absent field). Undefined when the
   * job is missing or terminal.
   */
  startAttempt(id: string, attempt?: AttemptInfo): Promise<JobRow | undefined>;
  /** Every job not yet terminal, oldest first, across users (re-queued when the process starts). */
  listUnfinished(): Promise<JobRow[]>;
  /**
   * Jobs still `queued` whose `updated_at` is more than `olderThanMs` milliseconds before the
   * database's `now()`, oldest first, across users: uploads whose message may never have reached
   * the queue (a crash between the insert and the publish). For internal queue bookkeeping only.
   * @throws RangeError when `olderThanMs` is not an integer ≥ 0.
   */
  listOrphans(olderThanMs: number): Promise<JobRow[]>;
  /**
   * The ingestion backlog across users: jobs still `queued` and the age of the oldest of them in
   * seconds by the database's clock (0 when none). For the queue metrics.
   */
  queuedStats(): Promise<{ queued: number; oldestAgeSeconds: number }>;
}

/** Creates the job repository over `db`. */
export function createJobRepository(db: Database): JobRepository {
  const nonTerminal = notInArray(jobs.status, [...TERMINAL_JOB_STATUSES]);
  return {
    async get(userId, id) {
      const [row] = await db.select().from(jobs).where(and(eq(jobs.userId, userId), eq(jobs.id, id))).limit(1);
      return row;
    },
    async findById(id) {
      const [row] = await db.select().from(jobs).where(eq(jobs.id, id)).limit(1);
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
    async startAttempt(id, attempt = {}) {
      const [row] = await db
        .update(jobs)
        .set({
          attempts: sql`${jobs.attempts} + 1`,
          nodeId: attempt.nodeId ?? null,
          traceId: attempt.traceId ?? null,
          updatedAt: sql`now()`,
        })
        .where(and(eq(jobs.id, id), nonTerminal))
        .returning();
      return row;
    },
    async listUnfinished() {
      return db.select().from(jobs).where(nonTerminal).orderBy(jobs.createdAt);
    },
    async listOrphans(olderThanMs) {
      if (!Number.isInteger(olderThanMs) || olderThanMs < 0) {
        throw new RangeError(`listOrphans: "olderThanMs" must be an integer ≥ 0, got ${String(olderThanMs)}`);
      }
      return db
        .select()
        .from(jobs)
        .where(and(eq(jobs.status, "queued"), lt(jobs.updatedAt, sql`now() - make_interval(secs => ${olderThanMs / 1000})`)))
        .orderBy(jobs.createdAt);
    },
    async queuedStats() {
      const [row] = await db
        .select({
          queued: sql<number>`count(*)::int`,
          oldest: sql<number>`coalesce(extract(epoch from now() - min(${jobs.createdAt})), 0)::float8`,
        })
        .from(jobs)
        .where(eq(jobs.status, "queued"));
      return { queued: Number(row?.queued ?? 0), oldestAgeSeconds: Math.max(0, Number(row?.oldest ?? 0)) };
    },
  };
}
