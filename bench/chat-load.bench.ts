/**
 * Chat under load: a Navigator server in its own process (bench/support/server-process.ts), this
 * process as the load generator. N users each own one SBC; C connections ask questions in a
 * closed loop for D seconds, half as JSON (`POST /chat`) and half as SSE (`Accept:
 * text/event-stream`, timed to the end of the stream). Runs on PostgreSQL and on the embedded
 * database. Prints requests/s (all and 2xx), latency p50/p95/p99 of the 2xx, errors by status,
 * the server's CPU time per request (its own threads, from /proc: comparable across loads, unlike
 * requests/s on a shared machine) and the server's RSS (peak during the run). `--json` prints the rows as JSON.
 *
 * Two measures, on the same server and users:
 * - closed loop (default): each connection asks again as soon as it has its answer, so the run
 *   finds the maximum throughput; latency is then set by the queue the connections themselves
 *   make (mean latency ≈ connections / throughput), and a stall delays requests that are never timed.
 * - `--rate R`: a constant arrival rate (bench/support/arrival.ts, as wrk2 `-R` / k6
 *   `constant-arrival-rate`): R requests/s due on a fixed schedule over D seconds, spread over the
 *   C connections; latency counts from each request's scheduled send time (coordinated omission
 *   corrected: a request that waited for a free connection is timed from when it was due).
 *   Rows say `load: R/s`; `rps` is what was answered per second of the run (the schedule and the
 *   last answers), `late` the requests sent more than 10 ms after their time (every connection
 *   busy), `service_p95_ms` the p95 from the actual send. A server (or a load generator) that
 *   cannot keep up shows as late sends and latency that grows over the run, not as a slower
 *   schedule. Runs after the closed loop (which warms the server up); `--no-closed` runs only it,
 *   after one uncounted question per user.
 * `bun bench/chat-load.bench.ts [--users 20] [--connections 100] [--seconds 20] [--db postgres,embedded] [--rate 200] [--no-closed]`
 * (the last of a repeated option counts: `bun run bench` passes `--rate 200` before what it is given)
 */
import { resolve } from "node:path";
import { loadavg } from "node:os";
import { DEFAULT_LATE_SEND_MS, runAtRate } from "./support/arrival.ts";
import { percentile, printTable, wantsJson } from "./support/table.ts";
import { registerUser, startServerProcess, upload, waitJob, type BenchDatabase } from "./support/server-process.ts";

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.lastIndexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : def;
};
const users = Number(opt("users", "20"));
const connections = Number(opt("connections", "100"));
const seconds = Number(opt("seconds", "20"));
const dbs = opt("db", "postgres,embedded").split(",") as BenchDatabase[];
const rate = args.includes("--rate") ? Number(opt("rate", "200")) : undefined;
const closed = !args.includes("--no-closed");
if (rate !== undefined && !(rate > 0)) throw new RangeError(`--rate must be a positive number of requests/s, got ${opt("rate", "")}`);
if (!closed && rate === undefined) throw new RangeError("--no-closed needs --rate");
const json = wantsJson();
const log = (...a: unknown[]) => json || console.error(...a);

const CORPUS = resolve(import.meta.dir, "../../shared/corpus");
const SBCS = ["SBC_Kaiser.pdf", "SBC_Aetna.pdf", "SBC_Anthem.pdf", "SBC_BlueCross.pdf", "SBC_BlueShield.pdf", "SBC_PPO.pdf"];
/** Everyday questions (not the public eval's wording). */
const QUESTIONS = [
  "How much is my deductible?",
  "What do I pay to see a specialist?",
  "Is there a limit on what I pay out of pocket each year?",
  "What do I pay for the ER?",
  "Do I need a referral to see a specialist?",
  "How much are generic drugs?",
  "Is acupuncture covered?",
  "What is the copay for urgent care?",
];

