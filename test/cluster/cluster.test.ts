/**
 * Navigator as a cluster of processes (2 api + 2 agent + 2 ingest) over a real nats-server and a
 * real PostgreSQL: work spreads over ingest nodes, a killed ingest node's job completes elsewhere
 * with a clean run's chunks, one live activation per user under 200 concurrent chats, and a
 * killed agent owner fails over. Figures are printed for the issue note.
 */
import { describe, expect, test } from "bun:test";
import type { Cluster } from "../../cli/cluster/launcher.ts";
import { readPdf } from "../../rag/pdf/index.ts";
import { sentence5 } from "../../rag/splitter/index.ts";
import { checkClusterPrerequisites, percentile, useClusterEnvironment, waitForJobStart, type ClusterJob } from "../support/cluster.ts";
import { bearer, chat, corpusBytes, corpusPath, fetchJson, register, uploadFile, waitForJob } from "../support/server.ts";

const EOC = "scan_classic_hmo_2025_EOC.pdf";
const SBCS = ["SBC_Aetna.pdf", "SBC_Anthem.pdf", "SBC_BlueCross.pdf", "SBC_Kaiser.pdf", "SBC_PPO.pdf", "SBC_CalChoice.pdf", "SBC_CABronze.pdf", "SBC_SeeChange.pdf"];
const QUESTION = "What is the out-of-pocket limit for this plan?";
const prerequisites = await checkClusterPrerequisites([EOC, ...SBCS]);

test("cluster prerequisites: nats-server, PostgreSQL with pgvector, corpus (required when CI=true)", () => {
  if (prerequisites.mustFail) throw new Error(prerequisites.reason);
  if (!prerequisites.available) console.warn(`[cluster] skipping: ${prerequisites.reason}`);
  expect(prerequisites.available || process.env.CI !== "true").toBe(true);
});

