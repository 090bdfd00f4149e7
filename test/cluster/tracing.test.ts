/**
 * Traces leave the process: a 3-node cluster (api, agent, ingest) exports spans over OTLP/HTTP to
 * a receiver in this test. One chat yields one trace holding the api's request span, the NATS hop
 * (the api's `actor.send agent` CLIENT span and the agent's `actor.receive agent` SERVER span),
 * and the agent's workflow steps, with no attribute carrying the message or the user's email.
 * The trace tree is printed for the issue note. Every node, api-less ones too, serves its own
 * metrics on METRICS_PORT.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { Cluster } from "../../cli/cluster/launcher.ts";
import { checkClusterPrerequisites, useClusterEnvironment } from "../support/cluster.ts";
import { renderTrace, startOtlpReceiver, type ReceivedSpan } from "../support/otlp-receiver.ts";
import { makePdf } from "../support/pdf.ts";
import { bearer, register, uploadFile, waitForJob } from "../support/server.ts";

const prerequisites = await checkClusterPrerequisites([]);
const MESSAGE = "What is the overall deductible for one person under the tracing plan zebra-quartz?";
const PLAN_TEXT =
  "Summary of Benefits and Coverage: Tracing Test Plan. The overall deductible is $2,250 for an individual and $4,500 for a family. " +
  "The out-of-pocket limit is $7,000 for an individual. A primary care visit costs a $25 copay.";

test("cluster prerequisites: nats-server, PostgreSQL with pgvector (required when CI=true)", () => {
  if (prerequisites.mustFail) throw new Error(prerequisites.reason);
  if (!prerequisites.available) console.warn(`[tracing] skipping: ${prerequisites.reason}`);
  expect(prerequisites.available || process.env.CI !== "true").toBe(true);
});

describe.skipIf(!prerequisites.available)("traces exported over OTLP/HTTP from a 3-node cluster", () => {
  const env = useClusterEnvironment(prerequisites.adminUrl, prerequisites.available);
  const receiver = startOtlpReceiver();
  let cluster: Cluster;
  afterAll(() => receiver.stop());

  /** Polls the receiver until `pick` finds what it wants in the spans received. */
  async function waitForSpans<T>(pick: (spans: ReceivedSpan[]) => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await Bun.sleep(250)) {
      const found = pick(receiver.spans());
      if (found !== undefined) return found;
    }
    throw new Error(`${what} not received within ${timeoutMs} ms; received ${receiver.spans().length} spans:\n${receiver.spans().map((s) => `${s.name} [${s.instance}]`).join("\n")}`);
  }

  test(
    "one chat → one trace with spans from the api, the NATS hop and the agent; no message text or email in any attribute",
    async () => {
      cluster = await env.launch(
        { api: 1, agent: 1, ingest: 1 },
        { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: "navigator-test", METRICS_PORT: "0" },
      );
      const url = cluster.apiUrls[0]!;
      const user = await register(url);
      const upload = await uploadFile(url, user.token, makePdf([PLAN_TEXT]), "tracing-plan.pdf");
      expect(upload.status).toBe(202);
      expect((await waitForJob(url, user.token, upload.body.job_id!)).status).toBe("complete");

      const res = await fetch(`${url}/chat`, {
        method: "POST",
        headers: { ...bearer(user.token), "content-type": "application/json", "x-request-id": "trace-test-chat" },
        body: JSON.stringify({ message: MESSAGE }),
      });
      expect(res.status).toBe(200);
      const reply = (await res.json()) as { metadata: { trace_id?: string; node_id: string } };
      const traceId = reply.metadata.trace_id!;
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);

      const nodeOf = (role: string) => cluster.nodes.find((n) => n.role === role)!.nodeId;
      const [api, agent] = [nodeOf("api"), nodeOf("agent")];
      expect(reply.metadata.node_id).toBe(agent);
      // The batch processor exports within its schedule delay (5 s).
      const spans = await waitForSpans((all) => {
        const trace = all.filter((s) => s.traceId === traceId);
        return trace.some((s) => s.name === "chat.output") && trace.some((s) => s.name === "POST /chat" && s.kind === 2) ? trace : undefined;
      }, "the chat's trace");

      console.log(`trace ${traceId} of one clustered chat:\n${renderTrace(spans)}`);
      const root = spans.find((s) => s.name === "POST /chat" && s.kind === 2)!;
      expect(root.instance).toBe(api);
      expect(root.service).toBe("navigator-test");
      expect(root.attributes).toMatchObject({ "http.route": "/chat", "http.response.status_code": 200, "http.request.method": "POST" });
      // Exactly one root: every other span's parent is in the trace.
      const ids = new Set(spans.map((s) => s.spanId));
      expect(spans.filter((s) => !ids.has(s.parentSpanId)).map((s) => s.name)).toEqual(["POST /chat"]);
      // The NATS hop: CLIENT on the api, SERVER on the agent, parent and child.
      const send = spans.find((s) => s.name === "actor.send agent")!;
      const receive = spans.find((s) => s.name === "actor.receive agent")!;
      expect([send.instance, send.kind, send.attributes["messaging.system"]]).toEqual([api, 3, "nats"]);
      expect([receive.instance, receive.kind, receive.parentSpanId]).toEqual([agent, 2, send.spanId]);
      // The agent's workflow steps, with retrieval counts but no text.
      const agentSpans = spans.filter((s) => s.instance === agent).map((s) => s.name);
      for (const step of ["chat.input", "chat.rewrite", "chat.retrieval", "chat.screen", "chat.synthesis", "chat.output"]) expect(agentSpans).toContain(step);
      expect(spans.find((s) => s.name === "chat.retrieval")!.attributes["navigator.retrieval.chunks"]).toBeGreaterThan(0);

      // Privacy: nothing the member typed and not their email, in any span received (ingestion's too).
      const words = MESSAGE.toLowerCase().match(/[a-z-]{6,}/g)!.filter((w) => !["deductible", "overall", "person"].includes(w));
      for (const span of receiver.spans()) {
        for (const [key, value] of Object.entries(span.attributes)) {
          const text = String(value).toLowerCase();
          expect(text.includes(user.email.toLowerCase()), `${span.name} ${key}`).toBe(false);
          expect(text.includes(MESSAGE.toLowerCase()), `${span.name} ${key}`).toBe(false);
          for (const word of words) expect(text.includes(word), `${span.name} ${key} contains "${word}"`).toBe(false);
        }
      }

      // The upload's trace reaches the ingest node's stages.
      const ingest = nodeOf("ingest");
      const stages = await waitForSpans((all) => {
        const names = all.filter((s) => s.instance === ingest).map((s) => s.name);
        // The ingestion worker runs parse → structure → chunk → embed inside the `ingestion.parse` span.
        return ["ingestion.parse", "ingestion.store"].every((n) => names.includes(n)) ? names : undefined;
      }, "the ingestion stage spans");
      expect(stages).toContain("ingestion.attempt");
    },
    180_000,
  );

  test("every node, api-less ones too, is scraped on METRICS_PORT and reports its own part", async () => {
    const scrape = async (role: string) => {
      const node = cluster.nodes.find((n) => n.role === role)!;
      expect(node.metricsUrl, `${role} node metrics URL`).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const res = await fetch(node.metricsUrl!);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain(`node_id="${node.nodeId}"`);
      return (name: string, labels: Record<string, string> = {}) => {
        const line = text
          .split("\n")
          .find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
        return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
      };
    };
    const api = await scrape("api");
    expect(api("http_server_request_duration_seconds_count", { http_route: "/chat", http_response_status_code: "200" })).toBe(1);
    expect(api("navigator_nats_request_duration_seconds_count", { actor_kind: "agent", outcome: "ok" })).toBe(1);
    expect(api("navigator_actor_asks_total", { actor_kind: "agent", outcome: "ok" })).toBe(1);
    const agent = await scrape("agent");
    expect(agent("navigator_lease_events_total", { event: "acquired", actor_kind: "agent" })).toBe(1);
    expect(agent("navigator_actor_activations", { actor_kind: "agent" })).toBe(1);
    expect(agent("navigator_chat_answers_total", { outcome: "found" })! + agent("navigator_chat_answers_total", { outcome: "not_found" })!).toBe(1);
    expect(agent("navigator_chat_step_duration_seconds_count", { step: "synthesis" })).toBe(1);
    expect(agent("http_server_request_duration_seconds_count")).toBeUndefined(); // no HTTP API on an agent node
    const ingest = await scrape("ingest");
    expect(ingest("navigator_ingestion_jobs_total", { outcome: "complete" })).toBe(1);
    expect(ingest("navigator_ingestion_stage_duration_seconds_count", { stage: "parse" })).toBe(1);
    expect(ingest("navigator_ingestion_queue_depth")).toBe(0);
    expect(ingest("navigator_nats_connected")).toBe(1);
  });
});
