/**
 * Progress of ingestion jobs as clients see it: the `job` event of `GET /api/v2/jobs/:id/events`
 * (SSE) and `/chat/ws` (`{"type":"job", ...}`), and the SSE stream that follows one job.
 */
import type { JobEventBus } from "../../actors/ingestion/index.ts";
import type { JobEvent } from "../../actors/messages.ts";
import { JOB_STATUSES, TERMINAL_JOB_STATUSES, type JobRow, type JobStatus, type Repositories } from "../../db/index.ts";
import { createSseResponse } from "./sse.ts";

/**
 * One step of a job: `{job_id, document_id, status, pct (0–100), error ({code, message} or null),
 * at (epoch milliseconds)}`.
 */
export interface JobEventView {
  readonly job_id: string;
  readonly document_id: string;
  readonly status: JobStatus;
  readonly pct: number;
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly at: number;
}

/** A published {@link JobEvent} in the API's shape. */
export const jobEventView = (e: JobEvent): JobEventView => ({
  job_id: e.jobId,
  document_id: e.documentId,
  status: e.status,
  pct: e.pct,
  error: e.error ?? null,
  at: e.at,
});

/** A stored job in the same shape (`at` is its last update). */
export const jobRowEventView = (j: JobRow): JobEventView => ({
  job_id: j.id,
  document_id: j.documentId,
  status: j.status,
  pct: j.progressPct,
  error: j.lastError ?? null,
  at: j.updatedAt.getTime(),
});

/** True for `complete` and `failed`. */
export const isTerminal = (status: JobStatus): boolean => TERMINAL_JOB_STATUSES.includes(status);

/** True when `next` is further along than `last` (jobs never move backwards: db/repositories/jobs.ts). */
function isNewer(next: JobEventView, last: JobEventView): boolean {
  const a = JOB_STATUSES.indexOf(next.status);
  const b = JOB_STATUSES.indexOf(last.status);
  return a > b || (a === b && next.pct > last.pct);
}

/** What {@link followJob} needs. */
export interface FollowJobDeps {
  readonly repos: Repositories;
  readonly events: JobEventBus;
  readonly heartbeatMs: number;
  /** End the stream when one aborts (the request's signal, the server's shutdown). */
  readonly signals: readonly AbortSignal[];
}

/**
 * Opens the SSE stream of job `jobId` of `userId`: a `job` event with its current state, then one
 * per step, ending after a terminal status. Subscribes before reading the job, so no step falls
 * between the read and the subscription; a step that is not further along than the last one sent
 * is skipped (no duplicates, never backwards). Each heartbeat also re-reads the job, so a lost
 * terminal event (NATS is at most once) still ends the stream; a job deleted meanwhile ends it
 * with an `error` event `not_found`.
 * @returns undefined when the job does not exist or is another user's (the caller answers 404).
 * @throws the repository's error when the job cannot be read.
 */
export async function followJob(deps: FollowJobDeps, userId: string, jobId: string): Promise<Response | undefined> {
  const early: JobEvent[] = [];
  let forward: ((e: JobEvent) => void) | undefined;
  const unsubscribe = deps.events.subscribe((e) => {
    if (e.jobId !== jobId || e.userId !== userId) return;
    if (forward) forward(e);
    else early.push(e);
  });
  let job: JobRow | undefined;
  try {
    job = await deps.repos.jobs.get(userId, jobId);
  } catch (error) {
    unsubscribe();
    throw error;
  }
  if (!job) {
    unsubscribe();
    return undefined;
  }
  let last = jobRowEventView(job);
  let relay: (view: JobEventView) => void = () => {};
  return createSseResponse(
    (sink, ended) => {
      ended.addEventListener("abort", unsubscribe, { once: true });
      sink.send("job", last);
      if (isTerminal(last.status)) return sink.close();
      relay = (view) => {
        if (sink.closed || !isNewer(view, last)) return;
        last = view;
        sink.send("job", view);
        if (isTerminal(view.status)) sink.close();
      };
      forward = (e) => relay(jobEventView(e));
      for (const e of early.splice(0)) relay(jobEventView(e));
    },
    {
      heartbeatMs: deps.heartbeatMs,
      signals: deps.signals,
      onHeartbeat: (sink) => {
        deps.repos.jobs.get(userId, jobId).then(
          (row) => {
            if (sink.closed) return;
            if (!row) {
              sink.send("error", { code: "not_found", message: `job ${jobId} not found`, status: 404 });
              return sink.close();
            }
            const view = jobRowEventView(row);
            if (isTerminal(view.status)) relay(view);
          },
          () => undefined, // the database is down: try again at the next heartbeat
        );
      },
    },
  );
}
