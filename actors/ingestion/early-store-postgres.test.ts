/**
 * Chunks stored while the worker embeds them (./early-store.ts), end to end on PostgreSQL (the only
 * database that streams): `NAVIGATOR_TEST_DATABASE=postgres bun test actors/ingestion/early-store-postgres.test.ts`.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { createDatabase, createFileBlobStore, createRepositories, migrate, type DatabaseHandle, type Repositories } from "../../db/index.ts";
import { createHashedEmbedder } from "../../rag/embeddings/index.ts";
import { createRecordingLogger } from "../../runtime/testing.ts";
import { createTestUser, queryRows, scratchPostgres, testDatabaseKind } from "../../test/support/db.ts";
import { createRecordingQueue, numberedSentences } from "../../test/support/ingestion.ts";
import { makePdf } from "../../test/support/pdf.ts";
import { createDocumentService, createIngestionWorkers, createJobEventBus, runIngestion, type IngestionWorkers } from "./index.ts";
import { PREPARE_EMBED_BATCH_CHUNKS } from "./workers/index.ts";

describe.skipIf(testDatabaseKind() !== "postgres")("chunks streamed into PostgreSQL while the worker embeds", () => {
  let scratch: Awaited<ReturnType<typeof scratchPostgres>>;
  let handle: DatabaseHandle;
  let repos: Repositories;
  let workers: IngestionWorkers;
  let blobDir: string;
  const opened: string[] = [];
  beforeAll(async () => {
    scratch = await scratchPostgres();
    handle = await createDatabase({ url: scratch!.url, poolSize: 4 });
    await migrate(handle);
    const base = createRepositories(handle.db, { vectorSearch: { copyTransaction: handle.copyTransaction, streamStore: true } });
    // Records which documents were stored through a stream.
    const openStream = base.chunks.openStream!.bind(base.chunks);
    repos = { ...base, chunks: { ...base.chunks, openStream: (u, d, m) => (opened.push(d), openStream(u, d, m)) } };
    workers = createIngestionWorkers({ logger: createRecordingLogger() }, { size: 1, embedHashed: true });
    blobDir = await mkdtemp(join(tmpdir(), "navigator-early-store-"));
  }, 60_000);
  afterAll(async () => {
    await workers?.close();
    await handle?.close();
    await scratch?.drop();
    if (blobDir) await rm(blobDir, { recursive: true, force: true });
  });

  const pdf = makePdf(Array.from({ length: 40 }, (_, i) => numberedSentences(16, 20 * i + 1).join(" ")));
  const ingest = async (r: Repositories) => {
    const blobs = createFileBlobStore(blobDir);
    const user = await createTestUser(r);
    const { document, job } = await createDocumentService({ repos: r, blobs, queue: createRecordingQueue() }).submit(user.id, { filename: "plan.pdf", bytes: pdf });
    const deps = { repos: r, blobs, embedder: createHashedEmbedder(), events: createJobEventBus(), logger: createRecordingLogger(), clock: { now: () => Date.now() }, prepare: workers.prepare };
    const result = runIngestion(deps, { type: "ingest", v: 1, jobId: job.id, userId: user.id, documentId: document.id });
    return { documentId: document.id, result };
  };
  const chunkCount = async (documentId: string) =>
    (await queryRows<{ n: number }>(handle, sql`select count(*)::int as n from chunks where document_id = ${documentId}::uuid`))[0]!.n;

  test("a run stores every chunk through one stream, as many as it made", async () => {
    const { documentId, result } = await ingest(repos);
    const done = await result;
    expect(done.status).toBe("complete");
    expect(done.chunks).toBeGreaterThan(PREPARE_EMBED_BATCH_CHUNKS); // several batches streamed
    expect(opened).toContain(documentId);
    expect(await chunkCount(documentId)).toBe(done.chunks);
  }, 60_000);

  test("a run failing after the chunks were streamed leaves none of them (rolled back)", async () => {
    const failing: Repositories = {
      ...repos,
      jobs: { ...repos.jobs, advance: (id, status, pct) => (status === "storing" ? Promise.reject(new Error("database went away")) : repos.jobs.advance(id, status, pct)) },
    };
    const { documentId, result } = await ingest(failing);
    await expect(result).rejects.toThrow("database went away");
    expect(opened).toContain(documentId);
    expect(await chunkCount(documentId)).toBe(0);
    // Rolled back, not left open: no other connection of this database is busy or inside a transaction.
    await Bun.sleep(200);
    const open = await queryRows<{ n: number }>(handle, sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'`);
    expect(open[0]!.n).toBe(0);
  }, 60_000);
});
