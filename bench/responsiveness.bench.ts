/**
 * Responsiveness during large and hostile ingestions: a server in its own process; while the
 * 232-page EOC, a generated 5,000-blank-page PDF and a generated PDF whose content stream
 * inflates to ~50 MB of text ingest (generated here, never written to the repository), this
 * process times `/health` (every 50 ms) and another user's chat (one at a time, JSON). Prints
 * their p50/p99/max, each upload's outcome (status, `last_error` code, seconds to it) and the
 * server's peak RSS. `bun bench/responsiveness.bench.ts [--db embedded|postgres] [--json]`
 */
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { makeBlankPagesPdf, makeInflatingPdf } from "../test/support/hostile-pdf.ts";
import { percentile, printTable, wantsJson } from "./support/table.ts";
import { registerUser, startServerProcess, upload, waitJob, type BenchDatabase } from "./support/server-process.ts";

const args = process.argv.slice(2);
const i = args.indexOf("--db");
const dbs = (i >= 0 ? args[i + 1]! : "embedded,postgres").split(",") as BenchDatabase[];
const json = wantsJson();
const log = (...a: unknown[]) => json || console.error(...a);
const CORPUS = resolve(import.meta.dir, "../../shared/corpus");

async function runOn(db: BenchDatabase) {
  const server = await startServerProcess(db);
  try {
    const asker = await registerUser(server.url, `asker-${Date.now()}@bench.invalid`);
    await waitJob(server.url, asker, await upload(server.url, asker, new Uint8Array(await Bun.file(`${CORPUS}/SBC_Kaiser.pdf`).arrayBuffer()), "SBC_Kaiser.pdf"));
    const uploader = await registerUser(server.url, `uploader-${Date.now()}@bench.invalid`);
    const files: [string, Uint8Array][] = [
      ["EOC (232 pages)", new Uint8Array(await Bun.file(`${CORPUS}/scan_classic_hmo_2025_EOC.pdf`).arrayBuffer())],
      ["5,000 blank pages", makeBlankPagesPdf(5_000)],
      ["inflating stream (~50 MB text)", makeInflatingPdf({ pages: 50, textBytesPerPage: 1024 * 1024 })],
    ];
    log(`[${db}] uploading ${files.map(([n, b]) => `${n} ${(b.length / 1024).toFixed(0)} KB`).join(", ")}`);
    const health: number[] = [];
    const chats: number[] = [];
    let running = true;
    const stopPeak = server.samplePeak(100);
    const pinger = (async () => {
      while (running) {
        const t = performance.now();
        await fetch(`${server.url}/health`).then((r) => r.arrayBuffer()).catch(() => {});
        health.push(performance.now() - t);
        await Bun.sleep(50);
      }
    })();
    const chatter = (async () => {
      while (running) {
        const t = performance.now();
        await fetch(`${server.url}/chat`, {
          method: "POST",
          headers: { authorization: `Bearer ${asker}`, "content-type": "application/json" },
          body: JSON.stringify({ message: "How much is my deductible?" }),
        })
          .then((r) => r.arrayBuffer())
          .catch(() => {});
        chats.push(performance.now() - t);
        await Bun.sleep(100);
      }
    })();
    const started = performance.now();
    const outcomes = await Promise.all(
      files.map(async ([name, bytes]) => {
        const t = performance.now();
        const jobId = await upload(server.url, uploader, bytes, `${name.replace(/\W+/g, "_")}.pdf`);
        const accepted = performance.now() - t;
        const job = await waitJob(server.url, uploader, jobId);
        return { upload: name, kb: Math.round(bytes.length / 1024), status: job.status, code: job.last_error?.code ?? "-", accepted_ms: accepted, done_s: (performance.now() - started) / 1000 };
      }),
    );
    running = false;
    await Promise.all([pinger, chatter]);
    const peak = stopPeak();
    const latency = [
      { db, probe: "/health", n: health.length, p50_ms: percentile(health, 50), p99_ms: percentile(health, 99), max_ms: Math.max(...health), rss_peak_mib: peak },
      { db, probe: "chat (other user)", n: chats.length, p50_ms: percentile(chats, 50), p99_ms: percentile(chats, 99), max_ms: Math.max(...chats), rss_peak_mib: peak },
    ];
    return { latency, outcomes: outcomes.map((o) => ({ db, ...o })) };
  } finally {
    await server.stop();
  }
}

const latency = [];
const outcomes = [];
for (const db of dbs) {
  const r = await runOn(db);
  latency.push(...r.latency);
  outcomes.push(...r.outcomes);
}
if (json) console.log(JSON.stringify({ latency, outcomes, loadavg: loadavg() }));
else {
  printTable("Responsiveness while the EOC, a 5,000-page PDF and an inflating-stream PDF ingest", latency);
  printTable("Uploads", outcomes);
  console.log(`\nload average: ${loadavg().map((l) => l.toFixed(2)).join(" ")} (2 cores, shared: timings are noisy)`);
}
