/**
 * Profile of one chat turn in-process (no HTTP): a user owns the 232-page EOC and two SBCs; the
 * same everyday questions are asked one at a time through the user's agent. Prints, per database,
 * wall time and CPU time of this process per turn (p50/p95; CPU = `process.cpuUsage()` delta, so
 * PostgreSQL's own server CPU is not in it; it includes the JIT compiler's and the garbage
 * collector's threads, which the main thread's CPU, `process.threadCpuUsage()`, leaves out), and
 * the p50 of each workflow step. `--json` for machines.
 * `--answers FILE` writes each database's answers to the six questions (text, found, sources) as
 * JSON, to check that a change keeps them identical.
 * `bun bench/turn-profile.bench.ts [--db postgres,embedded] [--turns 60] [--answers FILE] [--multi-ask]`
 */
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pino from "pino";
import postgres from "postgres";
import { USER_AGENT_KIND } from "../actors/agent/index.ts";
import type { ChatRequest, ChatTurnResult } from "../actors/messages.ts";
import { loadConfig } from "../app/config.ts";
import { createNavigator } from "../app/navigator.ts";
import type { Logger } from "../runtime/index.ts";
import { percentile, printTable, wantsJson } from "./support/table.ts";

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : def;
};
const dbs = opt("db", "postgres,embedded").split(",");
const turns = Number(opt("turns", "60"));
const json = wantsJson();
const answersFile = opt("answers", "");
const answers: Record<string, unknown[]> = {};
const CORPUS = resolve(import.meta.dir, "../../shared/corpus");
const FILES = ["scan_classic_hmo_2025_EOC.pdf", "SBC_Kaiser.pdf", "SBC_Aetna.pdf"];
const QUESTIONS = [
  "How much is my deductible?",
  "What do I pay to see a specialist?",
  "Is there a limit on what I pay out of pocket each year?",
  "What do I pay for the ER?",
  "Do I need a referral to see a specialist?",
  "How much are generic drugs?",
];

/**
 * `--multi-ask`: each question joined with the next ("How much is my deductible, and what do I pay to see
 * a specialist?"), so every turn has two asks (retrieval per ask, rag/retriever/ask-lists.ts).
 */
if (args.includes("--multi-ask")) {
  const single = [...QUESTIONS];
  single.forEach((q, i) => {
    const next = single[(i + 1) % single.length]!;
    QUESTIONS[i] = `${q.replace(/\?$/, "")}, and ${next.charAt(0).toLowerCase()}${next.slice(1)}`;
  });
}

