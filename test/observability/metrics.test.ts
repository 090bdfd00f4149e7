/**
 * `GET /metrics` of a real Navigator after one upload and one chat: Prometheus text format that
 * `promtool check metrics` accepts, the same exposition on the `METRICS_PORT` listener, every
 * metric group present, and no user id, email or message text in any label. Then a real
 * Prometheus scrapes it and answers `http_server_request_duration_seconds_count` through its API.
 * Also: request ids (X-Request-Id honoured or generated, echoed; unmatched paths never become labels).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { bearer, chat, register, startTestServer, uploadFile, waitForJob, type TestServer } from "../support/server.ts";
import { makePdf } from "../support/pdf.ts";
import { checkPrometheus, promtool, startPrometheus } from "../support/prometheus.ts";

const QUESTION = "What is the overall deductible for an individual?";
const PLAN_TEXT = [
  "Summary of Benefits and Coverage: Observability Test Plan. Coverage period 01/01/2026 - 12/31/2026.",
  "The overall deductible is $1,500 for an individual and $3,000 for a family. The out-of-pocket limit is $6,000 for an individual.",
  "Primary care visit copay is $30. Specialist visit copay is $60. Emergency room care has 20% coinsurance after the deductible.",
].join(" ");
const prometheus = checkPrometheus();

let server: TestServer;
let user: { token: string; userId: string; email: string };
let scrape = "";
let chatRequestId = "";

beforeAll(async () => {
  server = await startTestServer({
    telemetry: { metricsPort: 0, logFormat: "json", tracing: { serviceName: "navigator", sampler: "parentbased_always_on", samplerRatio: 1 } },
  });
  user = await register(server.url);
  const upload = await uploadFile(server.url, user.token, makePdf([PLAN_TEXT, PLAN_TEXT]), "observability-plan.pdf");
  expect(upload.status).toBe(202);
  const job = await waitForJob(server.url, user.token, upload.body.job_id!);
  expect(job.status).toBe("complete");
  const res = await fetch(`${server.url}/chat`, {
    method: "POST",
    headers: { ...bearer(user.token), "content-type": "application/json", "x-request-id": "obs-test-chat-1" },
    body: JSON.stringify({ message: QUESTION }),
  });
  expect(res.status).toBe(200);
  chatRequestId = res.headers.get("x-request-id") ?? "";
  await res.json();
  scrape = await (await fetch(`${server.url}/metrics`)).text();
}, 120_000);

afterAll(async () => {
  await server?.close();
});

/** Value of the first sample of `name` whose labels include every pair of `labels`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return undefined;
}

describe("GET /metrics after one upload and one chat", () => {
  test("Prometheus text format with every metric group, counting what happened", async () => {
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    expect(res.headers.get("content-type")).toContain("version=0.0.4");
    // HTTP: the chat request under its route template, with its status.
    expect(sample(scrape, "http_server_request_duration_seconds_count", { http_request_method: "POST", http_route: "/chat", http_response_status_code: "200" })).toBe(1);
    expect(sample(scrape, "http_server_request_duration_seconds_count", { http_route: "/api/v2/upload", http_response_status_code: "202" })).toBe(1);
    // Job polling is counted under the template, not under the job's id.
    expect(sample(scrape, "http_server_request_duration_seconds_count", { http_route: "/api/v2/jobs/:id" })).toBeGreaterThanOrEqual(1);
    expect(sample(scrape, "http_server_request_body_size_bytes_count", { http_route: "/api/v2/upload" })).toBe(1);
    expect(sample(scrape, "http_server_active_requests", { http_request_method: "GET" })).toBeGreaterThanOrEqual(0);
    // Chat: one turn, its six steps, its outcome.
    expect(sample(scrape, "navigator_chat_answers_total", { outcome: "found" })! + sample(scrape, "navigator_chat_answers_total", { outcome: "not_found" })!).toBe(1);
    for (const step of ["input", "rewrite", "retrieval", "screen", "synthesis", "output"]) {
      expect(sample(scrape, "navigator_chat_step_duration_seconds_count", { step }), step).toBe(1);
    }
    expect(sample(scrape, "navigator_chat_time_to_first_delta_seconds_count")).toBe(1);
    expect(sample(scrape, "navigator_chat_sources_per_answer_count")).toBe(1);
    // Ingestion: one complete job, its stages, its pages and chunks.
    expect(sample(scrape, "navigator_ingestion_jobs_total", { outcome: "complete" })).toBe(1);
    // The ingestion worker runs parse → structure → chunk → embed as one `parse` observation.
    for (const stage of ["parse", "store"]) expect(sample(scrape, "navigator_ingestion_stage_duration_seconds_count", { stage }), stage).toBe(1);
    expect(sample(scrape, "navigator_ingestion_pages_total")).toBe(2);
    expect(sample(scrape, "navigator_ingestion_chunks_total")).toBeGreaterThan(0);
    expect(sample(scrape, "navigator_ingestion_queue_depth")).toBe(0);
    expect(sample(scrape, "navigator_ingestion_oldest_queued_age_seconds")).toBe(0);
    // Runtime: the agent and the ingestion actor were activated and asked.
    expect(sample(scrape, "navigator_actor_activations_total", { actor_kind: "agent" })).toBe(1);
    expect(sample(scrape, "navigator_actor_asks_total", { actor_kind: "agent", outcome: "ok" })).toBe(1);
    expect(sample(scrape, "navigator_actor_asks_total", { actor_kind: "ingestion", outcome: "ok" })).toBe(1);
    expect(sample(scrape, "navigator_actor_mailbox_depth", { actor_kind: "agent" })).toBe(0);
    expect(sample(scrape, "navigator_nats_connected")).toBe(1);
    // Database: repository operations by name, the vector search plan, the pool.
    // The default retriever (fusion: in-memory BM25F) checks the user's units version once per
    // turn — on PostgreSQL one statement (chunks and records), embedded counted in-process (no
    // query) — and reads the units to build its index on the first turn; it runs no vector search.
    const versionQueries = sample(scrape, "db_client_operation_duration_seconds_count", { db_operation_name: "records.unitsVersionWithChunks", outcome: "ok" });
    expect(versionQueries).toBe(server.nav.database.kind === "pglite" ? undefined : 1);
    expect(sample(scrape, "db_client_operation_duration_seconds_count", { db_operation_name: "chunks.listUnits", outcome: "ok" })).toBe(1);
    expect(sample(scrape, "db_client_operation_duration_seconds_count", { db_operation_name: "users.create" })).toBe(1);
    expect(scrape).toContain("# TYPE navigator_vector_search_total counter");
    // At most the scrape's own backlog query (jobs.queuedStats) is running.
    expect(sample(scrape, "db_client_operations_in_flight")).toBeLessThanOrEqual(1);
    expect(sample(scrape, "db_client_connection_max", { db_system: server.nav.database.kind === "pglite" ? "pglite" : "postgresql" })).toBeGreaterThanOrEqual(1);
    // Process.
    expect(sample(scrape, "process_resident_memory_bytes")).toBeGreaterThan(1_000_000);
    expect(sample(scrape, "process_cpu_seconds_total")).toBeGreaterThan(0);
    expect(scrape).toContain("nodejs_eventloop_lag_seconds");
    expect(sample(scrape, "navigator_process_memory_limit_bytes")).toBeGreaterThan(1_000_000);
    // Every series names the node.
    expect(scrape).toContain(`node_id="${server.nav.config.nodeId}"`);
  });

  test("no user id, email or message text in any label", () => {
    for (const secret of [user.userId, user.email, QUESTION, "observability-plan.pdf"]) expect(scrape).not.toContain(secret);
  });

  test("the METRICS_PORT listener serves the same registry, and only /metrics", async () => {
    const port = server.nav.metricsPort!;
    expect(port).toBeGreaterThan(0);
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(sample(text, "http_server_request_duration_seconds_count", { http_route: "/chat" })).toBe(1);
    expect((await fetch(`http://127.0.0.1:${port}/api/v2/documents`)).status).toBe(404);
  });

  test.skipIf(!prometheus.available)("promtool check metrics accepts the scrape", async () => {
    const r = await promtool(["check", "metrics"], { stdin: scrape });
    if (r.stdout || r.stderr) console.log(`promtool check metrics: ${(r.stdout + r.stderr).trim()}`);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});

describe("request ids", () => {
  test("X-Request-Id is honoured when it is a plain token, else generated; always echoed", async () => {
    expect(chatRequestId).toBe("obs-test-chat-1");
    const generated = await fetch(`${server.url}/health`);
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const refused = await fetch(`${server.url}/health`, { headers: { "x-request-id": "has spaces and <html>" } });
    expect(refused.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const notFound = await fetch(`${server.url}/no/such/route`, { headers: { "x-request-id": "probe-1" } });
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get("x-request-id")).toBe("probe-1");
    const after = await (await fetch(`${server.url}/metrics`)).text();
    expect(sample(after, "http_server_request_duration_seconds_count", { http_route: "unmatched", http_response_status_code: "404" })).toBeGreaterThanOrEqual(1);
    expect(after).not.toContain("/no/such/route");
  });
});

describe.skipIf(!prometheus.available)("a real Prometheus scrapes Navigator", () => {
  test("prometheus --config.file … scrapes METRICS_PORT; http_server_request_duration_seconds_count through the HTTP API", async () => {
    const target = `127.0.0.1:${server.nav.metricsPort}`;
    const prom = await startPrometheus(
      ["global:", "  scrape_interval: 1s", "  evaluation_interval: 1s", "scrape_configs:", "  - job_name: navigator-static", "    static_configs:", `      - targets: ["${target}"]`, ""].join("\n"),
    );
    try {
      let result: Awaited<ReturnType<typeof prom.query>> = [];
      for (const deadline = Date.now() + 30_000; Date.now() < deadline; await Bun.sleep(500)) {
        result = await prom.query('http_server_request_duration_seconds_count{http_route="/chat"}');
        if (result.length > 0) break;
      }
      const targets = await prom.targets();
      expect(result.length, `no sample after 30 s; targets ${JSON.stringify(targets)}\n${prom.logs().slice(-2000)}`).toBeGreaterThan(0);
      expect(targets[0]?.health).toBe("up");
      expect(result[0]!.metric).toMatchObject({ job: "navigator-static", instance: target, http_request_method: "POST", http_route: "/chat", http_response_status_code: "200" });
      expect(Number(result[0]!.value[1])).toBeGreaterThanOrEqual(1);
      const up = await prom.query('up{job="navigator-static"}');
      expect(up[0]?.value[1]).toBe("1");
    } finally {
      await prom.stop();
    }
  }, 60_000);
});
