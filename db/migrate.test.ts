/**
 * Migrations under concurrency: several processes of a cluster start at once against one
 * PostgreSQL. Four handles (two pools of 2 connections, two of 1, which lock on a dedicated
 * connection) migrate one fresh, empty database at the same time.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { getTableColumns, getTableName, isTable } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import postgres from "postgres";
import { checkPostgres, createTestPostgresDatabase, type TestPostgresDatabase } from "../test/support/postgres.ts";
import { createDatabase, type DatabaseHandle } from "./client.ts";
import { migrate, MIGRATION_LOCK_KEY, MIGRATIONS_FOLDER } from "./migrate.ts";
import { schema } from "./schema.ts";

const check = await checkPostgres();

test("PostgreSQL is available (fails under CI=true when missing, skips the suite otherwise)", () => {
  if (check.mustFail) throw new Error(check.reason);
  if (!check.available) console.warn(`[db/migrate] ${check.reason}`);
});

describe.skipIf(!check.available)("migrate on PostgreSQL", () => {
  let database: TestPostgresDatabase;
  const handles: DatabaseHandle[] = [];

  beforeAll(async () => {
    database = await createTestPostgresDatabase(check.adminUrl, { migrate: false });
  });

  afterAll(async () => {
    await Promise.allSettled(handles.map((h) => h.close()));
    await database?.drop();
  });

  test("the test database starts empty", async () => {
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      const rows = await sql`select count(*)::int as n from information_schema.tables where table_schema in ('public', 'drizzle')`;
      expect(rows[0]?.n).toBe(0);
    } finally {
      await sql.end();
    }
  });

  test("4 concurrent migrate() calls all succeed, one applies everything, the schema is complete", async () => {
    for (const poolSize of [2, 1, 2, 1]) handles.push(await createDatabase({ url: database.url, poolSize }));
    const total = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length;
    const started = performance.now();
    const results = await Promise.allSettled(handles.map((h) => migrate(h)));
    console.log(`[db/migrate] 4 concurrent migrations of ${total} files: ${(performance.now() - started).toFixed(0)} ms`);

    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled"]);
    const applied = results.map((r) => (r as PromiseFulfilledResult<{ applied: number }>).value.applied);
    expect(applied.reduce((a, b) => a + b, 0)).toBe(total);
    expect(applied.filter((n) => n > 0)).toEqual([total]);

    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      const [bookkeeping] = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
      expect(bookkeeping?.n).toBe(total);
      const [extension] = await sql`select count(*)::int as n from pg_extension where extname = 'vector'`;
      expect(extension?.n).toBe(1);

      const columns = await sql<{ table_name: string; column_name: string }[]>`
        select table_name, column_name from information_schema.columns where table_schema = 'public'`;
      const actual = new Map<string, Set<string>>();
      for (const c of columns) actual.set(c.table_name, (actual.get(c.table_name) ?? new Set()).add(c.column_name));
      const tables = Object.values(schema).filter((t) => isTable(t));
      expect(tables.length).toBeGreaterThan(0);
      expect([...actual.keys()].sort()).toEqual(tables.map((t) => getTableName(t)).sort());
      for (const table of tables) {
        // migrate() adds the chunks' full-text column by default (TEXT_INDEX=gin, db/text-index.ts), outside the static schema.
        const managed = getTableName(table) === "chunks" ? ["tsv"] : [];
        const expected = [...Object.values(getTableColumns(table)).map((c) => c.name), ...managed].sort();
        expect({ table: getTableName(table), columns: [...(actual.get(getTableName(table)) ?? [])].sort() }).toEqual({
          table: getTableName(table),
          columns: expected,
        });
      }

      const high = Number(MIGRATION_LOCK_KEY >> 32n);
      const low = Number(MIGRATION_LOCK_KEY & 0xffffffffn);
      const [locks] = await sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and classid = ${high} and objid = ${low}`;
      expect(locks?.n).toBe(0);
    } finally {
      await sql.end();
    }
  });

  test("a later migrate() finds nothing to do", async () => {
    expect(await migrate(handles[0] as DatabaseHandle)).toEqual({ applied: 0, vectorIndex: { action: "none", buildMs: 0 }, textIndex: "none" });
  });
});