async function profile(db: string) {
  const dataDir = await mkdtemp(join(tmpdir(), "navigator-bench-turn-"));
  const adminUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const dbName = `navigator_bench_${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`;
  const admin = db === "postgres" ? postgres(adminUrl, { max: 1, onnotice: () => {} }) : undefined;
  await admin?.unsafe(`create database ${dbName}`);
  const databaseUrl = admin ? adminUrl.replace(/\/[^/]*$/, `/${dbName}`) : undefined;
  // TEXT_INDEX=gin: the DB-side profile below times the full-text query too, which the default fusion never runs.
  const nav = await createNavigator(loadConfig({ TEXT_INDEX: "gin" }, { dataDir, port: 0, jwtSecret: "bench".repeat(8), databaseUrl, migrateOnStart: true }), {
    logger: pino({ level: "warn" }) as unknown as Logger,
  });
  try {
    const userId = Bun.randomUUIDv7();
    await nav.repos.users.create({ id: userId, email: `turn-${userId}@bench.invalid`, passwordHash: "!" });
    for (const f of FILES) {
      const { job } = await nav.documents.submit(userId, { filename: f, bytes: new Uint8Array(await Bun.file(`${CORPUS}/${f}`).arrayBuffer()) });
      await nav.queue.whenDone(job.id);
    }
    const agent = nav.system.ref<ChatRequest, ChatTurnResult>(USER_AGENT_KIND, userId);
    for (const message of QUESTIONS) {
      const r = await agent.ask({ type: "chat", v: 1, userId, message }); // warm-up
      (answers[db] ??= []).push({ question: message, text: r.text, found: r.found, sources: r.sources.map((s) => [s.filename, s.page, s.chunkIndex, Number(s.score.toFixed(6))]) });
    }
    const wall: number[] = [];
    const cpu: number[] = [];
    const threadCpu: number[] = [];
    const steps: Record<string, number[]> = {};
    for (let k = 0; k < turns; k++) {
      const c0 = process.cpuUsage();
      const m0 = process.threadCpuUsage();
      const t0 = performance.now();
      const r = await agent.ask({ type: "chat", v: 1, userId, message: QUESTIONS[k % QUESTIONS.length]! });
      wall.push(performance.now() - t0);
      const m = process.threadCpuUsage();
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      threadCpu.push((m.user - m0.user + m.system - m0.system) / 1000);
      for (const [s, ms] of Object.entries(r.steps)) (steps[s] ??= []).push(ms);
    }
    // The DB side alone: the two retrieval queries of a turn (vector search, full-text search), timed directly.
    const dbSide: Record<string, { wall: number[]; cpu: number[] }> = { vector_search: { wall: [], cpu: [] }, text_search: { wall: [], cpu: [] } };
    const model = nav.embedder.model;
    for (let k = 0; k < turns; k++) {
      const q = QUESTIONS[k % QUESTIONS.length]!;
      const vector = await nav.embedder.embedQuery(q);
      for (const [name, run] of [
        ["vector_search", () => nav.repos.chunks.search(userId, vector, { limit: 40, minSimilarity: 0.05, embeddingModel: model })],
        ["text_search", () => nav.repos.chunkText.searchText(userId, q, { limit: 40, embeddingModel: model, vector })],
      ] as const) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        await run();
        dbSide[name]!.wall.push(performance.now() - t0);
        const c = process.cpuUsage(c0);
        dbSide[name]!.cpu.push((c.user + c.system) / 1000);
      }
    }
    return {
      db,
      vector_search_p50_ms: percentile(dbSide.vector_search!.wall, 50),
      vector_search_cpu_p50_ms: percentile(dbSide.vector_search!.cpu, 50),
      text_search_p50_ms: percentile(dbSide.text_search!.wall, 50),
      text_search_cpu_p50_ms: percentile(dbSide.text_search!.cpu, 50),
      turns,
      wall_p50_ms: percentile(wall, 50),
      wall_p95_ms: percentile(wall, 95),
      cpu_p50_ms: percentile(cpu, 50),
      cpu_p95_ms: percentile(cpu, 95),
      main_thread_cpu_p50_ms: percentile(threadCpu, 50),
      main_thread_cpu_p95_ms: percentile(threadCpu, 95),
      ...Object.fromEntries(Object.entries(steps).map(([s, v]) => [`${s.replace(/_ms$/, "")}_p50_ms`, percentile(v, 50)])),
    };
  } finally {
    await nav.close();
    await rm(dataDir, { recursive: true, force: true });
    await admin?.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => {});
    await admin?.end();
  }
}

const rows: Record<string, string | number>[] = [];
for (const db of dbs) rows.push(await profile(db));
if (answersFile) await Bun.write(answersFile, `${JSON.stringify(answers, null, 1)}\n`);
if (json) console.log(JSON.stringify({ rows, loadavg: loadavg() }));
else {
  // One row per figure, one column per database.
  const metrics = Object.keys(rows[0] ?? {}).filter((k) => k !== "db");
  const table = metrics.map((m) => ({ figure: m, ...Object.fromEntries(rows.map((r) => [String(r.db), r[m]!])) }));
  printTable("One chat turn in-process (EOC + 2 SBCs of one user): wall and this process's CPU per turn, step p50s, and the two retrieval queries alone", table);
  console.log(`\nload average: ${loadavg().map((l) => l.toFixed(2)).join(" ")} (2 cores, shared: timings are noisy)`);
}
