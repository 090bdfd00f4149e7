/**
 * End-to-end ingestion and chat benchmark on the embedded default: ingests the 232-page SCAN EOC
 * through the real actors (parse → chunk → embed → store into PGlite), then asks questions.
 * Prints per-step times, RSS, and answer latency percentiles. `bun bench/ingest.bench.ts [file.pdf]`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import pino from "pino";
import { USER_AGENT_KIND } from "../actors/agent/index.ts";
import type { ChatTurnResult, ChatRequest, JobEvent } from "../actors/messages.ts";
import { percentile } from "../runtime/stats.ts";
import { loadConfig } from "../app/config.ts";
import { createNavigator } from "../app/navigator.ts";
import type { Logger } from "../runtime/index.ts";

const file = process.argv[2] ?? resolve(import.meta.dir, "../../shared/corpus/scan_classic_hmo_2025_EOC.pdf");
if (!(await Bun.file(file).exists())) {
  console.error(`bench: ${file} not found (the corpus lives in ../shared/corpus)`);
  process.exit(1);
}
const dataDir = await mkdtemp(join(tmpdir(), "navigator-bench-"));
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
const t0 = performance.now();
// RETRIEVAL_MODE from the environment (default: the configured default) selects the pipeline measured.
const env = process.env.RETRIEVAL_MODE ? { RETRIEVAL_MODE: process.env.RETRIEVAL_MODE } : {};
const nav = await createNavigator(loadConfig(env, { dataDir, port: 0, jwtSecret: "bench".repeat(8) }), {
  logger: pino({ level: "warn" }) as unknown as Logger,
});
console.log(`start (PGlite open + migrate): ${(performance.now() - t0).toFixed(0)} ms, rss ${mb(process.memoryUsage().rss)}`);

const userId = Bun.randomUUIDv7();
await nav.repos.users.create({ id: userId, email: `bench-${userId}@navigator.invalid`, passwordHash: "!" });
const bytes = new Uint8Array(await Bun.file(file).arrayBuffer());
const steps: JobEvent[] = [];
nav.events.subscribe((e) => steps.push(e));
const started = Date.now();
const { job } = await nav.documents.submit(userId, { filename: basename(file), bytes });
const result = await nav.queue.whenDone(job.id);
const times = new Map<string, number>();
for (const e of steps) if (!times.has(e.status)) times.set(e.status, e.at);
const order = ["parsing", "chunking", "embedding", "storing", "complete"];
console.log(`ingest ${basename(file)}: ${result.pages} pages, ${result.chunks} chunks, ${(result.durationMs / 1000).toFixed(2)} s total`);
for (let i = 0; i < order.length - 1; i++) {
  const a = times.get(order[i]!), b = times.get(order[i + 1]!);
  if (a !== undefined && b !== undefined) console.log(`  ${order[i]!.padEnd(10)} ${(b - a).toString().padStart(6)} ms`);
}
console.log(`  queued→done ${Date.now() - started} ms; rss after ingest ${mb(process.memoryUsage().rss)}`);

const questions = [
  "What is the maximum out-of-pocket amount I would pay in a year for in-network services?",
  "Is a referral needed for a specialist?",
  "What do I pay for ambulance services?",
  "What is the copay for an urgent care visit?",
  "What is the deadline for an appeal?",
];
const latencies: number[] = [];
const agent = nav.system.ref<ChatRequest, ChatTurnResult>(USER_AGENT_KIND, userId);
for (let round = 0; round < 20; round++) {
  for (const message of questions) {
    const t = performance.now();
    await agent.ask({ type: "chat", v: 1, userId, message });
    latencies.push(performance.now() - t);
  }
}
console.log(`chat (${latencies.length} turns, retrieval + extractive answer + persist): p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms`);
await nav.close();
await rm(dataDir, { recursive: true, force: true });
