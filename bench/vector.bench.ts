/**
 * Vector retrieval at scale: top-5 latency (p50/p95) of `ChunkRepository.search` at 10k and 100k
 * chunks on PostgreSQL (`postgres`: a scratch database on `DATABASE_URL`, default 127.0.0.1:5432,
 * dropped afterwards; `postgres-tuned`: a private server from the same binaries with
 * shared_buffers 3 GB, so the 100k table and index stay in PostgreSQL's cache) and on PGlite (in
 * memory), for
 *   (a) chunks spread over 1,000 users, each query for one user (the exact plan), and
 *   (b) one user owning every chunk (the HNSW plan, pgvector's default m 16 / ef_construction 64),
 * plus the index build time, HNSW recall@5 against exact search, an ef_search sweep, the exact
 * and index plans at user sizes around EXACT_SEARCH_MAX_CHUNKS, and the halfvec variant.
 * Vectors: the clustered synthetic corpus of test/support/vector-fixtures.ts (a Gaussian mixture,
 * 300 centroids around 30 topics, normalised), generated inside the database.
 *
 * `bun bench/vector.bench.ts`; env VECTOR_BENCH_SCALES (default `10000,100000`),
 * VECTOR_BENCH_ENGINES (default `postgres,postgres-tuned,pglite`), VECTOR_BENCH_HALFVEC (default `true`).
 * Takes ≈ 15–25 minutes on a 2-core machine (index builds dominate); prints progress.
 */
import { sql } from "drizzle-orm";
import { percentile } from "../runtime/stats.ts";
import { createDatabase, ensureVectorIndex, migrate, type DatabaseHandle, type VectorSearchOptions } from "../db/index.ts";
import { createChunkRepository, type ChunkSearchPlan } from "../db/repositories/index.ts";
import { checkOwnPostgres, startOwnPostgres } from "../test/support/own-postgres.ts";
import { checkPostgres, createTestPostgresDatabase } from "../test/support/postgres.ts";
import { createSyntheticCorpus, exactTopK, recall, SYNTHETIC_MODEL, type SyntheticCorpus } from "../test/support/vector-fixtures.ts";

const SCALES = (process.env.VECTOR_BENCH_SCALES || "10000,100000").split(",").map(Number);
const ENGINES = (process.env.VECTOR_BENCH_ENGINES || "postgres,postgres-tuned,pglite").split(",");
/** shared_buffers of the `postgres-tuned` private server: room for 100k chunks (≈ 0.8 GB) and their index (≈ 0.8 GB). */
const TUNED_SHARED_BUFFERS = "3GB";
const HALFVEC = (process.env.VECTOR_BENCH_HALFVEC || "true") === "true";
/** Timed queries per measurement, after {@link WARMUP} untimed ones. */
const QUERIES = 200;
const WARMUP = 20;
/** Queries whose exact top-5 is computed for recall (an exact scan of 100k chunks takes ≈ 0.1–1 s). */
const RECALL_QUERIES = 50;
const EF_SWEEP = [20, 40, 80, 160];
/** User sizes (chunks) at which the exact and the index plans are compared. */
const USER_SIZES = [100, 250, 500, 1_000, 2_000];
const USERS = 1_000;

