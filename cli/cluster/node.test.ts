/**
 * One real `navigator serve` process, embedded (PGlite under a temporary DATA_DIR, no NATS),
 * started through `spawnNode`: the ready-line contract, the log prefixing, SIGTERM handling and
 * the start failures the launcher reports. Multi-process clusters on NATS are tested elsewhere.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROLES } from "../../app/config.ts";
import { NodeStartError, spawnNode, type ClusterNode } from "./node.ts";

const READY_TIMEOUT_MS = 60_000;
const dirs: string[] = [];
const started: ClusterNode[] = [];

afterAll(async () => {
  for (const node of started) node.kill("SIGKILL");
  await Promise.all(started.map((n) => n.exited));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** Environment of an embedded node: this process's, minus cluster variables, plus a fresh DATA_DIR. */
async function embeddedEnv(nodeId: string): Promise<Record<string, string | undefined>> {
  const dataDir = await mkdtemp(join(tmpdir(), "navigator-node-"));
  dirs.push(dataDir);
  const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", NODE_ID: nodeId, LOG_LEVEL: "info" };
  for (const key of ["NATS_URL", "DATABASE_URL", "ROLES", "JWT_SECRET", "SHUTDOWN_TIMEOUT_MS"]) delete env[key];
  return env;
}

/** The error `promise` rejects with (fails when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<NodeStartError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(NodeStartError);
    return error as NodeStartError;
  }
  throw new Error("expected the node not to become ready");
}

describe("a navigator serve node", () => {
  test("logs one ready line, serves, and stops with exit 0 on SIGTERM", async () => {
    const lines: string[] = [];
    const t0 = performance.now();
    const { node, ready } = spawnNode({ role: "api", index: 0, nodeId: "solo-0-a1b2", roles: ROLES, env: await embeddedEnv("solo-0-a1b2"), onLog: (l) => lines.push(l), readyTimeoutMs: READY_TIMEOUT_MS });
    started.push(node);
    const fields = await ready;
    console.log(`[node.test] embedded node ready in ${(performance.now() - t0).toFixed(0)} ms`);
    expect(fields.nodeId).toBe("solo-0-a1b2");
    expect(fields.roles).toEqual(["api", "agent", "ingest"]);
    expect(fields.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(node.url).toBe(fields.url as string);
    expect(node.pid).toBeGreaterThan(0);

    const health = await fetch(`${fields.url}/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { node_id: string }).node_id).toBe("solo-0-a1b2");

    const readyLines = lines.filter((l) => l.includes("navigator node ready"));
    expect(readyLines).toEqual([`[api-0 solo-0-a1b2] INFO navigator node ready nodeId=solo-0-a1b2 roles=["api","agent","ingest"] url=${fields.url}`]);

    const t1 = performance.now();
    node.kill("SIGTERM");
    expect(await node.exited).toBe(0);
    console.log(`[node.test] stopped in ${(performance.now() - t1).toFixed(0)} ms`);
    const logs = node.logs();
    expect(logs).toEqual(lines.slice(-200));
    expect(logs.filter((l) => l.startsWith("[api-0 solo-0-a1b2] INFO navigator node stopping signal=SIGTERM timeoutMs=10000"))).toHaveLength(1);
    expect(logs.filter((l) => l.startsWith("[api-0 solo-0-a1b2] INFO navigator node stopped signal=SIGTERM"))).toHaveLength(1);
    node.kill("SIGKILL");
  }, 90_000);

  test("an invalid configuration: exits 1 before ready, the error quotes its last lines", async () => {
    const env = await embeddedEnv("api-0-bad1");
    const { node, ready } = spawnNode({ role: "api", index: 0, nodeId: "api-0-bad1", env, onLog: () => {}, readyTimeoutMs: READY_TIMEOUT_MS });
    started.push(node);
    const error = await rejection(ready);
    expect(error.code).toBe("node_start_failed");
    expect([error.node, error.nodeId]).toEqual(["api-0", "api-0-bad1"]);
    expect(error.message).toStartWith("node api-0 (api-0-bad1) exited with code 1 before it was ready; last log lines:\n");
    expect(error.logs).toEqual([
      '[api-0 api-0-bad1] navigator serve: --roles="api" is invalid: expected all of api,agent,ingest: running a subset of roles needs NATS_URL (a cluster)',
    ]);
    expect(await node.exited).toBe(1);
  }, 30_000);

  test("a ready line naming another node id is refused (NODE_ID not honoured)", async () => {
    const env = await embeddedEnv("someone-else");
    const { node, ready } = spawnNode({ role: "api", index: 1, nodeId: "api-1-c3d4", roles: ROLES, env, onLog: () => {}, readyTimeoutMs: READY_TIMEOUT_MS });
    started.push(node);
    const error = await rejection(ready);
    expect(error.message).toStartWith('node api-1 (api-1-c3d4) reported "navigator node ready" with nodeId "someone-else" instead of its NODE_ID; last log lines:');
    node.kill("SIGTERM");
    expect(await node.exited).toBe(0);
  }, 90_000);

  test("no ready line within readyTimeoutMs: refused, naming the timeout", async () => {
    const env = await embeddedEnv("ingest-0-e5f6");
    const t0 = performance.now();
    const { node, ready } = spawnNode({ role: "ingest", index: 0, nodeId: "ingest-0-e5f6", roles: ROLES, env, onLog: () => {}, readyTimeoutMs: 200 });
    started.push(node);
    const error = await rejection(ready);
    const waitedMs = performance.now() - t0;
    console.log(`[node.test] timeout reported after ${waitedMs.toFixed(0)} ms (readyTimeoutMs 200)`);
    expect(error.message).toStartWith('node ingest-0 (ingest-0-e5f6) did not log "navigator node ready" within 200 ms');
    expect(waitedMs).toBeGreaterThanOrEqual(199);
    expect(waitedMs).toBeLessThan(5_000);
    node.kill("SIGKILL");
    expect(await node.exited).toBe(137);
  }, 30_000);
});
