/**
 * Set-up shared by the ingestion tests (not exported from ./index.ts): a test embedder, a job a
 * dead process left behind, and two per-file fixtures — the embedded path (PGlite, file blobs, an
 * actor system, a recording queue) and the cluster path (two nodes on a private nats-server).
 */
import type { OcrEngine } from "../../rag/ocr/index.ts";
import { afterAll, afterEach, beforeAll, expect } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NatsConnection } from "@nats-io/transport-node";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace";
import { sql } from "drizzle-orm";
import { createFileBlobStore, type BlobStore, type DocumentRow, type JobRow, type Repositories, type UserRow } from "../../db/index.ts";
import { createHashedEmbedder } from "../../rag/embeddings/index.ts";
import { sentence5, type ChunkDraft } from "../../rag/splitter/index.ts";
import type { Embedder } from "../../rag/types.ts";
import { createActorSystem, type ActorRef, type ActorSystem, type Clock } from "../../runtime/index.ts";
import { createRecordingLogger, type RecordingLogger } from "../../runtime/testing.ts";
import { registerTracing, type TracingHandle } from "../../runtime/tracing/index.ts";
import { createJetStreamWorkQueue, type WorkQueue } from "../../runtime/work-queue/index.ts";
import { createTestUser, DB_OPEN_TIMEOUT_MS, openTestDatabase, queryRows, type TestDatabase } from "./db.ts";
import { createRecordingQueue, type RecordingQueue } from "./ingestion.ts";
import type { NatsFixture } from "./nats.ts";
import { makePdf } from "./pdf.ts";
import type { IngestDocument, IngestResult, JobEvent } from "../../actors/messages.ts";
import { createIngestionWorkers, type IngestionWorkers, type IngestionWorkersOptions } from "../../actors/ingestion/index.ts";
import {
  createClusterIngestionQueue,
  createDocumentService,
  createIngestionBehavior,
  createJobEventBus,
  createNatsJobEventBus,
  INGESTION_ACTOR_KIND,
  type DocumentService,
  type IngestionQueue,
  type JobEventBus,
  type NatsJobEventBus,
} from "../../actors/ingestion/index.ts";

/** Timeout of one cluster-queue test, milliseconds. */
export const JOB_TIMEOUT_MS = 30_000;
/** A word that makes the cluster fixture's embedder fail with HTTP 503 (a retryable provider outage). */
export const EMBED_FAIL_WORD = "zzunavailable";

/** The chunks sentence5 makes of `pages` (text of page 1, page 2, …). */
export const expectedChunks = (pages: readonly string[]): ChunkDraft[] => sentence5(pages.map((text, i) => ({ page: i + 1, text })));

/** The hashed embedder, awaiting `beforeBatch(texts)` first in every `embedDocuments` (to delay or throw). */
export function createHookedEmbedder(beforeBatch: (texts: readonly string[]) => Promise<void> | void): Embedder {
  const hashed = createHashedEmbedder();
  return {
    model: hashed.model,
    dimensions: hashed.dimensions,
    embedQuery: (t) => hashed.embedQuery(t),
    async embedDocuments(texts) {
      await beforeBatch(texts);
      return hashed.embedDocuments(texts);
    },
  };
}

/**
 * What a process that died after storing an upload leaves: `bytes` under the upload's key, the
 * document (id UUIDv5 of the sha256 under `userId`) and its `queued` job, not in any queue.
 */
export async function recordUnqueuedJob(
  deps: { repos: Repositories; blobs: BlobStore },
  userId: string,
  bytes: Uint8Array,
  filename: string,
): Promise<{ documentId: string; jobId: string }> {
  const sha256 = new Bun.CryptoHasher("sha256").update(bytes).digest("hex");
  const documentId = Bun.randomUUIDv5(sha256, userId);
  const storageKey = `${userId}/${documentId}.pdf`;
  await deps.blobs.put(storageKey, bytes);
  const jobId = Bun.randomUUIDv7();
  await deps.repos.documents.createWithJob({ id: documentId, userId, filename, bytes: bytes.byteLength, sha256, contentType: "application/pdf", storageKey }, jobId);
  return { documentId, jobId };
}

