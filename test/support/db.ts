/**
 * Shared helpers of database tests: an in-memory PGlite with the schema migrated, and fresh users
 * with random ids so tests sharing one database never see each other's rows.
 */
import { afterAll, beforeAll } from "bun:test";
import type { SQL } from "drizzle-orm";
import { createDatabase, createRepositories, migrate, type DatabaseHandle, type Repositories, type UserRow } from "../../db/index.ts";

/** Timeout of a `beforeAll` that opens a database: PGlite takes 2–4 s, more on a cold, busy machine. */
export const DB_OPEN_TIMEOUT_MS = 60_000;

/** An open, migrated in-memory database and its repositories. */
export interface TestDatabase {
  readonly handle: DatabaseHandle;
  readonly repos: Repositories;
  close(): Promise<void>;
}

/** Opens an in-memory PGlite (≈2–4 s; share one per test file) and applies the migrations. */
export async function openTestDatabase(): Promise<TestDatabase> {
  const handle = await createDatabase({});
  await migrate(handle);
  return { handle, repos: createRepositories(handle.db), close: () => handle.close() };
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
