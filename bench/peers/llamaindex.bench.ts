/**
 * Ingestion side by side with the stock LlamaIndex.TS pipeline, in one run on one PDF:
 *   peer:      PDFReader → SentenceSplitter(512/50) → the hashed embedder → PGVectorStore (PostgreSQL + pgvector)
 *   navigator: upload → worker (parse → sentence_5 → the same hashed embedder) → store, on PostgreSQL (and embedded PGlite)
 *   like-for-like: Navigator on PostgreSQL configured as the peer runs (`OCR_MAX_PAGES=0`: the
 *              peer's PDFReader does no OCR, Navigator by default OCRs pages without a text layer;
 *              `VECTOR_INDEX=none`: the peer's table has no vector index; Navigator's default has
 *              none either unless RETRIEVAL_MODE runs the vector search, app/vector-config.ts),
 *              in a database of its own (`--no-like-for-like` to skip)
 * Each pipeline runs once to warm up (not counted), then `--runs` times (default 3), alternating.
 * Prints a table (or JSON with `--json`): median and min seconds per pipeline and the ratio
 * navigator / peer, and the median CPU seconds of each run by part (bench/support/cpu.ts: this
 * process's main thread, ingestion workers, JIT threads, other threads; the PostgreSQL backends
 * of the bench's databases), which a shared machine's load changes less than wall time. The JSON
 * also lists each run's pair (`perRun`: both pipelines' seconds, the wall and the CPU ratio of
 * Navigator on PostgreSQL to the peer), for a distribution over several invocations. Needs PostgreSQL with pgvector at DATABASE_URL (default 127.0.0.1:5432).
 * `--variant KEY=VALUE[,KEY=VALUE…]` adds a Navigator on PostgreSQL configured with those settings
 * (e.g. `INGEST_PARSE_SPLIT=2`), in a database of its own, alternating with the others (A/B in one run).
 * `bun bench/peers/llamaindex.bench.ts [file.pdf] [--runs N] [--json] [--no-embedded] [--no-like-for-like] [--variant K=V]`
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { BaseEmbedding } from "@llamaindex/core/embeddings";
import { Document } from "@llamaindex/core/schema";
import { SentenceSplitter } from "@llamaindex/core/node-parser";
import { PGVectorStore } from "@llamaindex/postgres";
import { PDFReader } from "@llamaindex/readers/pdf";
import pino from "pino";
import postgres from "postgres";
import { loadConfig } from "../../app/config.ts";
import { createNavigator } from "../../app/navigator.ts";
import { createHashedEmbedder } from "../../rag/embeddings/index.ts";
import type { Logger } from "../../runtime/index.ts";
import { cpuDelta, sampleCpu } from "../support/cpu.ts";
import { median, printTable, rssMiB, wantsJson } from "../support/table.ts";

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const file = args.find((a) => a.endsWith(".pdf")) ?? resolve(import.meta.dir, "../../../shared/corpus/scan_classic_hmo_2025_EOC.pdf");
const runs = Number(flag("--runs") ?? 3);
const json = wantsJson();
const adminUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
if (!(await Bun.file(file).exists())) {
  console.error(`bench: ${file} not found (the corpus lives in ../shared/corpus)`);
  process.exit(1);
}
const bytes = new Uint8Array(await Bun.file(file).arrayBuffer());
const log = (...a: unknown[]) => json || console.log(...a);

// One scratch database for both pipelines (each in its own tables), dropped at the end.
const dbName = `navigator_bench_${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${dbName}`);
const dbUrl = adminUrl.replace(/\/[^/]*$/, `/${dbName}`);
const setup = postgres(dbUrl, { max: 1, onnotice: () => {} });
await setup.unsafe("create extension if not exists vector");
await setup.end();
// The like-for-like Navigator's own database: VECTOR_INDEX=none drops the index database-wide.
const likeName = `${dbName}_like`;
const likeForLike = !args.includes("--no-like-for-like");
if (likeForLike) await admin.unsafe(`create database ${likeName}`);
const likeUrl = adminUrl.replace(/\/[^/]*$/, `/${likeName}`);
const variantSpec = flag("--variant");
const variantEnv = variantSpec ? Object.fromEntries(variantSpec.split(",").map((kv) => kv.split("=", 2) as [string, string])) : undefined;
const variantName = `${dbName}_variant`;
if (variantEnv) await admin.unsafe(`create database ${variantName}`);
const variantUrl = adminUrl.replace(/\/[^/]*$/, `/${variantName}`);

const embedder = createHashedEmbedder();

/** Navigator's hashed embedder as a LlamaIndex embedding model (batches of 128, as Navigator embeds). */
class HashedEmbedding extends BaseEmbedding {
  constructor() {
    super();
    this.embedBatchSize = 128;
    this.getTextEmbeddings = async (texts: string[]) => (await embedder.embedDocuments(texts)).map((v) => Array.from(v));
  }
  async getTextEmbedding(text: string): Promise<number[]> {
    return Array.from((await embedder.embedDocuments([text]))[0]!);
  }
}
const embedModel = new HashedEmbedding();

