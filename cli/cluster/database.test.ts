import { afterAll, describe, expect, test } from "bun:test";
import postgres from "postgres";
import { checkPostgres, withDatabase } from "../../test/support/postgres.ts";
import { ensurePostgresDatabase } from "./database.ts";

const check = await checkPostgres();

test("PostgreSQL is available (fails under CI=true when missing, skips the suite otherwise)", () => {
  if (check.mustFail) throw new Error(check.reason);
  if (!check.available) console.warn(`[cli/cluster/database] ${check.reason}`);
});

describe.skipIf(!check.available)("ensurePostgresDatabase", () => {
  const name = `navigator_test_ensure_${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`;

  afterAll(async () => {
    const sql = postgres(check.adminUrl, { max: 1, onnotice: () => {} });
    await sql.unsafe(`drop database if exists ${name} with (force)`);
    await sql.end();
  });

  test("creates a missing database once, then finds it", async () => {
    const url = withDatabase(check.adminUrl, name);
    expect(await Promise.all([ensurePostgresDatabase(url), ensurePostgresDatabase(url)]).then((r) => r.sort())).toEqual([false, true]);
    expect(await ensurePostgresDatabase(url)).toBe(false);
    const sql = postgres(check.adminUrl, { max: 1, onnotice: () => {} });
    try {
      const rows = await sql`select count(*)::int as n from pg_database where datname = ${name}`;
      expect(rows[0]?.n).toBe(1);
    } finally {
      await sql.end();
    }
  });

  test("other failures are the driver's errors", async () => {
    const unreachable = "postgres://postgres@127.0.0.1:1/navigator";
    await expect(ensurePostgresDatabase(unreachable)).rejects.toThrow();
  });
});
