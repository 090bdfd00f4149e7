/**
 * Fingerprints what ingestion stores in PostgreSQL for every PDF of the corpus, to check that a
 * change to the ingest path leaves the stored rows identical: a scratch database, one Navigator
 * (default configuration, ingestion workers), every PDF uploaded and ingested, then per document a
 * sha256 of its row (without ids and times), its chunks (ordinal, text, pages, vector as text,
 * embedding model, chunker; whether the id is the document's UUIDv5) and its records, in order. Prints one
 * line per PDF and an overall hash; compare two builds' output with `diff`.
 * `bun bench/stored-identity.ts [corpus-dir]` (DATABASE_URL, default 127.0.0.1:5432, needs pgvector)
 */
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pino from "pino";
import postgres from "postgres";
import { loadConfig } from "../app/config.ts";
import { createNavigator } from "../app/navigator.ts";
import type { Logger } from "../runtime/index.ts";

const dir = process.argv.slice(2).find((a) => !a.startsWith("--")) ?? resolve(import.meta.dir, "../../shared/corpus");
const adminUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const dbName = `navigator_identity_${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${dbName}`);
const dbUrl = adminUrl.replace(/\/[^/]*$/, `/${dbName}`);
const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
await sql.unsafe("create extension if not exists vector");
const dataDir = await mkdtemp(join(tmpdir(), "navigator-stored-identity-"));
const nav = await createNavigator(loadConfig({}, { dataDir, port: 0, jwtSecret: "bench".repeat(8), databaseUrl: dbUrl, migrateOnStart: true }), { logger: pino({ level: "warn" }) as unknown as Logger });
const all = createHash("sha256");
try {
  const userId = Bun.randomUUIDv7();
  await nav.repos.users.create({ id: userId, email: `identity-${userId}@navigator.invalid`, passwordHash: "!" });
  for (const name of readdirSync(dir).filter((f) => f.endsWith(".pdf")).sort()) {
    const bytes = new Uint8Array(await Bun.file(join(dir, name)).arrayBuffer());
    const { document, job } = await nav.documents.submit(userId, { filename: name, bytes });
    const result = await nav.queue.whenDone(job.id);
    const h = createHash("sha256");
    const documentId = document.id;
    // The document's own columns, without ids, keys and times (they differ from run to run).
    const [doc] = await sql`select (to_jsonb(d) - array['id', 'user_id', 'storage_key', 'created_at', 'updated_at', 'status_changed_at'])::text as row from documents d where id = ${documentId}`;
    h.update(JSON.stringify([result.status, doc?.row]));
    const chunks = await sql`select id, ord, text, page_start, page_end, embedding::text as v, embedding_model, chunker, user_id = ${userId}::uuid as own from chunks where document_id = ${documentId} order by ord`;
    for (const { id, ...c } of chunks) h.update(JSON.stringify([id === Bun.randomUUIDv5(`${c.chunker}:${c.ord}`, documentId), c]));
    const records = await sql`select id, ord, kind, section, label, network, out_of_network, limitations, page, extractor from document_records where document_id = ${documentId} order by ord`;
    for (const { id, ...r } of records) h.update(JSON.stringify([id === Bun.randomUUIDv5(`${r.extractor}:${r.ord}`, documentId), r]));
    const fp = h.digest("hex");
    all.update(fp);
    console.log(`${fp.slice(0, 16)}  ${result.status} ${String(chunks.length).padStart(5)} chunks ${String(records.length).padStart(4)} records  ${name}`);
  }
} finally {
  await nav.close();
  await sql.end();
  await admin.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => {});
  await admin.end();
  await rm(dataDir, { recursive: true, force: true });
}
console.log(`all ${all.digest("hex")}`);
