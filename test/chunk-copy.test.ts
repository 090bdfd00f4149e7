/**
 * Chunks stored by binary COPY (db/repositories/chunk-copy.ts; PostgreSQL streams it, PGlite reads
 * it from '/dev/blob') are the rows the
 * INSERT path stores: same text, pages, vector, generated full-text column, model and chunker; a
 * second upsert of the same ids replaces them; a failing batch stores nothing of that batch.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { createDatabase, createRepositories, migrate, type DatabaseHandle, type Repositories } from "../db/index.ts";
import { queryRows } from "./support/db.ts";
import { checkPostgres, createTestPostgresDatabase, type TestPostgresDatabase } from "./support/postgres.ts";
import { chunk, docWithJob, META, vec } from "./support/repo-fixtures.ts";

const pg = await checkPostgres();

test("PostgreSQL for the chunk COPY tests (required when CI=true)", () => {
  if (pg.mustFail) throw new Error(pg.reason);
  if (!pg.available) console.warn(`[chunk-copy] skipping: ${pg.reason}`);
  expect(pg.available || process.env.CI !== "true").toBe(true);
});

const kinds = [
  { name: "PostgreSQL, two batches at once", skip: !pg.available, copy: { batchRows: 2, concurrency: 2 } },
  { name: "PGlite in its worker", skip: false, copy: { batchRows: 2, concurrency: 1 } },
] as const;

describe.each(kinds)("chunks stored by binary COPY ($name)", ({ name, skip, copy }) => {
  if (skip) return;
  let database: TestPostgresDatabase | undefined;
  let handle: DatabaseHandle;
  let copying: Repositories;
  let inserting: Repositories;
  beforeAll(async () => {
    if (name.startsWith("PostgreSQL")) {
      database = await createTestPostgresDatabase(pg.adminUrl);
      handle = await createDatabase({ url: database.url, poolSize: 2 });
    } else handle = await createDatabase({});
    await migrate(handle);
    expect(handle.copyTransaction).toBeDefined();
    copying = createRepositories(handle.db, { vectorSearch: { copyTransaction: handle.copyTransaction!, copy } });
    inserting = createRepositories(handle.db);
  }, 60_000);
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  type Row = { ord: number; text: string; page_start: number; page_end: number; embedding: string; tsv: string; embedding_model: string; chunker: string };
  const rowsOf = (documentId: string) =>
    queryRows<Row>(handle, sql`select ord, text, page_start, page_end, embedding::text as embedding, tsv::text as tsv, embedding_model, chunker from chunks where document_id = ${documentId}::uuid order by ord`);

  test("the same rows as the INSERT path; an upsert replaces them", async () => {
    const user = await copying.users.create({ id: crypto.randomUUID(), email: `copy-${crypto.randomUUID()}@example.test`, passwordHash: "!" });
    const [a, b] = [await docWithJob(copying, user.id), await docWithJob(copying, user.id)];
    const texts = ["The annual deductible is $1,500 per person.", "Specialist visit: $40 copay — “after deductible”.", "Línea de ayuda: 1-800-555-0100\tTTY 711"];
    const make = () => texts.map((t, i) => ({ ...chunk(i, vec({ [i]: 1, [100 + i]: 0.3333333 }), t), pageStart: i + 1, pageEnd: i + 2 }));
    expect(await copying.chunks.upsertMany(user.id, a.document.id, META, make())).toBe(3);
    await inserting.chunks.upsertMany(user.id, b.document.id, META, make());
    const [copied, inserted] = [await rowsOf(a.document.id), await rowsOf(b.document.id)];
    expect(copied).toHaveLength(3);
    expect(copied).toEqual(inserted);
    expect(copied[1]!.tsv).toContain("'specialist'");

    const again = make();
    const ids = await queryRows<{ id: string }>(handle, sql`select id from chunks where document_id = ${a.document.id}::uuid order by ord`);
    await copying.chunks.upsertMany(user.id, a.document.id, META, again.map((c, i) => ({ ...c, id: ids[i]!.id, text: `${c.text} (v2)`, embedding: vec({ 7: 1 }) })));
    const replaced = await rowsOf(a.document.id);
    expect(replaced.map((r) => r.text)).toEqual(texts.map((t) => `${t} (v2)`));
    expect(new Set(replaced.map((r) => r.embedding)).size).toBe(1);
    expect(replaced[0]!.embedding).not.toBe(copied[0]!.embedding);
  });

  test("a batch the database rejects stores none of its rows", async () => {
    const user = await copying.users.create({ id: crypto.randomUUID(), email: `copy-${crypto.randomUUID()}@example.test`, passwordHash: "!" });
    const missingDocument = crypto.randomUUID(); // violates the foreign key on the upsert
    const rows = [chunk(0, vec({ 0: 1 })), chunk(1, vec({ 1: 1 }))];
    // (`expect(…).rejects` hung on the PGlite worker's error object under bun 1.4.5: caught instead.)
    const error = await copying.chunks.upsertMany(user.id, missingDocument, META, rows).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ code: "23503" });
    expect(await queryRows(handle, sql`select 1 from chunks where user_id = ${user.id}::uuid`)).toHaveLength(0);
  });
});
