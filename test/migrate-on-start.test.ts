/**
 * Migrations on start: the embedded PGlite database is always brought up to date; PostgreSQL only
 * when told (`MIGRATE_ON_START` / `serve --migrate`). A server whose PostgreSQL schema is behind
 * refuses to start with `schema_outdated` and changes nothing.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import postgres from "postgres";
import { SchemaOutdatedError } from "../db/index.ts";
import { ConfigError, loadConfig } from "../app/config.ts";
import { createNavigator } from "../app/navigator.ts";
import type { Logger } from "../runtime/index.ts";
import { checkPostgres, createTestPostgresDatabase, type TestPostgresDatabase } from "./support/postgres.ts";

const pg = await checkPostgres();
const logger = pino({ level: "silent" }) as unknown as Logger;

test("MIGRATE_ON_START parses true/false and refuses anything else", () => {
  expect(loadConfig({}).migrateOnStart).toBe(false);
  expect(loadConfig({ MIGRATE_ON_START: "true" }).migrateOnStart).toBe(true);
  expect(loadConfig({ MIGRATE_ON_START: "0" }).migrateOnStart).toBe(false);
  expect(() => loadConfig({ MIGRATE_ON_START: "maybe" })).toThrow(ConfigError);
});

test("PostgreSQL for the migrate-on-start tests (required when CI=true)", () => {
  if (pg.mustFail) throw new Error(pg.reason);
  if (!pg.available) console.warn(`[migrate-on-start] skipping: ${pg.reason}`);
  expect(pg.available || process.env.CI !== "true").toBe(true);
});

describe.skipIf(!pg.available)("migrations on start with PostgreSQL", () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
  });

  async function fresh(): Promise<{ database: TestPostgresDatabase; dataDir: string }> {
    const database = await createTestPostgresDatabase(pg.adminUrl, { migrate: false });
    const dataDir = await mkdtemp(join(tmpdir(), "navigator-migrate-"));
    cleanup.push(() => database.drop(), () => rm(dataDir, { recursive: true, force: true }));
    return { database, dataDir };
  }

  async function tables(url: string): Promise<string[]> {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const rows = await sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`;
      return rows.map((r) => r.table_name as string);
    } finally {
      await sql.end();
    }
  }

  test("without MIGRATE_ON_START an unmigrated database is refused with schema_outdated, and left untouched", async () => {
    const { database, dataDir } = await fresh();
    const config = loadConfig({}, { dataDir, port: 0, databaseUrl: database.url, jwtSecret: "x".repeat(32) });
    const error = await createNavigator(config, { logger }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SchemaOutdatedError);
    expect(error).toMatchObject({ code: "schema_outdated" });
    expect((error as SchemaOutdatedError).pending).toBeGreaterThanOrEqual(2);
    expect((error as Error).message).toContain("navigator migrate");
    expect(await tables(database.url)).toEqual([]);
  });

  test("with MIGRATE_ON_START the schema is brought up to date and the server starts", async () => {
    const { database, dataDir } = await fresh();
    const config = loadConfig({ MIGRATE_ON_START: "true" }, { dataDir, port: 0, databaseUrl: database.url, jwtSecret: "x".repeat(32) });
    const nav = await createNavigator(config, { logger });
    cleanup.push(() => nav.close());
    expect(await tables(database.url)).toEqual(expect.arrayContaining(["chunks", "conversations", "documents", "jobs", "messages", "users"]));
    await nav.close();
    // An up-to-date schema starts without the flag.
    const again = await createNavigator(loadConfig({}, { dataDir, port: 0, databaseUrl: database.url, jwtSecret: "x".repeat(32) }), { logger });
    await again.close();
  });
});