/** CPU now: this process's threads and the backends of the bench's databases. */
const cpuNow = () => sampleCpu(admin, [dbName, ...(likeForLike ? [likeName] : []), ...(variantEnv ? [variantName] : [])]);

/** The stock LlamaIndex.TS pipeline; returns seconds per step and CPU seconds by part. */
async function peer(run: number): Promise<Record<string, number>> {
  const c0 = await cpuNow();
  const t0 = performance.now();
  const docs: Document[] = await new PDFReader().loadDataAsContent(new Uint8Array(bytes));
  const t1 = performance.now();
  const nodes = new SentenceSplitter({ chunkSize: 512, chunkOverlap: 50 }).getNodesFromDocuments(docs);
  const t2 = performance.now();
  await embedModel(nodes); // the stock transform: embeds every node in batches of embedBatchSize
  const t3 = performance.now();
  const store = new PGVectorStore({ clientConfig: { connectionString: dbUrl }, dimensions: embedder.dimensions, tableName: `llamaindex_run_${run}`, embedModel });
  await store.add(nodes);
  const t4 = performance.now();
  const c1 = await cpuNow(); // before its connection closes (a closed backend's CPU is gone)
  await store.client().then((c) => c.close()).catch(() => {});
  return { parse_s: (t1 - t0) / 1000, chunk_s: (t2 - t1) / 1000, embed_s: (t3 - t2) / 1000, store_s: (t4 - t3) / 1000, total_s: (t4 - t0) / 1000, chunks: nodes.length, ...cpuDelta(c0, c1) };
}

/** Navigator's own pipeline through its document service and actors; returns seconds end to end and CPU seconds by part. */
async function navigator(nav: Awaited<ReturnType<typeof createNavigator>>): Promise<Record<string, number>> {
  const userId = Bun.randomUUIDv7();
  await nav.repos.users.create({ id: userId, email: `bench-${userId}@navigator.invalid`, passwordHash: "!" });
  const at = new Map<string, number>();
  const stop = nav.events.subscribe((e) => {
    if (e.userId === userId && !at.has(e.status)) at.set(e.status, performance.now());
  });
  const c0 = await cpuNow();
  const t0 = performance.now();
  const { job } = await nav.documents.submit(userId, { filename: basename(file), bytes });
  const result = await nav.queue.whenDone(job.id);
  const t1 = performance.now();
  const c1 = await cpuNow();
  stop();
  if (result.status !== "complete") throw new Error(`navigator ingest ended ${result.status}`);
  const span = (a: string, b: string) => ((at.get(b) ?? Number.NaN) - (at.get(a) ?? Number.NaN)) / 1000;
  return {
    total_s: (t1 - t0) / 1000,
    chunks: result.chunks,
    ...cpuDelta(c0, c1),
    "upload→parsing_s": ((at.get("parsing") ?? Number.NaN) - t0) / 1000,
    "parsing→chunking_s": span("parsing", "chunking"),
    "chunking→storing_s": span("chunking", "storing"),
    "storing→complete_s": span("storing", "complete"),
  };
}

const logger = pino({ level: "warn" }) as unknown as Logger;
const dataDir = await mkdtemp(join(tmpdir(), "navigator-bench-peer-"));
const navPg = await createNavigator(loadConfig({}, { dataDir, port: 0, jwtSecret: "bench".repeat(8), databaseUrl: dbUrl, migrateOnStart: true }), { logger });
const navLike = likeForLike
  ? await createNavigator(loadConfig({ OCR_MAX_PAGES: "0", VECTOR_INDEX: "none" }, { dataDir: await mkdtemp(join(tmpdir(), "navigator-bench-peer-like-")), port: 0, jwtSecret: "bench".repeat(8), databaseUrl: likeUrl, migrateOnStart: true }), { logger })
  : undefined;
const navVariant = variantEnv
  ? await createNavigator(loadConfig(variantEnv, { dataDir: await mkdtemp(join(tmpdir(), "navigator-bench-peer-variant-")), port: 0, jwtSecret: "bench".repeat(8), databaseUrl: variantUrl, migrateOnStart: true }), { logger })
  : undefined;
const embeddedDir = await mkdtemp(join(tmpdir(), "navigator-bench-peer-embedded-"));
const navEmbedded = args.includes("--no-embedded")
  ? undefined
  : await createNavigator(loadConfig({}, { dataDir: embeddedDir, port: 0, jwtSecret: "bench".repeat(8) }), { logger });

