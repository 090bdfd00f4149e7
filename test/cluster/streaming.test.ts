/**
 * Streaming across processes (1 api + 1 agent + 1 ingest node over a real nats-server and
 * PostgreSQL): a chat streamed as SSE through the api node while the agent runs on the agent node
 * (events over NATS `<prefix>.chat.stream.<id>`), and an upload's progress, produced on the ingest
 * node, on the user's WebSocket at the api node.
 */
import { describe, expect, test } from "bun:test";
import type { Cluster } from "../../cli/cluster/launcher.ts";
import { checkClusterPrerequisites, useClusterEnvironment } from "../support/cluster.ts";
import { makePdf } from "../support/pdf.ts";
import { bearer, register, uploadFile } from "../support/server.ts";
import { openSocket, SAMPLE_PLAN_PAGES, SAMPLE_QUESTION, sseChat } from "../support/streams.ts";

const prerequisites = await checkClusterPrerequisites([]);

test("cluster streaming prerequisites: nats-server, PostgreSQL with pgvector (required when CI=true)", () => {
  if (prerequisites.mustFail) throw new Error(prerequisites.reason);
  if (!prerequisites.available) console.warn(`[cluster streaming] skipping: ${prerequisites.reason}`);
  expect(prerequisites.available || process.env.CI !== "true").toBe(true);
});

describe.skipIf(!prerequisites.available)("cluster: streaming through an api node", () => {
  const env = useClusterEnvironment(prerequisites.adminUrl, prerequisites.available);
  let cluster: Cluster;

  test(
    "upload progress from the ingest node reaches the user's socket; SSE chat streams from the agent node",
    async () => {
      cluster = await env.launch({ api: 1, agent: 1, ingest: 1 });
      const url = cluster.apiUrls[0]!;
      const user = await register(url);
      const socket = await openSocket(url, bearer(user.token));
      await socket.next((m) => m.type === "ready");
      const up = await uploadFile(url, user.token, makePdf(SAMPLE_PLAN_PAGES), "lakeside-gold.pdf");
      expect(up.status).toBe(202);
      await socket.next((m) => m.type === "job" && m.job_id === up.body.job_id && m.status === "complete", 60_000);
      expect(socket.messages.filter((m) => m.type === "job").map((m) => m.status)).toContain("embedding");

      const stream = await sseChat(url, user.token, SAMPLE_QUESTION);
      await stream.ended;
      const names = stream.events.map((e) => e.event);
      expect(names[0]).toBe("meta");
      expect(names[1]).toBe("sources");
      expect(names.at(-1)).toBe("done");
      const done = stream.events.at(-1)!.data;
      const deltas = stream.events.filter((e) => e.event === "delta").map((e) => e.data.text);
      // Several deltas: the agent's own pieces came over NATS (a reply-only fallback sends one).
      expect(deltas.length).toBeGreaterThanOrEqual(2);
      expect(deltas.join("")).toBe(done.response);
      expect(done.found).toBe(true);
      expect(cluster.byNodeId(done.metadata.node_id)?.role).toBe("agent");

      // The same over the WebSocket, on the same socket that saw the job.
      socket.send({ type: "chat", message: SAMPLE_QUESTION, id: "w1" });
      const turn = await socket.turn("w1", 30_000);
      expect(turn.at(-1)).toMatchObject({ type: "done", response: done.response });
      expect(turn.filter((m) => m.type === "delta").length).toBeGreaterThanOrEqual(2);
      socket.ws.close(1000);
    },
    150_000,
  );
});
