/**
 * Actor runtime figures, in process and over NATS (`bun bench/actors.bench.ts`):
 * - ask round-trip latency p50/p99 (sequential asks to one actor);
 * - messages per second through one actor, and spread over 1,000 distinct actors (asks with
 *   256 in flight), which over NATS includes taking 1,000 leases in the KV bucket.
 * The actor is a trivial "agent" kind that answers at once, so the figures are the runtime's own
 * cost (routing, placement, transport), not retrieval. Over NATS, the caller node hosts nothing
 * and the agent node hosts "agent" (as an api node talking to an agent node). Uses `NATS_URL`,
 * or starts a private nats-server when the binary exists.
 */
import { connect } from "@nats-io/transport-node";
import { percentile } from "../runtime/stats.ts";
import { createActorSystem, createKvLeasePlacement, createNatsTransport, openLeaseBucket, type ActorSystem, type Logger } from "../runtime/index.ts";
import { checkNats, startNatsServer, type TestNatsServer } from "../test/support/nats.ts";

const SEQUENTIAL_ASKS = 5_000;
const THROUGHPUT_ASKS = 20_000;
const IN_FLIGHT = 256;
const DISTINCT_ACTORS = 1_000;

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
const echo = { init: () => null, receive: (_s: null, m: number) => m };

async function latency(caller: ActorSystem, n: number): Promise<{ p50: number; p99: number }> {
  const ref = caller.ref<number, number>("agent", "latency");
  for (let i = 0; i < 200; i++) await ref.ask(i); // warm-up (activation, lease, connections)
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await ref.ask(i);
    samples.push(performance.now() - t0);
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

async function throughput(caller: ActorSystem, ids: number, n: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < n) {
      const i = next++;
      await caller.ref<number, number>("agent", `t${ids}-${i % ids}`).ask(i, { timeoutMs: 60_000 });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return n / ((performance.now() - started) / 1000);
}

async function run(label: string, caller: ActorSystem): Promise<void> {
  const lat = await latency(caller, SEQUENTIAL_ASKS);
  const one = await throughput(caller, 1, THROUGHPUT_ASKS);
  const many = await throughput(caller, DISTINCT_ACTORS, THROUGHPUT_ASKS);
  console.log(
    `${label.padEnd(12)} ask p50 ${lat.p50.toFixed(3)} ms  p99 ${lat.p99.toFixed(3)} ms  |  ` +
      `1 actor ${Math.round(one).toLocaleString("en-US")} msg/s  |  ${DISTINCT_ACTORS} actors ${Math.round(many).toLocaleString("en-US")} msg/s`,
  );
}

// In process: one system, no transport.
{
  const system = createActorSystem({ logger: silent }, { nodeId: "local" });
  system.register("agent", echo, { mailboxCapacity: 100_000 });
  await run("in-process", system);
  await system.shutdown();
}

// Over NATS: an api-like node (hosts nothing) asks an agent node.
const check = checkNats();
if (!check.available) {
  console.log(`over NATS: skipped (${check.reason})`);
} else {
  let server: TestNatsServer | undefined;
  let url = process.env.NATS_URL;
  if (check.binary) {
    server = await startNatsServer(check.binary);
    url = server.url;
  }
  const bucket = `bench_actors_${crypto.randomUUID().slice(0, 8)}`;
  const node = async (nodeId: string, hostedKinds: string[]): Promise<{ system: ActorSystem; close(): Promise<void> }> => {
    const nc = await connect({ servers: url!, name: nodeId });
    const kv = await openLeaseBucket(nc, { bucket, leaseTtlMs: 10_000 });
    const placement = createKvLeasePlacement({ kv, nodeId, logger: silent }, { hostedKinds, leaseTtlMs: 10_000 });
    const transport = createNatsTransport({ nc, logger: silent }, { subjectPrefix: `bench.${bucket}` });
    const system = createActorSystem({ logger: silent, transport, placement }, { nodeId, hostedKinds });
    for (const kind of hostedKinds) system.register(kind, echo, { mailboxCapacity: 100_000 });
    await system.ready();
    return {
      system,
      async close() {
        await system.shutdown();
        await placement.close();
        await transport.close();
        await nc.close();
      },
    };
  };
  const agentNode = await node("bench-agent", ["agent"]);
  const apiNode = await node("bench-api", []);
  await run("over NATS", apiNode.system);
  await apiNode.close();
  await agentNode.close();
  await server?.dispose();
}
