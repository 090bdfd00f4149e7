/**
 * Retrieval at scale: a selective user filter must not lose rows to the HNSW index. PostgreSQL
 * pass: 100,000 synthetic chunks across 1,000 users; PGlite pass: 10,000 (PGlite needs ≈ 15 s per
 * 20k chunks to insert and ≈ 2 GB of memory at 20k, so 100k does not fit a test's budget; the
 * 100k PGlite figures are in bench/vector.bench.ts). User 0 owns exactly 20 chunks; user 1 owns
 * a tenth of them, at least 3,000 (the HNSW path), 10 of those in a document of their own; the
 * rest are shared round-robin. The index is built after inserting, with small parameters to fit
 * the budget (m 6, ef_construction 24; pgvector's defaults take 37–54 s at 100k on this 2-core
 * machine, which with the 15 s of generation leaves nothing for the tests); the
 * default-parameter recall is measured by bench/vector.bench.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { createDatabase, ensureVectorIndex, migrate, readVectorIndex, type DatabaseHandle } from "../db/index.ts";
import { chunkSearchFilter, createChunkRepository, indexPathSettings, indexSearchQuery, toVectorLiteral, type ChunkSearchPlan } from "../db/repositories/index.ts";
import { distanceSql } from "../db/vector-index.ts";
import { queryRows, scratchPostgres, testDatabaseKind } from "./support/db.ts";
import { checkPostgres, type TestPostgresDatabase } from "./support/postgres.ts";
import { createSyntheticCorpus, exactTopK, recall, SYNTHETIC_MODEL, type SyntheticCorpus } from "./support/vector-fixtures.ts";

const kind = testDatabaseKind();
const CHUNKS = kind === "postgres" ? 100_000 : 10_000;
/** The large user owns more than the default exact-scan bound, so its searches take the index. */
const LARGE_USER_CHUNKS = Math.max(CHUNKS / 10, 3_000);
const LAYOUT = { chunks: CHUNKS, users: 1_000, smallUserChunks: 20, largeUserChunks: LARGE_USER_CHUNKS, largeUserSideDocChunks: 10 };
const TEST_INDEX = { m: 6, efConstruction: 24, storage: "vector" as const };
/** Generation and index build: ≈ 35–45 s on PostgreSQL at 100k on the 2-core CI machine, ≈ 13 s on PGlite at 10k. */
const SETUP_TIMEOUT_MS = 240_000;
/**
 * The test's index is deliberately weak (see above), so the recall check searches wider than
 * pgvector's default ef_search 40: measured at 100k, mean recall@5 0.52–0.74 at 40, 0.86 at 100,
 * 0.91 at 200, but once 0.68 at 200 in CI (random data differ per run, and so does the graph);
 * 0.93–0.97 at 400. PGlite at 10k ≈ 0.85 at 40.
 */
const RECALL_EF_SEARCH = 400;
/** Mean recall@5 over {@link QUERIES} queries that the large user's index path must reach at {@link RECALL_EF_SEARCH}. */
const RECALL_FLOOR = 0.7;
const QUERIES = 20;

const pg = kind === "postgres" ? await checkPostgres() : undefined;

test("PostgreSQL for the vector scale test (required when CI=true and NAVIGATOR_TEST_DATABASE=postgres)", () => {
  if (pg?.mustFail) throw new Error(pg.reason);
  if (pg && !pg.available) console.warn(`[vector-scale] skipping: ${pg.reason}`);
  expect(pg === undefined || pg.available || process.env.CI !== "true").toBe(true);
});

