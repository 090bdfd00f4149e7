/**
 * PostgreSQL for tests: a fresh database per test file on the server named by `DATABASE_URL`
 * (default: the local server at 127.0.0.1:5432, as on developer and CI machines), created with
 * the pgvector extension and migrated, dropped afterwards. Without a reachable server, or without
 * pgvector on it, suites skip with a message, and fail under CI=true.
 */
import postgres from "postgres";
import { createDatabase, migrate } from "../../db/index.ts";

/** Server used when `DATABASE_URL` is not set. */
export const DEFAULT_TEST_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/** Whether PostgreSQL can be used by tests, and why not. */
export interface PostgresCheck {
  readonly available: boolean;
  readonly mustFail: boolean;
  readonly reason: string;
  /** Server URL (its database is only used to create and drop test databases). */
  readonly adminUrl: string;
}

/** Probes the server and the pgvector extension (≈10 ms when up; 2 s connect timeout). */
export async function checkPostgres(env: Record<string, string | undefined> = process.env): Promise<PostgresCheck> {
  const adminUrl = env.DATABASE_URL || DEFAULT_TEST_POSTGRES_URL;
  let problem = "";
  const sql = postgres(adminUrl, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    const rows = await sql`select count(*)::int as n from pg_available_extensions where name = 'vector'`;
    if (rows[0]?.n !== 1) problem = `PostgreSQL at ${redact(adminUrl)} has no pgvector extension (run deploy/install-pgvector.sh)`;
  } catch (error) {
    problem = `PostgreSQL not reachable at ${redact(adminUrl)} (${(error as Error).message}); set DATABASE_URL`;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
  const available = problem === "";
  const reason = available ? "" : `${problem}; ` + (env.CI === "true" ? "CI=true, so this is a failure" : "skipping the PostgreSQL-backed tests");
  return { available, mustFail: !available && env.CI === "true", reason, adminUrl };
}

/** A database created for one test file. */
export interface TestPostgresDatabase {
  /** Connection URL of the new database. */
  readonly url: string;
  readonly name: string;
  /** Drops the database (terminating leftover connections). */
  drop(): Promise<void>;
}

/**
 * Creates `navigator_test_<random>` on the server, installs pgvector and applies the migrations
 * (`options.migrate`, default true; false leaves the database empty, for migration tests).
 * @throws the driver's error when the server refuses.
 */
export async function createTestPostgresDatabase(adminUrl: string, options: { migrate?: boolean } = {}): Promise<TestPostgresDatabase> {
  const name = `navigator_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  if (options.migrate ?? true) {
    const handle = await createDatabase({ url, poolSize: 2 });
    try {
      await migrate(handle);
    } finally {
      await handle.close();
    }
  }
  return {
    url,
    name,
    async drop() {
      const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await sql.end();
      }
    },
  };
}

/** `url` with its database name replaced by `name`. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}