/** The embedded ingestion path of one test file. Fields are set in `beforeAll`: read them in tests. */
export interface IngestionFixture {
  readonly logger: RecordingLogger;
  readonly tdb: TestDatabase;
  readonly repos: Repositories;
  readonly blobDir: string;
  readonly blobs: BlobStore;
  readonly system: ActorSystem;
  readonly events: JobEventBus;
  /** The document service's queue: records messages, runs nothing. */
  readonly queue: RecordingQueue;
  readonly documents: DocumentService;
  /** Runs before each embedding batch when set (to interfere mid-run). */
  beforeEmbed: (() => Promise<void>) | undefined;
  /** The worker pool preparing documents, when the fixture was opened with `workers`. */
  readonly workers: IngestionWorkers | undefined;
  ingestRef(documentId: string): ActorRef<IngestDocument, IngestResult>;
  /** Submits `bytes` for a fresh user through the document service; asserts and returns the message it queued. */
  submitNew(bytes: Uint8Array, filename?: string): Promise<{ user: UserRow; document: DocumentRow; job: JobRow; msg: IngestDocument }>;
  /** Collects the events of `jobId` until `stop` is called. */
  collect(jobId: string): { events: JobEvent[]; stop: () => void };
  chunkRows(documentId: string): Promise<{ id: string; ord: number; text: string }[]>;
}

/**
 * Opens the embedded ingestion path for the calling test file (`beforeAll`; removed in `afterAll`);
 * with `options.workers`, documents are prepared in an ingestion worker pool with those options
 * (the fixture's embedder then embeds on the main thread, so `beforeEmbed` still applies).
 */
export function useIngestionFixture(options: { ocr?: OcrEngine; ocrMaxPages?: number; workers?: IngestionWorkersOptions; maxAttempts?: number } = {}): IngestionFixture {
  const fx = { logger: createRecordingLogger(), beforeEmbed: undefined } as { -readonly [K in keyof IngestionFixture]: IngestionFixture[K] };
  beforeAll(async () => {
    fx.tdb = await openTestDatabase();
    fx.repos = fx.tdb.repos;
    fx.blobDir = await mkdtemp(join(tmpdir(), "navigator-ingestion-"));
    fx.blobs = createFileBlobStore(fx.blobDir);
    fx.events = createJobEventBus();
    const embedder = createHookedEmbedder(() => fx.beforeEmbed?.());
    fx.system = createActorSystem({ logger: fx.logger });
    fx.workers = options.workers ? createIngestionWorkers({ logger: fx.logger }, options.workers) : undefined;
    const deps = { repos: fx.repos, blobs: fx.blobs, embedder, events: fx.events, logger: fx.logger, clock: { now: () => Date.now() }, prepare: fx.workers?.prepare, ocr: options.ocr, ocrMaxPages: options.ocrMaxPages };
    fx.system.register(INGESTION_ACTOR_KIND, createIngestionBehavior(deps, { retryBackoffMs: 1, maxAttempts: options.maxAttempts }));
    fx.queue = createRecordingQueue();
    fx.documents = createDocumentService({ repos: fx.repos, blobs: fx.blobs, queue: fx.queue });
  }, DB_OPEN_TIMEOUT_MS);
  afterAll(async () => {
    await fx.system?.shutdown();
    await fx.workers?.close();
    await fx.tdb?.close();
    if (fx.blobDir) await rm(fx.blobDir, { recursive: true, force: true });
  });
  fx.ingestRef = (documentId) => fx.system.ref(INGESTION_ACTOR_KIND, documentId);
  fx.submitNew = async (bytes, filename = "plan.pdf") => {
    const user = await createTestUser(fx.repos);
    const created = await fx.documents.submit(user.id, { filename, bytes });
    const msg = fx.queue.enqueued.at(-1)!;
    expect(msg).toEqual({ type: "ingest", v: 1, jobId: created.job.id, userId: user.id, documentId: created.document.id });
    return { user, ...created, msg };
  };
  fx.collect = (jobId) => {
    const seen: JobEvent[] = [];
    const stop = fx.events.subscribe((e) => {
      if (e.jobId === jobId) seen.push(e);
    });
    return { events: seen, stop };
  };
  fx.chunkRows = (documentId) => queryRows(fx.tdb.handle, sql`select id, ord, text from chunks where document_id = ${documentId}::uuid order by ord`);
  return fx;
}

