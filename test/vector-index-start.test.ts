/**
 * The HNSW index's parameters are configuration: a PostgreSQL server started without migrating
 * refuses an index that differs from `HNSW_M` / `HNSW_EF_CONSTRUCTION` / `VECTOR_STORAGE` (or is
 * missing) with `vector_index_outdated` and leaves it alone; `MIGRATE_ON_START` and
 * `navigator migrate` rebuild it. With `VECTOR_INDEX=none` a present index is tolerated (no
 * search reads it) until a migration drops it.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { createDatabase, readVectorIndex, VectorIndexOutdatedError } from "../db/index.ts";
import { loadConfig } from "../app/config.ts";
import { createNavigator } from "../app/navigator.ts";
import type { Logger } from "../runtime/index.ts";
import { checkPostgres, createTestPostgresDatabase, type TestPostgresDatabase } from "./support/postgres.ts";

const pg = await checkPostgres();
const logger = pino({ level: "silent" }) as unknown as Logger;
const CLI = join(import.meta.dir, "../cli/main.ts");

test("PostgreSQL for the vector index start-up tests (required when CI=true)", () => {
  if (pg.mustFail) throw new Error(pg.reason);
  if (!pg.available) console.warn(`[vector-index-start] skipping: ${pg.reason}`);
  expect(pg.available || process.env.CI !== "true").toBe(true);
});

describe.skipIf(!pg.available)("vector index at start-up (PostgreSQL)", () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
  });

  async function fresh(): Promise<{ database: TestPostgresDatabase; dataDir: string }> {
    const database = await createTestPostgresDatabase(pg.adminUrl); // migrated with the default index
    const dataDir = await mkdtemp(join(tmpdir(), "navigator-vector-index-"));
    cleanup.push(() => database.drop(), () => rm(dataDir, { recursive: true, force: true }));
    return { database, dataDir };
  }

  async function indexOptions(url: string) {
    const handle = await createDatabase({ url, poolSize: 1 });
    try {
      return (await readVectorIndex(handle))?.options;
    } finally {
      await handle.close();
    }
  }

  const start = (env: Record<string, string>, database: TestPostgresDatabase, dataDir: string) =>
    createNavigator(loadConfig({ VECTOR_INDEX: "hnsw", ...env }, { dataDir, port: 0, databaseUrl: database.url, jwtSecret: "x".repeat(32) }), { logger });

  test("an index that differs from the configuration is refused with vector_index_outdated and left as it is", async () => {
    const { database, dataDir } = await fresh();
    const error = await start({ HNSW_M: "8", HNSW_EF_CONSTRUCTION: "32" }, database, dataDir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(VectorIndexOutdatedError);
    expect(error).toMatchObject({ code: "vector_index_outdated", reason: "m 16 → 8, ef_construction 64 → 32" });
    expect((error as Error).message).toContain("navigator migrate");
    expect(await indexOptions(database.url)).toEqual({ m: 16, efConstruction: 64, storage: "vector" });
    // The matching configuration starts.
    const nav = await start({}, database, dataDir);
    await nav.close();
  });

  test("a missing index is refused too; MIGRATE_ON_START builds it as configured", async () => {
    const { database, dataDir } = await fresh();
    const handle = await createDatabase({ url: database.url, poolSize: 1 });
    await handle.exec("DROP INDEX chunks_embedding_hnsw_idx");
    await handle.close();
    const error = await start({}, database, dataDir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "vector_index_outdated", reason: "missing" });
    const nav = await start({ MIGRATE_ON_START: "true", VECTOR_STORAGE: "halfvec" }, database, dataDir);
    await nav.close();
    expect(await indexOptions(database.url)).toEqual({ m: 16, efConstruction: 64, storage: "halfvec" });
  });

  test("with VECTOR_INDEX=none (the default under RETRIEVAL_MODE=fusion) a present index does not stop a start; MIGRATE_ON_START drops it", async () => {
    const { database, dataDir } = await fresh();
    const config = (env: Record<string, string>) => loadConfig(env, { dataDir, port: 0, databaseUrl: database.url, jwtSecret: "x".repeat(32) });
    expect(config({}).vector.index.kind).toBe("none");
    const nav = await createNavigator(config({}), { logger });
    await nav.close();
    expect(await indexOptions(database.url)).toEqual({ m: 16, efConstruction: 64, storage: "vector" });
    const migrating = await createNavigator(config({ MIGRATE_ON_START: "true" }), { logger });
    await migrating.close();
    expect(await indexOptions(database.url)).toBeUndefined();
  });

  test("`navigator migrate` rebuilds the index from HNSW_* and says so", async () => {
    const { database } = await fresh();
    const proc = Bun.spawn(["bun", CLI, "migrate"], {
      env: { ...process.env, DATABASE_URL: database.url, VECTOR_INDEX: "hnsw", HNSW_M: "12", HNSW_EF_CONSTRUCTION: "48", LOG_LEVEL: "silent" },
      stdout: "pipe",
      stderr: "pipe",
    });
    const [code, out, err] = await Promise.all([proc.exited, new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
    expect({ code, err }).toEqual({ code: 0, err: "" });
    expect(out).toContain("vector index rebuilt (HNSW m=12 ef_construction=48 storage=vector; was: m 16 → 12, ef_construction 64 → 48)");
    expect(await indexOptions(database.url)).toEqual({ m: 12, efConstruction: 48, storage: "vector" });
  }, 30_000);
});