const LIKE = "navigator (postgres, no OCR, no HNSW)";
const VARIANT = `navigator (postgres, ${variantSpec})`;
const results: Record<string, Record<string, number>[]> = { llamaindex: [], "navigator (postgres)": [], [LIKE]: [], [VARIANT]: [], "navigator (embedded)": [] };
try {
  log(`warm-up on ${basename(file)} (${(bytes.length / 1024).toFixed(0)} KB)…`);
  await peer(0);
  await navigator(navPg);
  if (navLike) await navigator(navLike);
  if (navVariant) await navigator(navVariant);
  if (navEmbedded) await navigator(navEmbedded);
  for (let r = 1; r <= runs; r++) {
    results.llamaindex!.push(await peer(r));
    results["navigator (postgres)"]!.push(await navigator(navPg));
    if (navLike) results[LIKE]!.push(await navigator(navLike));
    if (navVariant) results[VARIANT]!.push(await navigator(navVariant));
    if (navEmbedded) results["navigator (embedded)"]!.push(await navigator(navEmbedded));
    log(`run ${r}/${runs}: llamaindex ${results.llamaindex!.at(-1)!.total_s!.toFixed(2)} s, navigator pg ${results["navigator (postgres)"]!.at(-1)!.total_s!.toFixed(2)} s${navLike ? `, like-for-like ${results[LIKE]!.at(-1)!.total_s!.toFixed(2)} s` : ""}${navVariant ? `, variant ${results[VARIANT]!.at(-1)!.total_s!.toFixed(2)} s` : ""}${navEmbedded ? `, embedded ${results["navigator (embedded)"]!.at(-1)!.total_s!.toFixed(2)} s` : ""}`);
  }
} finally {
  await navPg.close();
  await navLike?.close();
  await navVariant?.close();
  await navEmbedded?.close();
  await admin.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => {});
  await admin.unsafe(`drop database if exists ${likeName} with (force)`).catch(() => {});
  if (variantEnv) await admin.unsafe(`drop database if exists ${variantName} with (force)`).catch(() => {});
  await admin.end();
  await rm(dataDir, { recursive: true, force: true });
  await rm(embeddedDir, { recursive: true, force: true });
}

const peerMedian = median(results.llamaindex!.map((r) => r.total_s!));
const rows = Object.entries(results)
  .filter(([, rs]) => rs.length > 0)
  .map(([pipeline, rs]) => {
    const totals = rs.map((r) => r.total_s!);
    return {
      pipeline,
      runs: rs.length,
      chunks: rs[0]!.chunks!,
      median_s: median(totals),
      min_s: Math.min(...totals),
      max_s: Math.max(...totals),
      "ratio_vs_llamaindex": median(totals) / peerMedian,
    };
  });
const CPU_PARTS = ["main_cpu_s", "worker_cpu_s", "jit_cpu_s", "other_cpu_s", "pg_cpu_s", "total_cpu_s"];
const cpuRows = Object.entries(results)
  .filter(([, rs]) => rs.length > 0)
  .map(([pipeline, rs]): Record<string, string | number> => ({ pipeline, ...Object.fromEntries(CPU_PARTS.map((k) => [k.replace("_cpu_s", ""), median(rs.map((r) => r[k]!))])) }));
const peerCpu = Number(cpuRows[0]!.total);
for (const r of cpuRows) r.ratio_vs_llamaindex = Number(r.total) / peerCpu;
const peerSteps = ["parse_s", "chunk_s", "embed_s", "store_s"].map((k) => ({ step: k, llamaindex_median_s: median(results.llamaindex!.map((r) => r[k]!)) }));
const navSteps = ["upload→parsing_s", "parsing→chunking_s", "chunking→storing_s", "storing→complete_s"].map((k) => ({
  step: k,
  postgres_median_s: median(results["navigator (postgres)"]!.map((r) => r[k]!)),
  like_for_like_median_s: median(results[LIKE]!.map((r) => r[k]!)),
  embedded_median_s: median(results["navigator (embedded)"]!.map((r) => r[k]!)),
  ...(navVariant ? { variant_median_s: median(results[VARIANT]!.map((r) => r[k]!)) } : {}),
}));
const perRun = results.llamaindex!.map((peerRun, i) => ({
  llamaindex_s: peerRun.total_s!,
  navigator_s: results["navigator (postgres)"]![i]?.total_s ?? Number.NaN,
  ratio: (results["navigator (postgres)"]![i]?.total_s ?? Number.NaN) / peerRun.total_s!,
  cpu_ratio: (results["navigator (postgres)"]![i]?.total_cpu_s ?? Number.NaN) / peerRun.total_cpu_s!,
}));
if (json) console.log(JSON.stringify({ file: basename(file), runs, rows, cpuRows, perRun, peerSteps, navSteps, rssMiB: rssMiB(), loadavg: (await import("node:os")).loadavg() }));
else {
  printTable(`Ingest ${basename(file)}: LlamaIndex.TS vs Navigator (same hashed embedder, same PostgreSQL)`, rows);
  printTable("CPU seconds per run by part (median of each part; main thread, ingestion workers, JIT compiler threads, other threads, PostgreSQL backends)", cpuRows);
  printTable("LlamaIndex.TS steps (median)", peerSteps);
  printTable("Navigator steps (median; parsing→chunking is the worker's parse, chunking→storing its chunk + embed and the transfer back)", navSteps);
  console.log(`\nload average during the run: ${(await import("node:os")).loadavg().map((l) => l.toFixed(2)).join(" ")} (2 cores, shared: timings are noisy)`);
}