/** One node of the cluster fixture: its connection, job event bus and actor system hosting the ingestion actor. */
export interface ClusterTestNode {
  readonly nc: NatsConnection;
  readonly events: NatsJobEventBus;
  readonly system: ActorSystem;
}

/** The cluster ingestion path of one suite. `nodeA`, `nodeB` and `blobs` are set in `beforeAll`. */
export interface ClusterIngestionFixture {
  readonly logger: RecordingLogger;
  readonly clock: Clock;
  readonly exporter: InMemorySpanExporter;
  readonly nodeA: ClusterTestNode;
  readonly nodeB: ClusterTestNode;
  /** File blobs; a read of a user's blob fails (code EIO) while `failReads` counts it down. */
  readonly blobs: BlobStore;
  /** User id → reads of that user's blobs still to fail. */
  readonly failReads: Map<string, number>;
  /** Delay of every embedding call, milliseconds (to keep workers busy); 0 again after each test. */
  embedDelayMs: number;
  /** Run last first after each test. */
  readonly cleanups: (() => Promise<unknown>)[];
  /** A work queue on a fresh stream (or on `stream`, to share it between nodes). */
  workQueueOn(nc: NatsConnection, options?: { stream?: string; maxDeliveries?: number; ackWaitMs?: number }): Promise<{ wq: WorkQueue<IngestDocument>; stream: string }>;
  /** A cluster queue on `node` (concurrency 2, processing jobs, unless told otherwise). */
  clusterQueue(node: ClusterTestNode, workQueue: WorkQueue<IngestDocument>, options?: { processJobs?: boolean; concurrency?: number; kind?: string }): IngestionQueue;
  /** Submits `pages` (or PDF bytes) for `user` (default: a fresh one) through the document service. */
  submit(queue: IngestionQueue, pages: string[] | Uint8Array, user?: { id: string }): Promise<{ user: { id: string }; document: DocumentRow; job: JobRow }>;
  /** The queue's pending count once the acks sent after a job's outcome have landed (≤ 5 s). */
  settledPending(wq: WorkQueue<IngestDocument>): Promise<number>;
  /** Collects the events of `userId`'s jobs seen by `events`; `failures(n)` waits (≤ 5 s) for n failed ones, then 200 ms more for duplicates. */
  collect(events: NatsJobEventBus, userId: string): { seen: JobEvent[]; stop: () => void; failures: (count: number) => Promise<JobEvent[]> };
}