interface Sample {
  /** Latency, milliseconds (closed loop: from the send; `--rate`: from the scheduled send time). */
  readonly ms: number;
  readonly status: number;
  /** `--rate` only: milliseconds from the actual send. */
  readonly serviceMs?: number;
}

async function ask(url: string, token: string, message: string, sse: boolean): Promise<Sample> {
  const t = performance.now();
  try {
    const res = await fetch(`${url}/chat`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...(sse ? { accept: "text/event-stream" } : {}) },
      body: JSON.stringify({ message }),
    });
    const body = await res.text(); // SSE: the whole stream, to its last event
    const status = sse && res.status === 200 && !body.includes("event: done") ? 599 : res.status; // an `error` event
    return { ms: performance.now() - t, status };
  } catch {
    return { ms: performance.now() - t, status: 0 }; // connection error
  }
}

/**
 * How an operator configures the server for this load test: every simulated member registers
 * (and, when registration answers 202, logs in) from 127.0.0.1, so the per-address registration
 * and login limits (against account farming and password guessing) are raised for the run; every
 * other limit keeps its default. (Before, more than ~50 users hit the login limit: 429.)
 */
const LOAD_TEST_ENV = { REGISTER_MAX_PER_ADDRESS: String(Math.max(1_000, users)), LOGIN_MAX_PER_ADDRESS: String(Math.max(1_000, users)) };

/**
 * One row per mode (JSON, SSE) of a run: requests/s over `elapsedS`, latency percentiles of the
 * 2xx (from the scheduled send time under `--rate`), errors by status, server CPU per request.
 */
function summarize(
  db: BenchDatabase,
  load: string,
  samples: { json: Sample[]; sse: Sample[] },
  elapsedS: number,
  serverCpuS: number,
  idleRss: number,
  peakRss: number,
  late?: { json: number; sse: number },
): Record<string, string | number>[] {
  const requests = samples.json.length + samples.sse.length;
  return (["json", "sse"] as const).map((mode) => {
    const all = samples[mode];
    const ok = all.filter((s) => s.status >= 200 && s.status < 300);
    const errors = new Map<number, number>();
    for (const s of all) if (s.status < 200 || s.status >= 300) errors.set(s.status, (errors.get(s.status) ?? 0) + 1);
    const ms = ok.map((s) => s.ms);
    return {
      db,
      load,
      mode,
      requests: all.length,
      rps: all.length / elapsedS,
      ok_rps: ok.length / elapsedS,
      p50_ms: percentile(ms, 50),
      p95_ms: percentile(ms, 95),
      p99_ms: percentile(ms, 99),
      ...(late ? { service_p95_ms: percentile(ok.map((s) => s.serviceMs ?? s.ms), 95), late: late[mode] } : {}),
      errors: [...errors].map(([s, n]) => `${s}:${n}`).join(" ") || "none",
      // Server CPU per request (both modes together): what a request costs, whatever the machine's load.
      server_cpu_ms_per_req: requests > 0 ? (serverCpuS * 1000) / requests : 0,
      rss_idle_mib: idleRss,
      rss_peak_mib: peakRss,
    };
  });
}

