/**
 * A local server speaking the LlamaParse wire format that llamaindex's `LlamaParseReader` uses:
 * `POST /api/v1/parsing/upload` (multipart) → `{id, status}`, `GET /api/v1/parsing/job/:id` →
 * `{id, status}`, `GET /api/v1/parsing/job/:id/result/text` → `{text}` with the pages joined by
 * the upload's `page_separator`. Listens on 127.0.0.1, port 0.
 */

/** How the fake behaves. */
export type FakeLlamaParseMode =
  /** Parses: the text result is {@link FakeLlamaParseServer.pages}. */
  | "ok"
  /** Upload answers HTTP 500. */
  | "upload_500"
  /** Upload succeeds, the job ends in status ERROR. */
  | "job_error";

/** One upload as received. */
export interface RecordedUpload {
  readonly authorization: string | null;
  readonly filename: string | undefined;
  readonly bytes: number;
  readonly pageSeparator: string | undefined;
}

/** The running fake. */
export interface FakeLlamaParseServer {
  /** Base URL for `LLAMA_CLOUD_BASE_URL` (no path). */
  readonly url: string;
  mode: FakeLlamaParseMode;
  /** Page texts the "parse" returns. */
  pages: string[];
  readonly uploads: RecordedUpload[];
  close(): Promise<void>;
}

/** Starts the fake. */
export function startFakeLlamaParse(): FakeLlamaParseServer {
  const jobs = new Map<string, { separator: string; error: boolean }>();
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const path = new URL(req.url).pathname;
      if (req.method === "POST" && path === "/api/v1/parsing/upload") {
        if (api.mode === "upload_500") return Response.json({ detail: "fake LlamaParse is down" }, { status: 500 });
        const form = await req.formData();
        const file = form.get("file");
        const separator = form.get("page_separator");
        api.uploads.push({
          authorization: req.headers.get("authorization"),
          filename: file instanceof File ? file.name : undefined,
          bytes: file instanceof Blob ? file.size : 0,
          pageSeparator: typeof separator === "string" ? separator : undefined,
        });
        const id = crypto.randomUUID();
        jobs.set(id, { separator: typeof separator === "string" ? separator : "\n---\n", error: api.mode === "job_error" });
        return Response.json({ id, status: "PENDING" });
      }
      const match = /^\/api\/v1\/parsing\/job\/([^/]+)(\/result\/text)?$/.exec(path);
      const job = match ? jobs.get(match[1]!) : undefined;
      if (!match || !job || req.method !== "GET") return Response.json({ detail: "not found" }, { status: 404 });
      if (!match[2]) {
        return Response.json({ id: match[1], status: job.error ? "ERROR" : "SUCCESS", error_code: job.error ? "FAKE" : null, error_message: job.error ? "fake parse error" : null });
      }
      return Response.json({ text: api.pages.join(job.separator), job_metadata: { job_pages: api.pages.length } });
    },
  });
  const api: FakeLlamaParseServer = {
    url: `http://127.0.0.1:${server.port}`,
    mode: "ok",
    pages: ["LlamaParse page one text.", "LlamaParse page two text."],
    uploads: [],
    close: async () => void (await server.stop(true)),
  };
  return api;
}