type Row = Record<string, string | number>;
const summary: Row[] = [];
const log = (text: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${text}`);
const ms = (n: number) => n.toFixed(2);

/** Runs `queries` through `search` (after warm-up), returning latencies in milliseconds and the plans taken. */
async function timeQueries(queries: number[][], search: (q: number[], i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < Math.min(WARMUP, queries.length); i++) await search(queries[i]!, i);
  const latencies: number[] = [];
  for (let i = 0; i < queries.length; i++) {
    const t = performance.now();
    await search(queries[i]!, i);
    latencies.push(performance.now() - t);
  }
  return latencies;
}

function record(engine: string, chunks: number, what: string, latencies: number[], extra: Row = {}): void {
  const row = { engine, chunks, what, p50_ms: ms(percentile(latencies, 50)), p95_ms: ms(percentile(latencies, 95)), ...extra };
  summary.push(row);
  log(Object.entries(row).map(([k, v]) => `${k}=${v}`).join("  "));
}

async function run(engine: string, handle: DatabaseHandle, chunks: number): Promise<void> {
  const plans: ChunkSearchPlan[] = [];
  const repo = (o: Partial<VectorSearchOptions> = {}) => createChunkRepository(handle.db, { ...o, onSearchPlan: (p) => plans.push(p) });
  const planCounts = () => {
    const counts = Object.entries(plans.reduce<Record<string, number>>((acc, p) => ({ ...acc, [p]: (acc[p] ?? 0) + 1 }), {}));
    plans.length = 0;
    return counts.map(([p, n]) => `${p}:${n}`).join(",");
  };
  await handle.exec("DROP INDEX IF EXISTS chunks_embedding_hnsw_idx");
  log(`${engine} ${chunks}: generating (clustered synthetic vectors: Gaussian mixture, 300 centroids / 30 topics, normalised)`);
  const t0 = performance.now();
  const corpus: SyntheticCorpus = await createSyntheticCorpus(
    handle,
    { chunks, users: USERS, smallUserChunks: 0, largeUserChunks: 0, largeUserSideDocChunks: 0 },
    { onProgress: (p) => log(`  ${p}`) },
  );
  log(`  generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const queries: number[][] = [];
  for (let i = 0; i < QUERIES; i++) queries.push(await corpus.query((i * 7) % 300, i + 1));

  // (a) spread over 1,000 users: each query searches one user's ≈ chunks/999 rows.
  await repo().search(corpus.userId(1), queries[0]!, { limit: 5, embeddingModel: SYNTHETIC_MODEL });
  plans.length = 0;
  const spread = repo();
  const a = await timeQueries(queries, (q, i) => spread.search(corpus.userId(1 + (i % (USERS - 1))), q, { limit: 5, embeddingModel: SYNTHETIC_MODEL }));
  record(engine, chunks, `(a) ${USERS} users, per-user top-5`, a, { plans: planCounts() });

  // (b) one user owns every chunk (documents kept: each holds chunks/999 chunks).
  const owner = corpus.userId(0);
  await handle.db.execute(sql`update documents set user_id = ${owner}::uuid where storage_key like 'synthetic/%'`);
  await handle.db.execute(sql`update chunks set user_id = ${owner}::uuid`);
  await handle.db.execute(sql`analyze chunks`);
  log(`${engine} ${chunks}: building HNSW (m 16, ef_construction 64)`);
  const buildMemoryMb = handle.kind === "pglite" ? 1_024 : 2_048; // PGlite (32-bit) caps maintenance_work_mem below 2 GB
  const built = await ensureVectorIndex(handle, {}, { buildMemoryMb });
  log(`  built in ${(built.buildMs / 1000).toFixed(1)} s`);

  const truths: string[][] = [];
  const exactMs: number[] = [];
  for (let i = 0; i < RECALL_QUERIES; i++) {
    const t = performance.now();
    truths.push(await exactTopK(handle, owner, queries[i]!, 5));
    exactMs.push(performance.now() - t);
  }
  const meanRecall = async (search: ReturnType<typeof repo>) => {
    let sum = 0;
    for (let i = 0; i < RECALL_QUERIES; i++) {
      const hits = await search.search(owner, queries[i]!, { limit: 5, embeddingModel: SYNTHETIC_MODEL });
      sum += recall(hits.map((h) => h.chunkId), truths[i]!);
    }
    return (sum / RECALL_QUERIES).toFixed(3);
  };
  record(engine, chunks, "exact scan of all chunks (ground truth)", exactMs);
  for (const ef of EF_SWEEP) {
    const search = repo({ efSearch: ef });
    const lat = await timeQueries(queries, (q) => search.search(owner, q, { limit: 5, embeddingModel: SYNTHETIC_MODEL }));
    const plansTaken = planCounts();
    record(engine, chunks, `(b) 1 user, HNSW ef_search ${ef}`, lat, { plans: plansTaken, recall_at_5: await meanRecall(search), build_s: (built.buildMs / 1000).toFixed(1) });
    plans.length = 0;
  }

  // The two plans at user sizes around EXACT_SEARCH_MAX_CHUNKS (a user's subset = whole documents).
  const docs = (await handle.db.execute(sql`select id from documents where user_id = ${owner}::uuid order by id`)) as unknown;
  const docIds = ((Array.isArray(docs) ? docs : (docs as { rows: unknown[] }).rows) as { id: string }[]).map((r) => String(r.id));
  const perDoc = chunks / (USERS - 1);
  for (const size of USER_SIZES.filter((s) => s < chunks / 2)) {
    const documentIds = docIds.slice(0, Math.max(1, Math.round(size / perDoc)));
    const few = queries.slice(0, 60);
    for (const [label, exactMaxChunks] of [["exact", 10_000_000], ["index", 0]] as const) {
      const search = repo({ exactMaxChunks });
      const lat = await timeQueries(few, (q) => search.search(owner, q, { limit: 5, embeddingModel: SYNTHETIC_MODEL, documentIds }));
      record(engine, chunks, `user of ≈${size} chunks, ${label} plan`, lat, { plans: planCounts() });
    }
  }

  if (HALFVEC) {
    log(`${engine} ${chunks}: rebuilding HNSW as halfvec`);
    const rebuilt = await ensureVectorIndex(handle, { storage: "halfvec" }, { buildMemoryMb });
    const search = repo({ storage: "halfvec" });
    const lat = await timeQueries(queries, (q) => search.search(owner, q, { limit: 5, embeddingModel: SYNTHETIC_MODEL }));
    record(engine, chunks, "(b) 1 user, HNSW halfvec ef_search 40", lat, {
      plans: planCounts(),
      recall_at_5: await meanRecall(search),
      build_s: (rebuilt.buildMs / 1000).toFixed(1),
    });
    plans.length = 0;
  }
  await corpus.dropHelpers();
}

