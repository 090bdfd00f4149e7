/** Upload, documents and jobs: `/api/v2/upload`, `/api/v2/documents[/:id]`, `/api/v2/jobs/:id`. */
import { Elysia, t } from "elysia";
import type { DocumentService } from "../../actors/ingestion/index.ts";
import { NotFoundError, type DocumentView, type JobRow, type Repositories } from "../../db/index.ts";
import { requireUser, type AuthContext } from "../auth.ts";
import type { Quotas } from "../limits/index.ts";
import { InputError } from "../errors.ts";
import { traced } from "../tracing.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids that are not UUIDs cannot exist: answer 404 like any other unknown id. */
export function checkId(entity: "document" | "job" | "conversation", id: string): string {
  if (!UUID.test(id)) throw new NotFoundError(entity, id);
  return id.toLowerCase();
}

/** Longest plan name accepted by `PATCH /api/v2/documents/:id` (characters, after trimming). */
export const MAX_PLAN_NAME_CHARS = 200;

const documentSchema = t.Object({
  document_id: t.String(),
  filename: t.String(),
  bytes: t.Number({ description: "file size in bytes" }),
  pages: t.Nullable(t.Number()),
  parser: t.Nullable(t.String({ description: "unpdf, ocr (every page OCR'd), unpdf+ocr, llamaparse…" })),
  chunk_count: t.Number(),
  record_count: t.Number({ description: "table rows and definitions read as records" }),
  status: t.String(),
  job_id: t.Nullable(t.String()),
  last_error: t.Nullable(t.Object({ code: t.String(), message: t.String() }, { description: "why the latest job failed" })),
  kind: t.Nullable(t.String({ description: "sbc | eoc | policy_wording | other; null until parsed" })),
  plan_name: t.Nullable(t.String()),
  plan_name_source: t.Nullable(t.String({ description: "text | url | filename | user" })),
  insurer: t.Nullable(t.String()),
  insurer_source: t.Nullable(t.String({ description: "text | url (a domain in the text) | filename" })),
  plan_type: t.Nullable(t.String()),
  coverage_period: t.Nullable(t.String({ description: "as printed; null when blank on the form" })),
  language: t.Nullable(t.String({ description: "ISO 639-1" })),
  created_at: t.String(),
});
const jobSchema = t.Object({
  job_id: t.String(),
  document_id: t.String(),
  status: t.String(),
  progress: t.Object({ pct: t.Number({ description: "0–100" }) }),
  attempts: t.Number(),
  last_error: t.Nullable(t.Object({ code: t.String(), message: t.String() })),
  node_id: t.Nullable(t.String({ description: "node that ran the latest attempt; null until an attempt started" })),
  trace_id: t.Nullable(t.String({ description: "W3C trace id of the latest attempt (32 hex digits); null without tracing" })),
  created_at: t.String(),
  updated_at: t.String(),
});

/** API shape of a document. */
export const documentView = (d: DocumentView) => ({
  document_id: d.id,
  filename: d.filename,
  bytes: d.bytes,
  pages: d.pages,
  parser: d.parser ?? null,
  chunk_count: d.chunkCount,
  record_count: d.recordCount,
  status: d.status,
  job_id: d.jobId,
  last_error: d.lastError,
  kind: d.kind ?? null,
  plan_name: d.planName ?? null,
  plan_name_source: d.planNameSource ?? null,
  insurer: d.insurer ?? null,
  insurer_source: d.insurerSource ?? null,
  plan_type: d.planType ?? null,
  coverage_period: d.coveragePeriod ?? null,
  language: d.language ?? null,
  created_at: d.createdAt.toISOString(),
});

/** API shape of a job. */
export const jobView = (j: JobRow) => ({
  job_id: j.id,
  document_id: j.documentId,
  status: j.status,
  progress: { pct: j.progressPct },
  attempts: j.attempts,
  last_error: j.lastError ?? null,
  node_id: j.nodeId ?? null,
  trace_id: j.traceId ?? null,
  created_at: j.createdAt.toISOString(),
  updated_at: j.updatedAt.toISOString(),
});

/** Document and job routes. */
export const documentRoutes = (deps: { repos: Repositories; documents: DocumentService; quotas: Quotas }, auth: AuthContext) =>
  new Elysia({ prefix: "/api/v2" })
    .use(requireUser(auth))
    .post(
      "/upload",
      async ({ body, userId, set, request }) => {
        const file = body.file;
        if (!(file instanceof Blob)) throw new InputError("validation_failed", "multipart field `file` is required", { field: "file" });
        await deps.quotas.admit(userId, file.size);
        const bytes = new Uint8Array(await file.arrayBuffer());
        const { document, job } = await traced(request, "POST /api/v2/upload", () =>
          deps.documents.submit(userId, { filename: (file as File).name ?? "document.pdf", bytes }),
        );
        set.status = 202;
        return { job_id: job.id, document_id: document.id, status: job.status };
      },
      {
        body: t.Object({ file: t.File({ description: "a PDF, recognised by its bytes" }) }),
        response: { 202: t.Object({ job_id: t.String(), document_id: t.String(), status: t.String() }) },
        detail: { summary: "Upload a plan document (PDF); ingestion runs in the background", tags: ["documents"] },
      },
    )
    .get(
      "/jobs/:id",
      async ({ params, userId }) => {
        const id = checkId("job", params.id);
        const job = await deps.repos.jobs.get(userId, id);
        if (!job) throw new NotFoundError("job", id);
        return jobView(job);
      },
      { response: { 200: jobSchema }, detail: { summary: "Status and progress of an ingestion job", tags: ["documents"] } },
    )
    .get("/documents", async ({ userId }) => ({ documents: (await deps.repos.documents.list(userId)).map(documentView) }), {
      response: { 200: t.Object({ documents: t.Array(documentSchema) }) },
      detail: { summary: "The caller's documents", tags: ["documents"] },
    })
    .get(
      "/documents/:id",
      async ({ params, userId }) => {
        const id = checkId("document", params.id);
        const doc = await deps.repos.documents.get(userId, id);
        if (!doc) throw new NotFoundError("document", id);
        return documentView(doc);
      },
      { response: { 200: documentSchema }, detail: { summary: "One document", tags: ["documents"] } },
    )
    .patch(
      "/documents/:id",
      async ({ params, userId, body }) => {
        const id = checkId("document", params.id);
        const raw = (body as { plan_name?: unknown } | null)?.plan_name;
        const planName = typeof raw === "string" ? raw.replace(/\s+/g, " ").trim() : "";
        if (planName === "" || planName.length > MAX_PLAN_NAME_CHARS) {
          throw new InputError("validation_failed", `plan_name must be a string of 1–${MAX_PLAN_NAME_CHARS} characters`, { field: "plan_name" });
        }
        const doc = await deps.repos.documents.setPlanName(userId, id, planName);
        if (!doc) throw new NotFoundError("document", id);
        return documentView(doc);
      },
      {
        body: t.Object({ plan_name: t.String({ description: `the plan's name as the member knows it (1–${MAX_PLAN_NAME_CHARS} characters)` }) }),
        response: { 200: documentSchema },
        detail: { summary: "Correct a document's plan name (kept across re-ingestion)", tags: ["documents"] },
      },
    )
    .delete(
      "/documents/:id",
      async ({ params, userId, set }) => {
        const id = checkId("document", params.id);
        if (!(await deps.documents.delete(userId, id))) throw new NotFoundError("document", id);
        set.status = 204;
        return undefined;
      },
      { detail: { summary: "Delete a document and its chunks (never retrieved again)", tags: ["documents"] } },
    );
