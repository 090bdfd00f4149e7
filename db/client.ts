/**
 * Database client factory: PGlite (real PostgreSQL compiled to WASM, with pgvector) stored under a
 * directory when no URL is given, PostgreSQL through postgres.js otherwise. Both are returned as
 * the same drizzle `PgDatabase`, so repositories have one code path.
 */
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { schema } from "./schema.ts";

/** The drizzle database every repository takes. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Default size of the postgres.js connection pool (connections). */
export const DEFAULT_POOL_SIZE = 10;

/** Options of {@link createDatabase}. */
export interface DatabaseOptions {
  /** `postgres://…` URL. When absent, PGlite is used. */
  readonly url?: string;
  /**
   * PGlite data directory. Absent (or `"memory://"`) means in memory — for tests.
   * Ignored when `url` is set.
   */
  readonly dataDir?: string;
  /** postgres.js pool size (connections). Default {@link DEFAULT_POOL_SIZE}. */
  readonly poolSize?: number;
}

/** An open database and how to close it. */
export interface DatabaseHandle {
  readonly db: Database;
  readonly kind: "pglite" | "postgres";
  /** Runs raw SQL (several statements allowed); used for migrations and maintenance. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the database described by `options`.
 * @throws Error from the driver when PGlite cannot open `dataDir` (e.g. locked by another process).
 */
export async function createDatabase(options: DatabaseOptions = {}): Promise<DatabaseHandle> {
  if (options.url) {
    const poolSize = options.poolSize ?? DEFAULT_POOL_SIZE;
    if (!Number.isInteger(poolSize) || poolSize < 1) throw new RangeError(`poolSize must be a positive integer, got ${poolSize}`);
    const client = postgres(options.url, { max: poolSize, onnotice: () => {} });
    const db = drizzlePostgres({ client, schema }) as unknown as Database;
    return {
      db,
      kind: "postgres",
      exec: async (text) => {
        await client.unsafe(text);
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  const dataDir = options.dataDir && options.dataDir !== "memory://" ? options.dataDir : undefined;
  const client = await PGlite.create({ dataDir, extensions: { vector } });
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  return {
    db,
    kind: "pglite",
    exec: async (text) => {
      await client.exec(text);
    },
    close: () => client.close(),
  };
}
