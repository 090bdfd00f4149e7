/**
 * Graceful shutdown in a cluster: SIGTERM makes a node stop taking work, finish or hand over what
 * it holds, release its leases and exit 0 within SHUTDOWN_TIMEOUT_MS — so, unlike a crash, the
 * next chat does not wait for a lease to lapse, and an ingestion job does not wait for its ack wait.
 */
import { describe, expect, test } from "bun:test";
import type { Cluster } from "../../cli/cluster/launcher.ts";
import { checkClusterPrerequisites, useClusterEnvironment, waitForJobStart, type ClusterJob } from "../support/cluster.ts";
import { chat, corpusBytes, register, uploadFile, waitForJob } from "../support/server.ts";

const EOC = "scan_classic_hmo_2025_EOC.pdf";
const SBC = "SBC_Kaiser.pdf";
const SHUTDOWN_TIMEOUT_MS = 8_000;
const prerequisites = await checkClusterPrerequisites([EOC, SBC]);

test("graceful shutdown prerequisites: nats-server, PostgreSQL with pgvector, corpus (required when CI=true)", () => {
  if (prerequisites.mustFail) throw new Error(prerequisites.reason);
  if (!prerequisites.available) console.warn(`[shutdown] skipping: ${prerequisites.reason}`);
  expect(prerequisites.available || process.env.CI !== "true").toBe(true);
});

describe.skipIf(!prerequisites.available)("cluster: SIGTERM", () => {
  const env = useClusterEnvironment(prerequisites.adminUrl, prerequisites.available);
  let cluster: Cluster;

  test(
    "an ingest node stopped mid-job exits 0 in time; the job completes without waiting for the ack wait",
    async () => {
      cluster = await env.launch({ api: 1, agent: 2, ingest: 2 }, { SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS), INGEST_ACK_WAIT_MS: "30000" });
      const url = cluster.apiUrls[0]!;
      const user = await register(url);
      const up = await uploadFile(url, user.token, await corpusBytes(EOC), EOC);
      const job = await waitForJobStart(url, user.token, up.body.job_id!);
      const node = cluster.byNodeId(job.node_id!)!;
      const t0 = performance.now();
      node.kill("SIGTERM");
      expect(await node.exited).toBe(0);
      const stoppedMs = performance.now() - t0;
      const done = (await waitForJob(url, user.token, up.body.job_id!, 60_000)) as ClusterJob;
      const doneMs = performance.now() - t0;
      console.log(`[shutdown] ingest node exited 0 after ${Math.round(stoppedMs)} ms; job ${done.status} on ${done.node_id} ${Math.round(doneMs)} ms after SIGTERM`);
      expect(stoppedMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 2_000);
      expect(done.status).toBe("complete");
      expect(doneMs).toBeLessThan(30_000); // finished before stopping, or nak'ed and taken at once
      expect(node.logs().some((l) => l.includes("navigator node stopped"))).toBe(true);
    },
    120_000,
  );

  test(
    "the node owning a user's agent stops with exit 0 and releases the lease: the next chat is answered elsewhere at once",
    async () => {
      const url = cluster.apiUrls[0]!;
      const user = await register(url);
      const up = await uploadFile(url, user.token, await corpusBytes(SBC), SBC);
      await waitForJob(url, user.token, up.body.job_id!, 60_000);
      const before = await chat(url, user.token, "What is the out-of-pocket limit for this plan?");
      expect(before.status).toBe(200);
      const owner = cluster.byNodeId(before.body.metadata.node_id)!;
      expect(owner.role).toBe("agent");
      owner.kill("SIGTERM");
      expect(await owner.exited).toBe(0);
      const t0 = performance.now();
      const after = await chat(url, user.token, "What is the out-of-pocket limit for this plan?", before.body.conversation_id);
      const handoverMs = performance.now() - t0;
      console.log(`[shutdown] agent ${owner.nodeId} exited 0; next chat answered by ${after.body.metadata?.node_id} in ${Math.round(handoverMs)} ms`);
      expect(after.status).toBe(200);
      expect(after.body.metadata.node_id).not.toBe(owner.nodeId);
      expect(handoverMs).toBeLessThan(2_000); // a crash would wait for the 10 s lease TTL
    },
    60_000,
  );
});
