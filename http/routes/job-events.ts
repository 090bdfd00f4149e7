/** `GET /api/v2/jobs/:id/events`: one job's progress as Server-Sent Events. */
import { Elysia } from "elysia";
import { NotFoundError, type Repositories } from "../../db/index.ts";
import { requireUser, type AuthContext } from "../auth.ts";
import { followJob, type StreamingDeps } from "../streaming/index.ts";
import { checkId } from "./documents.ts";

/**
 * The job events route: `event: job` with `{job_id, document_id, status, pct, error, at}` — first
 * the current state, then each step — ending after `complete` or `failed`; `: ping` comments while
 * idle. 404 `not_found` for an unknown id or another user's job, as `GET /api/v2/jobs/:id`.
 */
export const jobEventRoutes = (deps: { repos: Repositories; streaming: StreamingDeps }, auth: AuthContext) =>
  new Elysia({ prefix: "/api/v2" }).use(requireUser(auth)).get(
    "/jobs/:id/events",
    async ({ params, userId, request, server }) => {
      const id = checkId("job", params.id);
      const { events, heartbeatMs, closing } = deps.streaming;
      const response = await followJob({ repos: deps.repos, events, heartbeatMs, signals: [request.signal, closing] }, userId, id);
      if (!response) throw new NotFoundError("job", id);
      // The stream may stay quiet between steps longer than Bun's idle timeout (10 s); heartbeats keep it alive.
      server?.timeout(request, 0);
      return response;
    },
    {
      detail: {
        summary: "Progress of an ingestion job as Server-Sent Events (`job` events until complete or failed)",
        tags: ["documents"],
        responses: { 200: { description: "text/event-stream", content: { "text/event-stream": { schema: { type: "string" } } } } },
      },
    },
  );
