/**
 * `DatabaseHandle.ping` (what `/health` asks) answers while the database is busy: on PostgreSQL
 * it has a connection of its own, so a pool whose only connection runs a long statement does
 * not hold it up; on the embedded PGlite worker a recent answer counts, so it does not queue
 * behind a long statement; both still fail when the database cannot answer.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { createDatabase, PGLITE_PING_FRESH_MS, type DatabaseHandle } from "../db/index.ts";
import { checkPostgres, createTestPostgresDatabase } from "./support/postgres.ts";

const pg = await checkPostgres();
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
});

/** Resolves with how `p` settled, or "pending" if it has not within `ms`. */
const within = (p: Promise<unknown>, ms: number) =>
  Promise.race([p.then(() => "resolved", () => "rejected"), Bun.sleep(ms).then(() => "pending")]);

test("PostgreSQL for the ping tests (required when CI=true)", () => {
  if (pg.mustFail) throw new Error(pg.reason);
  expect(pg.available || process.env.CI !== "true").toBe(true);
});

describe.skipIf(!pg.available)("ping on PostgreSQL", () => {
  test("answers while the pool's only connection is busy; fails once closed", async () => {
    const database = await createTestPostgresDatabase(pg.adminUrl, { migrate: false });
    cleanup.push(() => database.drop());
    const handle: DatabaseHandle = await createDatabase({ url: database.url, poolSize: 1 });
    let closed = false;
    cleanup.push(() => (closed ? Promise.resolve() : handle.close()));
    const busy = Promise.resolve(handle.db.execute(sql`select pg_sleep(5)`)); // drizzle runs a query when awaited
    await Bun.sleep(200); // the statement holds the only pool connection
    expect(await within(handle.db.execute(sql`select 1`), 500)).toBe("pending"); // the pool is busy…
    expect(await within(handle.ping(), 2_500)).toBe("resolved"); // …the ping is not held up
    await busy;
    await handle.close();
    closed = true;
    expect(await within(handle.ping(), 2_500)).not.toBe("resolved");
  }, 30_000);
});

describe("ping on the embedded PGlite worker", () => {
  test("a recent answer counts while a long statement runs; without one it asks", async () => {
    const handle = await createDatabase({});
    cleanup.push(() => handle.close());
    await handle.ping(); // nothing answered yet: asks `select 1`
    const busy = Promise.resolve(handle.db.execute(sql`select pg_sleep(5)`));
    expect(await within(handle.ping(), 300)).toBe("resolved"); // the answer to the ping above is recent
    await Bun.sleep(PGLITE_PING_FRESH_MS + 100);
    expect(await within(handle.ping(), 300)).toBe("pending"); // stale now: it queues behind the sleep
    await busy;
    expect(await within(handle.ping(), 5_000)).toBe("resolved");
  }, 60_000);
});