describe.skipIf(!prerequisites.available)("cluster: 2 api + 2 agent + 2 ingest processes", () => {
  const env = useClusterEnvironment(prerequisites.adminUrl, prerequisites.available);
  let cluster: Cluster;
  const api = (i: number) => cluster.apiUrls[i % cluster.apiUrls.length]!;
  const nodesOf = (role: string) => cluster.nodes.filter((n) => n.role === role);

  test(
    "starts six processes that report ready",
    async () => {
      cluster = await env.launch({ api: 2, agent: 2, ingest: 2 }, { AGENT_IDLE_TIMEOUT_MS: "1000", AGENT_MAILBOX_CAPACITY: "512" });
      expect(cluster.nodes.map((n) => n.role).sort()).toEqual(["agent", "agent", "api", "api", "ingest", "ingest"]);
      expect(cluster.apiUrls).toHaveLength(2);
      for (const url of cluster.apiUrls) {
        const health = await fetchJson(`${url}/health`);
        expect(health.status).toBe(200);
        expect(health.body).toMatchObject({ status: "ok", mode: "cluster", nats: "connected", roles: ["api"] });
      }
    },
    120_000,
  );

  test(
    "(a) 20 uploads from 4 users through both api nodes all complete, spread over both ingest nodes",
    async () => {
      const users = await Promise.all([0, 1, 2, 3].map((i) => register(api(i))));
      const bytes = await Promise.all(SBCS.map((name) => corpusBytes(name)));
      const uploads = await Promise.all(
        Array.from({ length: 20 }, (_, i) => {
          const user = users[i % 4]!;
          const file = Math.floor(i / 4) + (i % 4); // five distinct documents per user
          return uploadFile(api(i), user.token, bytes[file % bytes.length]!, SBCS[file % SBCS.length]!).then((res) => ({ res, user }));
        }),
      );
      for (const { res } of uploads) expect(res.status).toBe(202);
      const started = performance.now();
      const jobs = await Promise.all(uploads.map(({ res, user }, i) => waitForJob(api(i + 1), user.token, res.body.job_id!, 120_000) as Promise<ClusterJob>));
      console.log(`[cluster] (a) 20 jobs finished ${Math.round(performance.now() - started)} ms after the last upload was accepted`);
      expect(jobs.map((j) => j.status)).toEqual(Array(20).fill("complete"));
      const byNode = new Map<string, number>();
      for (const job of jobs) byNode.set(job.node_id!, (byNode.get(job.node_id!) ?? 0) + 1);
      console.log(`[cluster] (a) jobs per ingest node: ${JSON.stringify(Object.fromEntries(byNode))}`);
      expect([...byNode.keys()].sort()).toEqual(nodesOf("ingest").map((n) => n.nodeId).sort());
      // Each user sees exactly their five documents.
      for (const user of users) {
        const docs = await fetchJson(`${api(0)}/api/v2/documents`, { headers: bearer(user.token) });
        expect(docs.body.documents ?? docs.body).toHaveLength(5);
      }
    },
    180_000,
  );

  test(
    "one trace spans HTTP → agent and HTTP → ingestion across processes (W3C traceparent)",
    async () => {
      const user = await register(api(0));
      const traceId = crypto.randomUUID().replaceAll("-", "");
      const traceparent = `00-${traceId}-${"ab".repeat(8)}-01`;
      const form = new FormData();
      form.append("file", new File([await corpusBytes("SBC_Anthem.pdf")], "SBC_Anthem.pdf", { type: "application/pdf" }));
      const up = await fetchJson(`${api(0)}/api/v2/upload`, { method: "POST", headers: { ...bearer(user.token), traceparent }, body: form });
      expect(up.status).toBe(202);
      const job = (await waitForJob(api(1), user.token, up.body.job_id, 60_000)) as ClusterJob;
      expect(job.trace_id).toBe(traceId);
      const reply = await fetchJson(`${api(1)}/chat`, {
        method: "POST",
        headers: { ...bearer(user.token), "content-type": "application/json", traceparent },
        body: JSON.stringify({ message: QUESTION }),
      });
      expect(reply.status).toBe(200);
      expect(reply.body.metadata.trace_id).toBe(traceId);
      expect(cluster.byNodeId(reply.body.metadata.node_id)?.role).toBe("agent");
    },
    60_000,
  );

  test(
    "(c) 200 concurrent chats for one user through both api nodes: one activation at a time, messages stored in order",
    async () => {
      const user = await register(api(0));
      const up = await uploadFile(api(0), user.token, await corpusBytes("SBC_Kaiser.pdf"), "SBC_Kaiser.pdf");
      await waitForJob(api(0), user.token, up.body.job_id!, 60_000);
      const first = await chat(api(0), user.token, QUESTION);
      expect(first.status).toBe(200);
      const conversationId = first.body.conversation_id;
      const replies: { metadata: { node_id: string; activation_id: string; started_at: number; processing_ms: number } }[] = [first.body];
      const burst = async (count: number, offset: number) => {
        const results = await Promise.all(
          Array.from({ length: count }, (_, i) => chat(api(i), user.token, `${QUESTION} (#${offset + i})`, conversationId)),
        );
        for (const r of results) expect(r.status).toBe(200);
        replies.push(...results.map((r) => r.body));
      };
      await burst(200, 0);
      await Bun.sleep(2_500); // idle timeout 1 s: the agent passivates and releases its lease
      await burst(50, 200);

      const activations = new Map<string, { node: string; from: number; to: number }>();
      for (const { metadata: m } of replies) {
        const a = activations.get(m.activation_id) ?? { node: m.node_id, from: Infinity, to: -Infinity };
        a.from = Math.min(a.from, m.started_at);
        a.to = Math.max(a.to, m.started_at + m.processing_ms);
        activations.set(m.activation_id, a);
      }
      const spans = [...activations.values()].sort((x, y) => x.from - y.from);
      console.log(`[cluster] (c) ${replies.length} replies from ${spans.length} activations: ${JSON.stringify(spans)}`);
      expect(spans.length).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < spans.length; i++) expect(spans[i]!.from).toBeGreaterThanOrEqual(spans[i - 1]!.to);

      const rows = await env.sql<{ role: string; content: string; seq: string }>(
        "select role, content, seq from messages where conversation_id = $1 order by seq",
        [conversationId],
      );
      expect(rows).toHaveLength(2 * replies.length);
      for (let i = 0; i < rows.length; i += 2) {
        expect([rows[i]!.role, rows[i + 1]!.role]).toEqual(["user", "assistant"]);
        expect(Number(rows[i + 1]!.seq)).toBe(Number(rows[i]!.seq) + 1);
      }
      const asked = rows.filter((r) => r.role === "user").map((r) => r.content);
      expect(new Set(asked).size).toBe(asked.length);
    },
    180_000,
  );

  test(
    "(b) SIGKILL an ingest process while it parses the 232-page EOC: the job completes on the other node with a clean run's chunks",
    async () => {
      const clean = sentence5((await readPdf(new Uint8Array(await Bun.file(corpusPath(EOC)).arrayBuffer()))).pages).length;
      const user = await register(api(0));
      const up = await uploadFile(api(0), user.token, await corpusBytes(EOC), EOC);
      expect(up.status).toBe(202);
      const job = await waitForJobStart(api(1), user.token, up.body.job_id!);
      expect(["parsing", "chunking", "embedding", "storing"]).toContain(job.status);
      const victim = cluster.byNodeId(job.node_id!)!;
      expect(victim.role).toBe("ingest");
      const killedAt = performance.now();
      victim.kill("SIGKILL");
      console.log(`[cluster] (b) killed ${victim.nodeId} while the job was ${job.status} (${job.progress.pct}%)`);
      const done = (await waitForJob(api(1), user.token, up.body.job_id!, 120_000)) as ClusterJob;
      const elapsed = performance.now() - killedAt;
      console.log(`[cluster] (b) SIGKILL → job complete on ${done.node_id}: ${Math.round(elapsed)} ms (attempts ${done.attempts})`);
      expect(done.status).toBe("complete");
      expect(done.node_id).not.toBe(victim.nodeId);
      expect(done.attempts).toBeGreaterThanOrEqual(2);
      const [counts] = await env.sql<{ n: number; ids: number; ords: number; max: number }>(
        "select count(*)::int as n, count(distinct id)::int as ids, count(distinct ord)::int as ords, max(ord)::int as max from chunks where document_id = $1",
        [up.body.document_id],
      );
      expect(counts).toEqual({ n: clean, ids: clean, ords: clean, max: clean - 1 });
    },
    180_000,
  );

  test(
    "(d) SIGKILL the node that owns a user's agent: the next chat succeeds on the other agent node",
    async () => {
      const user = await register(api(0));
      const up = await uploadFile(api(0), user.token, await corpusBytes("SBC_Aetna.pdf"), "SBC_Aetna.pdf");
      await waitForJob(api(0), user.token, up.body.job_id!, 60_000);
      const before = await chat(api(0), user.token, QUESTION);
      expect(before.status).toBe(200);
      const owner = cluster.byNodeId(before.body.metadata.node_id)!;
      expect(owner.role).toBe("agent");
      owner.kill("SIGKILL");
      await owner.exited;
      const killedAt = performance.now();
      const after = await chat(api(1), user.token, QUESTION, before.body.conversation_id);
      const failoverMs = performance.now() - killedAt;
      console.log(`[cluster] (d) failover: next chat answered by ${after.body.metadata?.node_id} ${Math.round(failoverMs)} ms after SIGKILL`);
      expect(after.status).toBe(200);
      expect(after.body.metadata.node_id).not.toBe(owner.nodeId);
      expect(after.body.response).toBe(before.body.response);
      expect(failoverMs).toBeLessThan(10_000 + 3_000);
      // Later chats stay on the new owner and are fast again.
      const latencies: number[] = [];
      for (let i = 0; i < 10; i++) {
        const t0 = performance.now();
        const r = await chat(api(i), user.token, QUESTION, before.body.conversation_id);
        latencies.push(performance.now() - t0);
        expect(r.body.metadata.node_id).toBe(after.body.metadata.node_id);
      }
      console.log(`[cluster] (d) chat latency after failover: p50 ${percentile(latencies, 50).toFixed(1)} ms`);
    },
    120_000,
  );
});
