/**
 * Shared helpers of database tests: an in-memory PGlite with the schema migrated, and fresh users
 * with random ids so tests sharing one database never see each other's rows.
 */
import { afterAll, beforeAll } from "bun:test";
import type { SQL } from "drizzle-orm";
import { createDatabase, createRepositories, migrate, type DatabaseHandle, type Repositories, type UserRow } from "../../db/index.ts";
import { checkPostgres, createTestPostgresDatabase, type TestPostgresDatabase } from "./postgres.ts";

/** Timeout of a `beforeAll` that opens a database: PGlite takes 2–4 s, more on a cold, busy machine. */
export const DB_OPEN_TIMEOUT_MS = 60_000;

/** An open, migrated in-memory database and its repositories. */
export interface TestDatabase {
  readonly handle: DatabaseHandle;
  readonly repos: Repositories;
  close(): Promise<void>;
}

/**
 * Which database the test run targets: `NAVIGATOR_TEST_DATABASE=pglite` (default; in-memory
 * PGlite) or `postgres` (a fresh database per test file on the server of `DATABASE_URL`, default
 * the local one). `bun run test` runs the whole suite once on each.
 */
export const TEST_DATABASE_VARIABLE = "NAVIGATOR_TEST_DATABASE";

/**
 * Reads {@link TEST_DATABASE_VARIABLE}.
 * @throws Error on a value other than `pglite` or `postgres`.
 */
export function testDatabaseKind(env: Record<string, string | undefined> = process.env): "pglite" | "postgres" {
  const value = env[TEST_DATABASE_VARIABLE] || "pglite";
  if (value !== "pglite" && value !== "postgres") throw new Error(`${TEST_DATABASE_VARIABLE}=${value}: expected pglite or postgres`);
  return value;
}

/**
 * When the run targets PostgreSQL: a fresh, migrated database for the caller (drop it when done);
 * undefined when it targets PGlite.
 * @throws Error naming what is missing when the run targets PostgreSQL and none is usable.
 */
export async function scratchPostgres(): Promise<TestPostgresDatabase | undefined> {
  if (testDatabaseKind() !== "postgres") return undefined;
  const pg = await checkPostgres();
  if (!pg.available) throw new Error(`${TEST_DATABASE_VARIABLE}=postgres but ${pg.reason}`);
  return createTestPostgresDatabase(pg.adminUrl);
}

/**
 * Opens the run's test database (share one per test file) with the migrations applied: an
 * in-memory PGlite (≈2–4 s), or a fresh PostgreSQL database that `close` drops.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const scratch = await scratchPostgres();
  const handle = await createDatabase(scratch ? { url: scratch.url, poolSize: 4 } : {});
  await migrate(handle);
  return {
    handle,
    repos: createRepositories(handle.db),
    async close() {
      await handle.close();
      await scratch?.drop();
    },
  };
}

/**
 * Opens one test database for the calling test file (in `beforeAll`, closed in `afterAll`). The
 * returned object's fields may only be read inside tests and hooks.
 * @throws Error when read before the database is open.
 */
export function useTestDatabase(): TestDatabase {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await openTestDatabase();
  }, DB_OPEN_TIMEOUT_MS);
  afterAll(async () => {
    await db?.close();
  });
  const open = () => {
    if (!db) throw new Error("the test database is not open yet: read it inside tests and hooks");
    return db;
  };
  return {
    get handle() {
      return open().handle;
    },
    get repos() {
      return open().repos;
    },
    close: () => open().close(),
  };
}

/** Creates a user with a random id and a unique email. */
export function createTestUser(repos: Repositories, name = "user"): Promise<UserRow> {
  const id = crypto.randomUUID();
  return repos.users.create({ id, email: `${name}-${id}@example.test`, passwordHash: "not-a-real-hash", name });
}

/** Runs raw SQL and returns its rows (both drivers' result shapes). */
export async function queryRows<T>(handle: DatabaseHandle, query: SQL): Promise<T[]> {
  const result: unknown = await handle.db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}