/** Runs the scale on a scratch database of the server at `adminUrl`, dropped afterwards. */
async function onPostgres(engine: string, adminUrl: string, chunks: number): Promise<void> {
  const scratch = await createTestPostgresDatabase(adminUrl, { migrate: false });
  const handle = await createDatabase({ url: scratch.url, poolSize: 4, statementTimeoutMs: 0 });
  try {
    await migrate(handle);
    const settings = await handle.db.execute(
      sql`select current_setting('shared_buffers') as shared_buffers, (select extversion from pg_extension where extname = 'vector') as pgvector`,
    );
    log(`${engine}: ${JSON.stringify((Array.isArray(settings) ? settings : (settings as { rows: unknown[] }).rows)[0])}`);
    await run(engine, handle, chunks);
  } finally {
    await handle.close();
    await scratch.drop();
  }
}

for (const engine of ENGINES) {
  for (const chunks of SCALES) {
    try {
      if (engine === "postgres") {
        // The machine's shared server, as configured (Debian's default shared_buffers is 128 MB).
        const pg = await checkPostgres();
        if (!pg.available) {
          log(`postgres: skipped (${pg.reason})`);
          break;
        }
        await onPostgres(engine, pg.adminUrl, chunks);
      } else if (engine === "postgres-tuned") {
        // A private server (same binaries) whose shared_buffers holds the table and the index.
        const own = checkOwnPostgres();
        if (!own.available || !own.binDir) {
          log(`postgres-tuned: skipped (${own.reason})`);
          break;
        }
        const server = await startOwnPostgres(own.binDir);
        try {
          const admin = await createDatabase({ url: server.adminUrl, poolSize: 1 });
          await admin.exec(`ALTER SYSTEM SET shared_buffers = '${TUNED_SHARED_BUFFERS}'`);
          await admin.close();
          await server.stop();
          await server.start();
          await onPostgres(engine, server.adminUrl, chunks);
        } finally {
          await server.dispose();
        }
      } else {
        const handle = await createDatabase({});
        try {
          await migrate(handle);
          await run(engine, handle, chunks);
        } finally {
          await handle.close();
        }
      }
    } catch (error) {
      log(`${engine} ${chunks}: FAILED ${(error as Error).message.slice(0, 300)}`);
      summary.push({ engine, chunks, what: `failed: ${(error as Error).message.slice(0, 80)}` });
    }
  }
}

console.log("\nSummary (top-5 latency of ChunkRepository.search, milliseconds; recall@5 against exact search):");
console.table(summary);