async function runOn(db: BenchDatabase) {
  log(`[${db}] starting the server…`);
  const server = await startServerProcess(db, LOAD_TEST_ENV);
  try {
    const tokens: string[] = [];
    const jobs: Promise<unknown>[] = [];
    for (let u = 0; u < users; u++) {
      const token = await registerUser(server.url, `load-${u}-${Date.now()}@bench.invalid`);
      tokens.push(token);
      const file = SBCS[u % SBCS.length]!;
      const jobId = await upload(server.url, token, new Uint8Array(await Bun.file(`${CORPUS}/${file}`).arrayBuffer()), file);
      jobs.push(waitJob(server.url, token, jobId));
    }
    await Promise.all(jobs);
    const idleRss = await server.rssMiB();
    log(`[${db}] ${users} users with one SBC each; rss ${idleRss} MiB; ${connections} connections for ${seconds} s${closed ? " (closed loop)" : ""}…`);
    const rows: Record<string, string | number>[] = [];
    if (closed) {
      const samples: { json: Sample[]; sse: Sample[] } = { json: [], sse: [] };
      const stopPeak = server.samplePeak();
      const cpu0 = await server.cpuSeconds();
      const end = performance.now() + seconds * 1000;
      let next = 0;
      await Promise.all(
        Array.from({ length: connections }, async (_, c) => {
          const sse = c % 2 === 1;
          while (performance.now() < end) {
            const k = next++;
            samples[sse ? "sse" : "json"].push(await ask(server.url, tokens[k % tokens.length]!, QUESTIONS[k % QUESTIONS.length]!, sse));
          }
        }),
      );
      const peakRss = stopPeak();
      const serverCpuS = (await server.cpuSeconds()) - cpu0;
      rows.push(...summarize(db, "closed", samples, seconds, serverCpuS, idleRss, peakRss));
    }
    if (rate !== undefined) {
      // Without the closed loop before it, each user asks once first (not counted): its first
      // question builds the user's index and JIT-compiles the turn, which would time a cold server.
      if (!closed) await Promise.all(tokens.map((token, u) => ask(server.url, token, QUESTIONS[u % QUESTIONS.length]!, u % 2 === 1)));
      log(`[${db}] constant arrival rate: ${rate} requests/s for ${seconds} s over ${connections} connections…`);
      const samples: { json: Sample[]; sse: Sample[] } = { json: [], sse: [] };
      const late = { json: 0, sse: 0 };
      const stopPeak = server.samplePeak();
      const cpu0 = await server.cpuSeconds();
      const t0 = performance.now();
      const timed = await runAtRate({
        rate,
        seconds,
        connections,
        send: (k) => ask(server.url, tokens[k % tokens.length]!, QUESTIONS[k % QUESTIONS.length]!, k % 2 === 1),
      });
      const elapsedS = (performance.now() - t0) / 1000;
      for (const t of timed) {
        const mode = t.k % 2 === 1 ? "sse" : "json";
        samples[mode].push({ ms: t.ms, status: t.result.status, serviceMs: t.serviceMs });
        if (t.lateMs > DEFAULT_LATE_SEND_MS) late[mode]++;
      }
      const peakRss = stopPeak();
      const serverCpuS = (await server.cpuSeconds()) - cpu0;
      rows.push(...summarize(db, `${rate}/s`, samples, elapsedS, serverCpuS, idleRss, peakRss, late));
    }
    return rows;
  } finally {
    await server.stop();
  }
}

const rows = [];
for (const db of dbs) rows.push(...(await runOn(db)));
if (json) console.log(JSON.stringify({ users, connections, seconds, rate: rate ?? null, rows, loadavg: loadavg() }));
else {
  const closedRows = rows.filter((r) => r.load === "closed");
  const rateRows = rows.filter((r) => r.load !== "closed");
  if (closedRows.length > 0) printTable(`Chat load, closed loop: ${users} users, ${connections} connections (half JSON, half SSE), ${seconds} s per database`, closedRows);
  if (rateRows.length > 0) printTable(`Chat load, constant arrival rate ${rate}/s: ${users} users, ${connections} connections (alternating JSON, SSE), ${seconds} s of schedule per database; rps = answered per second of the run`, rateRows);
  console.log(`\nload average: ${loadavg().map((l) => l.toFixed(2)).join(" ")} (2 cores shared with the load generator and other work: timings are noisy)`);
  console.log("errors: HTTP status:count; 0 = connection error, 599 = a stream that ended with an error event");
  if (rate !== undefined) console.log(`load R/s: constant arrival rate, latency from each request's scheduled send time (coordinated omission corrected); late = sent > ${DEFAULT_LATE_SEND_MS} ms after its time`);
}
