/**
 * Streaming latency over real HTTP (`bun bench/streaming.bench.ts [file.pdf]`): a live Navigator
 * on a random port (embedded: in-process chat stream bus, the offline extractive synthesizer) with
 * one ingested PDF (default: the 232-page SCAN EOC of ../shared/corpus), asked by a client in a
 * separate process (so the client's reads do not wait for the server's work): sequential
 * `POST /chat` turns with `Accept: text/event-stream`, each followed by the same question as plain
 * JSON. Prints, in milliseconds measured by the client with `performance.now()` from sending the
 * request, p50/p95 of: time to `meta`, time to first `delta`, time to `done`, and the plain reply.
 * Runs on PGlite (the embedded default), then on PostgreSQL (a fresh database on `DATABASE_URL`,
 * default 127.0.0.1:5432) when one is reachable.
 *
 * `--client <url> <token>` is the client half (prints its samples as JSON).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import pino from "pino";
import { percentile } from "../runtime/stats.ts";
import { loadConfig } from "../app/config.ts";
import { createNavigator } from "../app/navigator.ts";
import type { Logger } from "../runtime/index.ts";
import { checkPostgres, createTestPostgresDatabase } from "../test/support/postgres.ts";
import { chat, register, uploadFile, waitForJob } from "../test/support/server.ts";
import { sseChat } from "../test/support/streams.ts";

const ROUNDS = 20;
const WARM_UP_TURNS = 10;
const QUESTIONS = [
  "What is the maximum out-of-pocket amount I would pay in a year for in-network services?",
  "Is a referral needed for a specialist?",
  "What do I pay for ambulance services?",
  "What is the copay for an urgent care visit?",
  "What is the deadline for an appeal?",
];

type Samples = { meta: number[]; firstDelta: number[]; done: number[]; plain: number[]; deltas: number[] };

/** The client half: asks every question ROUNDS times, streamed then plain, after a warm-up. */
async function client(url: string, token: string): Promise<Samples> {
  const streamed = async (message: string) => {
    const stream = await sseChat(url, token, message);
    await stream.ended;
    const done = stream.events.at(-1);
    if (done?.event !== "done") throw new Error(`turn did not end with done: ${JSON.stringify(done)}`);
    const at = (name: string) => stream.events.find((e) => e.event === name)!.atMs;
    return { meta: at("meta"), firstDelta: at("delta"), done: done.atMs, deltas: stream.events.filter((e) => e.event === "delta").length };
  };
  const plain = async (message: string) => {
    const started = performance.now();
    const res = await chat(url, token, message);
    if (res.status !== 200) throw new Error(`POST /chat: HTTP ${res.status}`);
    return performance.now() - started;
  };
  for (let i = 0; i < WARM_UP_TURNS; i++) {
    await streamed(QUESTIONS[i % QUESTIONS.length]!);
    await plain(QUESTIONS[i % QUESTIONS.length]!);
  }
  const samples: Samples = { meta: [], firstDelta: [], done: [], plain: [], deltas: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const q of QUESTIONS) {
      const s = await streamed(q);
      samples.meta.push(s.meta);
      samples.firstDelta.push(s.firstDelta);
      samples.done.push(s.done);
      samples.deltas.push(s.deltas);
      samples.plain.push(await plain(q));
    }
  }
  return samples;
}

/** The server half on one database: ingest `file`, run the client process, print the figures. */
async function run(label: string, file: string, databaseUrl?: string): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), "navigator-bench-stream-"));
  const config = loadConfig({}, { dataDir, port: 0, host: "127.0.0.1", jwtSecret: "bench".repeat(8), databaseUrl, migrateOnStart: true });
  const nav = await createNavigator(config, { logger: pino({ level: "warn" }) as unknown as Logger });
  try {
    const { url } = await nav.listen();
    const user = await register(url, `bench-${Date.now()}@navigator.invalid`);
    const t0 = performance.now();
    const up = await uploadFile(url, user.token, new Uint8Array(await Bun.file(file).arrayBuffer()), basename(file));
    const job = await waitForJob(url, user.token, up.body.job_id!, 600_000);
    if (job.status !== "complete") throw new Error(`ingestion ${job.status}: ${JSON.stringify(job.last_error)}`);
    console.log(`[${label}] ingested ${basename(file)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const proc = Bun.spawn(["bun", import.meta.path, "--client", url, user.token], { stdout: "pipe", stderr: "inherit" });
    const [out, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
    if (code !== 0) throw new Error(`client exited with ${code}`);
    const s = JSON.parse(out) as Samples;
    const fmt = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(1)} ms, p95 ${percentile(xs, 95).toFixed(1)} ms`;
    const n = s.done.length;
    console.log(`[${label}] SSE POST /chat, ${n} turns, ${(s.deltas.reduce((a, b) => a + b, 0) / n).toFixed(1)} deltas per turn on average:`);
    console.log(`  time to meta         ${fmt(s.meta)}`);
    console.log(`  time to first delta  ${fmt(s.firstDelta)}`);
    console.log(`  time to done         ${fmt(s.done)}`);
    console.log(`[${label}] plain JSON POST /chat, ${n} turns: time to full reply ${fmt(s.plain)}`);
  } finally {
    await nav.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--client") {
  console.log(JSON.stringify(await client(process.argv[3]!, process.argv[4]!)));
} else {
  const file = process.argv[2] ?? resolve(import.meta.dir, "../../shared/corpus/scan_classic_hmo_2025_EOC.pdf");
  if (!(await Bun.file(file).exists())) {
    console.error(`bench: ${file} not found (the corpus lives in ../shared/corpus)`);
    process.exit(1);
  }
  await run("PGlite", file);
  const pg = await checkPostgres();
  if (!pg.available) console.log(`[PostgreSQL] skipped: ${pg.reason}`);
  else {
    const database = await createTestPostgresDatabase(pg.adminUrl);
    try {
      await run("PostgreSQL", file, database.url);
    } finally {
      await database.drop();
    }
  }
}