/** Starts nodes "node-a" and "node-b" on `nats` over `tdb` for the calling `describe`, with tracing to `exporter`. */
export function useClusterIngestion(deps: { nats: NatsFixture; tdb: TestDatabase }): ClusterIngestionFixture {
  const { nats, tdb } = deps;
  const logger = createRecordingLogger();
  const clock = { now: () => Date.now() };
  let tracing: TracingHandle;
  let blobDir: string;
  let streams = 0;
  const fx = { logger, clock, exporter: new InMemorySpanExporter(), failReads: new Map(), embedDelayMs: 0, cleanups: [] } as unknown as {
    -readonly [K in keyof ClusterIngestionFixture]: ClusterIngestionFixture[K];
  };
  const embedder = createHookedEmbedder(async (texts) => {
    if (fx.embedDelayMs > 0) await Bun.sleep(fx.embedDelayMs);
    if (texts.some((t) => t.includes(EMBED_FAIL_WORD))) throw Object.assign(new Error("Service Unavailable"), { status: 503 });
  });

  async function startNode(nodeId: string): Promise<ClusterTestNode> {
    const nc = await nats.connect({ name: nodeId });
    const events = createNatsJobEventBus({ nc, logger });
    const system = createActorSystem({ logger }, { nodeId });
    system.register(INGESTION_ACTOR_KIND, createIngestionBehavior({ repos: tdb.repos, blobs: fx.blobs, embedder, events, logger, clock }));
    return { nc, events, system };
  }

  beforeAll(async () => {
    tracing = registerTracing({ exporter: fx.exporter });
    blobDir = await mkdtemp(join(tmpdir(), "navigator-cluster-queue-"));
    const files = createFileBlobStore(blobDir);
    fx.blobs = {
      put: (key, bytes) => files.put(key, bytes),
      delete: (key) => files.delete(key),
      ping: () => files.ping(),
      async get(key) {
        const userId = key.split("/")[0]!;
        const left = fx.failReads.get(userId) ?? 0;
        if (left > 0) {
          fx.failReads.set(userId, left - 1);
          throw Object.assign(new Error("injected read failure"), { code: "EIO" });
        }
        return files.get(key);
      },
    };
    fx.nodeA = await startNode("node-a");
    fx.nodeB = await startNode("node-b");
  });
  afterEach(async () => {
    fx.embedDelayMs = 0;
    for (const cleanup of fx.cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    for (const node of [fx.nodeA, fx.nodeB]) {
      await node?.system.shutdown();
      await node?.events.close();
    }
    await tracing?.shutdown();
    if (blobDir) await rm(blobDir, { recursive: true, force: true });
  });

  fx.workQueueOn = async (nc, options = {}) => {
    const stream = options.stream ?? `${nats.unique}_s${++streams}`;
    const wq = await createJetStreamWorkQueue<IngestDocument>(
      { nc, logger },
      { stream, subject: `${nats.unique}.ingest.${stream}`, durable: "ingest", maxDeliveries: options.maxDeliveries ?? 5, retryBackoffMs: 50, ackWaitMs: options.ackWaitMs ?? 2_000 },
    );
    fx.cleanups.push(() => wq.close());
    return { wq, stream };
  };
  fx.clusterQueue = (node, workQueue, options = {}) => {
    const queue = createClusterIngestionQueue(
      {
        workQueue,
        jobs: tdb.repos.jobs,
        documents: tdb.repos.documents,
        events: node.events,
        refFor: (id) => node.system.ref<IngestDocument, IngestResult>(options.kind ?? INGESTION_ACTOR_KIND, id),
        logger,
        clock,
      },
      { concurrency: options.concurrency ?? 2, processJobs: options.processJobs ?? true, shutdownTimeoutMs: 5_000 },
    );
    fx.cleanups.push(() => queue.close());
    return queue;
  };
  fx.submit = async (queue, pages, user) => {
    const owner = user ?? (await createTestUser(tdb.repos));
    const service = createDocumentService({ repos: tdb.repos, blobs: fx.blobs, queue });
    const bytes = pages instanceof Uint8Array ? pages : makePdf(pages);
    const created = await service.submit(owner.id, { filename: "plan.pdf", bytes });
    return { user: owner, ...created };
  };
  fx.settledPending = async (wq) => {
    const deadline = Date.now() + 5_000;
    let pending = await wq.pending();
    while (pending > 0 && Date.now() < deadline) {
      await Bun.sleep(20);
      pending = await wq.pending();
    }
    return pending;
  };
  fx.collect = (events, userId) => {
    const seen: JobEvent[] = [];
    const stop = events.subscribe((e) => void (e.userId === userId && seen.push(e)));
    const failures = async (count: number) => {
      const deadline = Date.now() + 5_000;
      while (seen.filter((e) => e.status === "failed").length < count && Date.now() < deadline) await Bun.sleep(10);
      await Bun.sleep(200);
      return seen.filter((e) => e.status === "failed");
    };
    return { seen, stop, failures };
  };
  return fx;
}