describe.skipIf(pg !== undefined && !pg.available)(`vector search at ${CHUNKS.toLocaleString("en")} chunks (${kind})`, () => {
  let handle: DatabaseHandle;
  let scratch: TestPostgresDatabase | undefined;
  let corpus: SyntheticCorpus;
  const plans: ChunkSearchPlan[] = [];
  const repo = (options: { exactMaxChunks?: number; efSearch?: number } = {}) =>
    createChunkRepository(handle.db, { ...options, onSearchPlan: (p) => plans.push(p) });
  const small = () => corpus.userId(0);
  const large = () => corpus.userId(1);

  beforeAll(async () => {
    scratch = await scratchPostgres();
    // Generation and the build run longer than a request's statement timeout.
    handle = await createDatabase(scratch ? { url: scratch.url, poolSize: 4, statementTimeoutMs: 0 } : {});
    await migrate(handle);
    await handle.exec("DROP INDEX chunks_embedding_hnsw_idx"); // rebuilt after inserting: much faster than maintaining it row by row
    corpus = await createSyntheticCorpus(handle, LAYOUT);
    const built = await ensureVectorIndex(handle, TEST_INDEX, { buildMemoryMb: 1_024 });
    expect(built.action).toBe("created");
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await handle?.close();
    await scratch?.drop();
  });

  test("the HNSW index is present with the configured definition", async () => {
    const index = await readVectorIndex(handle);
    expect(index).toMatchObject({ valid: true, options: TEST_INDEX });
    const [count] = await queryRows<{ n: number }>(handle, sql`select count(*)::int as n from chunks where user_id = ${small()}::uuid`);
    expect(count?.n).toBe(20);
  });

  test("the data is selective: HNSW with a post-filter (no iterative scan) loses the 20-chunk user's rows", async () => {
    const q = await corpus.query(0, 1);
    const truth = await exactTopK(handle, small(), q, 5);
    expect(truth).toHaveLength(5);
    const rows = await handle.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('enable_seqscan', 'off', true), set_config('hnsw.iterative_scan', 'off', true)`);
      const result: unknown = await tx.execute(sql`
        select x.id from (select c.id, c.user_id from chunks c order by ${distanceSql("vector", "c", `[${q.join(",")}]`)} limit 40) x
        where x.user_id = ${small()}::uuid`);
      return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { id: string }[];
    });
    expect(rows.length).toBeLessThan(5);
  });

  test("the 20-chunk user gets exactly the true top-5 (default plan: exact scan)", async () => {
    plans.length = 0;
    const search = repo();
    for (let i = 0; i < 5; i++) {
      const q = await corpus.query(i * 7919, i + 1); // the centroid of the user's chunk i
      const hits = await search.search(small(), q, { limit: 5, embeddingModel: SYNTHETIC_MODEL });
      expect(hits.map((h) => h.chunkId)).toEqual(await exactTopK(handle, small(), q, 5));
    }
    expect(plans).toEqual(Array(5).fill("exact"));
  }, 30_000);

  test("with the index path forced (exactMaxChunks 0), the 20-chunk user still gets 5 hits (iterative scan, else the exact fallback)", async () => {
    // Only the count is guaranteed here: which far-away chunks rank 2–5 is as approximate as HNSW
    // is, which is why small users take the exact plan.
    plans.length = 0;
    const search = repo({ exactMaxChunks: 0 });
    for (let i = 0; i < 5; i++) {
      const q = await corpus.query(i * 7919, i + 1);
      const hits = await search.search(small(), q, { limit: 5, embeddingModel: SYNTHETIC_MODEL });
      expect(hits).toHaveLength(5);
    }
    expect(plans).toHaveLength(5);
    expect(plans.every((p) => p === "index" || p === "index-then-exact")).toBe(true);
  }, 60_000);

  test(`the large user's search takes the HNSW index and reaches recall@5 ≥ ${RECALL_FLOOR}`, async () => {
    // The repository's index-path query under its settings: the planner must take the HNSW index.
    const q0 = await corpus.query(3, 3);
    const plan = await handle.db.transaction(async (tx) => {
      await tx.execute(indexPathSettings(40, true));
      const query = indexSearchQuery("vector", toVectorLiteral(q0), chunkSearchFilter(large(), SYNTHETIC_MODEL), large(), 5, 5);
      const result: unknown = await tx.execute(sql`explain ${query}`);
      return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { "QUERY PLAN": string }[];
    });
    expect(plan.map((r) => r["QUERY PLAN"]).join("\n")).toContain("Index Scan using chunks_embedding_hnsw_idx");
    plans.length = 0;
    const search = repo({ efSearch: RECALL_EF_SEARCH });
    let sum = 0;
    for (let i = 0; i < QUERIES; i++) {
      const q = await corpus.query(i * 37 + 11, i + 100);
      const hits = await search.search(large(), q, { limit: 5, embeddingModel: SYNTHETIC_MODEL });
      expect(hits).toHaveLength(5);
      sum += recall(hits.map((h) => h.chunkId), await exactTopK(handle, large(), q, 5));
    }
    expect(plans).toEqual(Array(QUERIES).fill("index"));
    console.log(`[vector-scale] large user, index path: recall@5 ${(sum / QUERIES).toFixed(3)} at ef_search ${RECALL_EF_SEARCH}`);
    expect(sum / QUERIES).toBeGreaterThanOrEqual(RECALL_FLOOR);
  }, 60_000);

  test("minSimilarity filters the index path's hits without starving it", async () => {
    const q = await corpus.query(5, 5);
    const all = await repo().search(large(), q, { limit: 5, embeddingModel: SYNTHETIC_MODEL });
    const threshold = all[2]!.similarity;
    const some = await repo().search(large(), q, { limit: 5, minSimilarity: threshold, embeddingModel: SYNTHETIC_MODEL });
    expect(some.map((h) => h.chunkId)).toEqual(all.slice(0, 3).map((h) => h.chunkId));
  });

  test("a selective documentIds filter on the large user is answered exactly", async () => {
    plans.length = 0;
    const q = await corpus.query(9, 9);
    const docs = [corpus.largeUserSideDocumentId];
    const hits = await repo().search(large(), q, { limit: 5, documentIds: docs, embeddingModel: SYNTHETIC_MODEL });
    expect(hits.map((h) => h.chunkId)).toEqual(await exactTopK(handle, large(), q, 5, docs));
    expect(plans).toEqual(["exact"]);
  });
});
