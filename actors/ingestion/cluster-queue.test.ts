/**
 * The cluster ingestion path end to end: a private nats-server (JetStream work queue + job events),
 * PGlite, real actor systems running the real ingestion behaviour, test PDFs and a file blob store.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NatsConnection } from "@nats-io/transport-node";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace";
import { sql } from "drizzle-orm";
import { createFileBlobStore, type BlobStore } from "../../db/index.ts";
import { createHashedEmbedder } from "../../rag/embeddings/index.ts";
import { sentence5 } from "../../rag/splitter/index.ts";
import type { Embedder } from "../../rag/types.ts";
import { createActorSystem, type ActorSystem } from "../../runtime/index.ts";
import { createRecordingLogger } from "../../runtime/testing.ts";
import { activeTraceId, registerTracing, withSpan, type TracingHandle } from "../../runtime/tracing/index.ts";
import { createJetStreamWorkQueue, type WorkQueue } from "../../runtime/work-queue/index.ts";
import { createTestUser, useTestDatabase } from "../../test/support/db.ts";
import { numberedSentences } from "../../test/support/ingestion.ts";
import { checkNats, useNats } from "../../test/support/nats.ts";
import { makeGarbagePdf, makePdf } from "../../test/support/pdf.ts";
import type { IngestDocument, IngestResult, JobEvent } from "../messages.ts";
import {
  createClusterIngestionQueue,
  createDocumentService,
  createIngestionBehavior,
  createIngestionQueue,
  createNatsJobEventBus,
  INGESTION_ACTOR_KIND,
  QueueUnavailableError,
  type IngestionQueue,
  type NatsJobEventBus,
} from "./index.ts";

const check = checkNats();
const nats = useNats();
const tdb = useTestDatabase();
const logger = createRecordingLogger();
const clock = { now: () => Date.now() };
const JOB_TIMEOUT_MS = 30_000;
/** A word that makes the test embedder fail with HTTP 503 (a retryable provider outage). */
const EMBED_FAIL_WORD = "zzunavailable";

test("NATS is available (fails under CI=true when missing, skips the suite otherwise)", () => {
  if (check.mustFail) throw new Error(check.reason);
  if (!check.available) console.warn(`[cluster-queue] ${check.reason}`);
});

/** One node: its connection, job event bus and actor system hosting the ingestion actor. */
interface TestNode {
  readonly nc: NatsConnection;
  readonly events: NatsJobEventBus;
  readonly system: ActorSystem;
}

describe.skipIf(!check.available)("cluster ingestion queue", () => {
  let blobDir: string;
  let blobs: BlobStore;
  /** User id → reads of that user's blobs still to fail. */
  const failReads = new Map<string, number>();
  /** Delay of every embedding call, milliseconds (to keep workers busy). */
  let embedDelayMs = 0;
  let tracing: TracingHandle;
  const exporter = new InMemorySpanExporter();
  let nodeA: TestNode;
  let nodeB: TestNode;
  const cleanups: (() => Promise<unknown>)[] = [];
  let streams = 0;

  const hashed = createHashedEmbedder();
  const embedder: Embedder = {
    model: hashed.model,
    dimensions: hashed.dimensions,
    embedQuery: (t) => hashed.embedQuery(t),
    async embedDocuments(texts) {
      if (embedDelayMs > 0) await Bun.sleep(embedDelayMs);
      if (texts.some((t) => t.includes(EMBED_FAIL_WORD))) throw Object.assign(new Error("Service Unavailable"), { status: 503 });
      return hashed.embedDocuments(texts);
    },
  };

  async function startNode(nodeId: string): Promise<TestNode> {
    const nc = await nats.connect({ name: nodeId });
    const events = createNatsJobEventBus({ nc, logger });
    const system = createActorSystem({ logger }, { nodeId });
    system.register(INGESTION_ACTOR_KIND, createIngestionBehavior({ repos: tdb.repos, blobs, embedder, events, logger, clock }));
    return { nc, events, system };
  }

  beforeAll(async () => {
    tracing = registerTracing({ exporter });
    blobDir = await mkdtemp(join(tmpdir(), "navigator-cluster-queue-"));
    const files = createFileBlobStore(blobDir);
    blobs = {
      put: (key, bytes) => files.put(key, bytes),
      delete: (key) => files.delete(key),
      async get(key) {
        const userId = key.split("/")[0]!;
        const left = failReads.get(userId) ?? 0;
        if (left > 0) {
          failReads.set(userId, left - 1);
          throw Object.assign(new Error("injected read failure"), { code: "EIO" });
        }
        return files.get(key);
      },
    };
    nodeA = await startNode("node-a");
    nodeB = await startNode("node-b");
  });

  afterEach(async () => {
    embedDelayMs = 0;
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  afterAll(async () => {
    for (const node of [nodeA, nodeB]) {
      await node?.system.shutdown();
      await node?.events.close();
    }
    await tracing?.shutdown();
    if (blobDir) await rm(blobDir, { recursive: true, force: true });
  });

  /** A work queue on a fresh stream (or on `stream`, to share it between nodes). */
  async function workQueueOn(nc: NatsConnection, options: { stream?: string; maxDeliveries?: number; ackWaitMs?: number } = {}) {
    const stream = options.stream ?? `${nats.unique}_s${++streams}`;
    const wq = await createJetStreamWorkQueue<IngestDocument>(
      { nc, logger },
      { stream, subject: `${nats.unique}.ingest.${stream}`, durable: "ingest", maxDeliveries: options.maxDeliveries ?? 5, retryBackoffMs: 50, ackWaitMs: options.ackWaitMs ?? 2_000 },
    );
    cleanups.push(() => wq.close());
    return { wq, stream };
  }

  function clusterQueue(
    node: TestNode,
    workQueue: WorkQueue<IngestDocument>,
    options: { processJobs?: boolean; concurrency?: number; kind?: string } = {},
  ) {
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
    cleanups.push(() => queue.close());
    return queue;
  }

  async function submit(queue: IngestionQueue, pages: string[] | Uint8Array, user?: { id: string }) {
    const owner = user ?? (await createTestUser(tdb.repos));
    const service = createDocumentService({ repos: tdb.repos, blobs, queue });
    const bytes = pages instanceof Uint8Array ? pages : makePdf(pages);
    const created = await service.submit(owner.id, { filename: "plan.pdf", bytes });
    return { user: owner, ...created };
  }

  /** The queue's pending count once the acks sent after a job's outcome have landed (≤ 5 s). */
  async function settledPending(wq: WorkQueue<IngestDocument>): Promise<number> {
    const deadline = Date.now() + 5_000;
    let pending = await wq.pending();
    while (pending > 0 && Date.now() < deadline) {
      await Bun.sleep(20);
      pending = await wq.pending();
    }
    return pending;
  }

  const expectedChunks = (pages: string[]) => sentence5(pages.map((text, i) => ({ page: i + 1, text }))).length;

  /** Collects the events of `userId`'s jobs seen by `events` until stopped. */
  function collect(events: NatsJobEventBus, userId: string) {
    const seen: JobEvent[] = [];
    const stop = events.subscribe((e) => void (e.userId === userId && seen.push(e)));
    /** Waits (up to 5 s) until `count` failed events arrived, then 200 ms more for duplicates. */
    const failures = async (count: number) => {
      const deadline = Date.now() + 5_000;
      while (seen.filter((e) => e.status === "failed").length < count && Date.now() < deadline) await Bun.sleep(10);
      await Bun.sleep(200);
      return seen.filter((e) => e.status === "failed");
    };
    return { seen, stop, failures };
  }

  test("an upload through the cluster queue completes with the same chunks as the embedded path", async () => {
    const pages = [numberedSentences(14, 100).join(" "), numberedSentences(11, 200).join(" ")];
    const { wq } = await workQueueOn(nodeA.nc);
    const queue = clusterQueue(nodeA, wq);
    const { user, job, document } = await submit(queue, pages);
    const result = await queue.whenDone(job.id);
    expect(result).toMatchObject({ jobId: job.id, status: "complete", chunks: expectedChunks(pages), pages: 2, nodeId: "node-a" });

    const embedded = createIngestionQueue({ jobs: tdb.repos.jobs, logger, refFor: (id) => nodeA.system.ref(INGESTION_ACTOR_KIND, id) });
    cleanups.push(() => embedded.close());
    const other = await submit(embedded, pages);
    const viaEmbedded = await embedded.whenDone(other.job.id);
    expect([viaEmbedded.status, viaEmbedded.chunks, viaEmbedded.pages]).toEqual(["complete", result.chunks, result.pages]);
    expect(await tdb.repos.chunks.countForDocument(user.id, document.id)).toBe(expectedChunks(pages));
    expect(await tdb.repos.jobs.get(user.id, job.id)).toMatchObject({ status: "complete", progressPct: 100, attempts: 1, lastError: null });
    expect(await settledPending(wq)).toBe(0);
    expect(queue.pending).toBe(0);
  }, JOB_TIMEOUT_MS);

  test("the job row records the node and the trace id of the attempt", async () => {
    const pages = [numberedSentences(8, 300).join(" ")];
    const { wq } = await workQueueOn(nodeA.nc);
    const queue = clusterQueue(nodeA, wq);
    let uploadTraceId: string | undefined;
    const { user, job } = await withSpan("test upload", {}, async () => {
      uploadTraceId = activeTraceId();
      return submit(queue, pages);
    });
    expect(uploadTraceId).toMatch(/^[0-9a-f]{32}$/);
    expect((await tdb.repos.jobs.get(user.id, job.id))?.nodeId).toBeNull();
    await queue.whenDone(job.id);
    expect(await tdb.repos.jobs.get(user.id, job.id)).toMatchObject({ status: "complete", nodeId: "node-a", traceId: uploadTraceId });
    const attempt = exporter.getFinishedSpans().find((s) => s.name === "ingestion.attempt" && s.attributes["navigator.job_id"] === job.id);
    expect(attempt?.spanContext().traceId).toBe(uploadTraceId!);
    expect(attempt?.attributes["navigator.attempt"]).toBe(1);
  }, JOB_TIMEOUT_MS);

  test("a blob read that fails once is retried by the queue and completes on delivery 2", async () => {
    const pages = [numberedSentences(9, 400).join(" ")];
    const { wq } = await workQueueOn(nodeA.nc);
    const queue = clusterQueue(nodeA, wq);
    const user = await createTestUser(tdb.repos);
    failReads.set(user.id, 1);
    const { job } = await submit(queue, pages, user);
    const result = await queue.whenDone(job.id);
    expect(result).toMatchObject({ status: "complete", chunks: expectedChunks(pages) });
    expect(failReads.get(user.id)).toBe(0);
    expect(await tdb.repos.jobs.get(user.id, job.id)).toMatchObject({ status: "complete", attempts: 2, lastError: null, nodeId: "node-a" });
    expect(logger.at("warn", "the queue will deliver it again").filter((e) => (e.bindings as { jobId?: string }).jobId === job.id)).toHaveLength(1);
  }, JOB_TIMEOUT_MS);

  test("a non-retryable failure fails the job on delivery 1 and is not delivered again", async () => {
    const { wq } = await workQueueOn(nodeA.nc);
    const queue = clusterQueue(nodeA, wq);
    const user = await createTestUser(tdb.repos);
    const events = collect(nodeA.events, user.id);
    const { job } = await submit(queue, makeGarbagePdf(), user);
    const result = await queue.whenDone(job.id);
    expect(result).toMatchObject({ jobId: job.id, status: "failed", chunks: 0 });
    await Bun.sleep(1_000); // 20 × the queue's retry backoff: a redelivery would have happened by now
    events.stop();
    const row = await tdb.repos.jobs.get(user.id, job.id);
    expect(row).toMatchObject({ status: "failed", attempts: 1, lastError: { code: "invalid_pdf" } });
    expect((await events.failures(1)).map((e) => e.error?.code)).toEqual(["invalid_pdf"]);
    expect(await settledPending(wq)).toBe(0);
  }, JOB_TIMEOUT_MS);

  test("a retryable failure on every delivery fails the job with its code after exactly maxDeliveries", async () => {
    const pages = [`${numberedSentences(6, 500).join(" ")} The provider word ${EMBED_FAIL_WORD} appears in this sentence for the test.`];
    const { wq } = await workQueueOn(nodeA.nc, { maxDeliveries: 2 });
    const queue = clusterQueue(nodeA, wq);
    const user = await createTestUser(tdb.repos);
    const events = collect(nodeA.events, user.id);
    const { job } = await submit(queue, pages, user);
    expect(await queue.whenDone(job.id)).toMatchObject({ status: "failed", chunks: 0 });
    await Bun.sleep(1_000);
    events.stop();
    const row = await tdb.repos.jobs.get(user.id, job.id);
    expect(row).toMatchObject({ status: "failed", attempts: 2, lastError: { code: "embedder_unavailable" } });
    expect(row?.lastError?.message).toContain("HTTP 503");
    expect((await events.failures(1)).map((e) => e.error?.code)).toEqual(["embedder_unavailable"]);
    expect(await settledPending(wq)).toBe(0);
  }, JOB_TIMEOUT_MS);

  test("events published by one bus reach every bus exactly once, including its own", async () => {
    const nc2 = await nats.connect({ name: "events-b" });
    const a = createNatsJobEventBus({ nc: nodeA.nc, logger }, { subject: `${nats.unique}.ev` });
    const b = createNatsJobEventBus({ nc: nc2, logger }, { subject: `${nats.unique}.ev` });
    cleanups.push(() => a.close(), () => b.close());
    const onA: JobEvent[] = [];
    const onB: JobEvent[] = [];
    const onB2: JobEvent[] = [];
    a.subscribe((e) => void onA.push(e));
    b.subscribe(() => {
      throw new Error("a broken listener");
    });
    b.subscribe((e) => void onB.push(e));
    b.subscribe((e) => void onB2.push(e));
    await nodeA.nc.flush();
    await nc2.flush();
    const sent: JobEvent[] = ["parsing", "chunking", "complete"].map((status, i) => ({
      jobId: crypto.randomUUID(),
      userId: crypto.randomUUID(),
      documentId: crypto.randomUUID(),
      status: status as JobEvent["status"],
      pct: i * 40,
      at: 1_700_000_000_000 + i,
    }));
    for (const e of sent) a.publish(e);
    nodeA.nc.publish(`${nats.unique}.ev.u.j`, "not json");
    await nodeA.nc.flush();
    const deadline = Date.now() + 5_000;
    while ((onA.length < 3 || onB.length < 3) && Date.now() < deadline) await Bun.sleep(10);
    await Bun.sleep(200); // a duplicate would arrive by now
    expect(onA).toEqual(sent);
    expect(onB).toEqual(sent);
    expect(onB2).toEqual(sent);
    expect(logger.at("warn", "job event listener failed").length).toBeGreaterThanOrEqual(3);
    expect(logger.at("warn", "malformed job event skipped").some((e) => (e.obj as { natsSubject?: string }).natsSubject === `${nats.unique}.ev.u.j`)).toBe(true);
  });

  test("two nodes with concurrency 1 each share 6 jobs", async () => {
    const { wq, stream } = await workQueueOn(nodeA.nc);
    const { wq: wqB } = await workQueueOn(nodeB.nc, { stream });
    const queueA = clusterQueue(nodeA, wq, { concurrency: 1 });
    clusterQueue(nodeB, wqB, { concurrency: 1 });
    embedDelayMs = 150;
    const submitted = [];
    for (let i = 0; i < 6; i++) submitted.push(await submit(queueA, [numberedSentences(6, 600 + i * 10).join(" ")]));
    const started = performance.now();
    const results = await Promise.all(submitted.map((s) => queueA.whenDone(s.job.id)));
    console.log(`[cluster-queue] 6 jobs on 2 nodes × concurrency 1: ${Math.round(performance.now() - started)} ms`);
    expect(results.map((r) => r.status)).toEqual(Array(6).fill("complete"));
    const nodes = await Promise.all(submitted.map(async (s) => (await tdb.repos.jobs.get(s.user.id, s.job.id))?.nodeId));
    const perNode = { a: nodes.filter((n) => n === "node-a").length, b: nodes.filter((n) => n === "node-b").length };
    console.log(`[cluster-queue] jobs per node: ${JSON.stringify(perNode)}`);
    expect(perNode.a + perNode.b).toBe(6);
    expect(perNode.a).toBeGreaterThanOrEqual(1);
    expect(perNode.b).toBeGreaterThanOrEqual(1);
  }, JOB_TIMEOUT_MS);

  test("whenDone resolves at once for a job that completed before it was called", async () => {
    const pages = [numberedSentences(7, 700).join(" ")];
    const { wq } = await workQueueOn(nodeA.nc);
    const worker = clusterQueue(nodeA, wq);
    const { job } = await submit(worker, pages);
    await worker.whenDone(job.id);
    const apiOnly = clusterQueue(nodeB, wq, { processJobs: false });
    const started = performance.now();
    const result = await apiOnly.whenDone(job.id);
    const elapsedMs = performance.now() - started;
    console.log(`[cluster-queue] whenDone of a finished job: ${elapsedMs.toFixed(1)} ms`);
    expect(result).toMatchObject({ jobId: job.id, status: "complete", chunks: expectedChunks(pages), pages: 1, nodeId: "node-a" });
    expect(elapsedMs).toBeLessThan(400);
    expect(apiOnly.pending).toBe(0);
  }, JOB_TIMEOUT_MS);

  test("requeueUnfinished re-enqueues a job that never reached the queue, and it completes", async () => {
    const pages = [numberedSentences(8, 800).join(" ")];
    const { wq } = await workQueueOn(nodeA.nc);
    const queue = clusterQueue(nodeA, wq);
    const user = await createTestUser(tdb.repos);
    const bytes = makePdf(pages);
    const sha256 = new Bun.CryptoHasher("sha256").update(bytes).digest("hex");
    const documentId = Bun.randomUUIDv5(sha256, user.id);
    const storageKey = `${user.id}/${documentId}.pdf`;
    await blobs.put(storageKey, bytes);
    const jobId = Bun.randomUUIDv7();
    await tdb.repos.documents.createWithJob({ id: documentId, userId: user.id, filename: "orphan.pdf", bytes: bytes.byteLength, sha256, contentType: "application/pdf", storageKey }, jobId);
    await tdb.handle.db.execute(sql`update jobs set updated_at = now() - interval '5 minutes' where id = ${jobId}::uuid`);
    expect(await queue.requeueUnfinished()).toBe(1);
    expect(await queue.whenDone(jobId)).toMatchObject({ status: "complete", chunks: expectedChunks(pages) });
    expect(await queue.requeueUnfinished()).toBe(0);
  }, JOB_TIMEOUT_MS);

  test("an item whose deliveries ran out without an outcome fails its job with max_deliveries", async () => {
    const ncCrash = await nats.connect({ name: "crashing-worker" });
    const { wq: crashing, stream } = await workQueueOn(ncCrash, { maxDeliveries: 1, ackWaitMs: 500 });
    let grabbed!: () => void;
    const got = new Promise<void>((resolve) => (grabbed = resolve));
    crashing.process(async () => {
      grabbed();
      return new Promise(() => {}); // the worker "dies" mid-job: its connection closes below
    }, { concurrency: 1 });
    const { wq } = await workQueueOn(nodeA.nc, { stream, maxDeliveries: 1, ackWaitMs: 500 });
    const apiOnly = clusterQueue(nodeA, wq, { processJobs: false });
    const user = await createTestUser(tdb.repos);
    const events = collect(nodeA.events, user.id);
    const { job } = await submit(apiOnly, [numberedSentences(6, 900).join(" ")], user);
    await got;
    await ncCrash.close();
    const survivor = clusterQueue(nodeA, wq);
    expect(await survivor.whenDone(job.id)).toMatchObject({ status: "failed" });
    const failed = await events.failures(1);
    events.stop();
    expect(await tdb.repos.jobs.get(user.id, job.id)).toMatchObject({
      status: "failed",
      attempts: 0,
      lastError: { code: "max_deliveries", message: "ingestion gave up after 1 deliveries (a worker stopped mid-job each time)" },
    });
    expect(failed.map((e) => e.error?.code)).toEqual(["max_deliveries"]);
    expect(events.seen).toHaveLength(1); // the crashed worker never reported progress
  }, JOB_TIMEOUT_MS);

  test("an ask that fails on every delivery is retried, then fails the job with the error's code on the last", async () => {
    const { wq } = await workQueueOn(nodeA.nc, { maxDeliveries: 2 });
    const queue = clusterQueue(nodeA, wq, { kind: "no-such-kind" });
    const user = await createTestUser(tdb.repos);
    const events = collect(nodeA.events, user.id);
    const { job } = await submit(queue, [numberedSentences(6, 1000).join(" ")], user);
    expect(await queue.whenDone(job.id)).toMatchObject({ status: "failed", chunks: 0 });
    const failed = await events.failures(1);
    events.stop();
    const row = await tdb.repos.jobs.get(user.id, job.id);
    expect(row).toMatchObject({ status: "failed", attempts: 0, lastError: { code: "unknown_actor_kind" } });
    expect(failed.map((e) => e.error?.code)).toEqual(["unknown_actor_kind"]);
    const retried = logger.at("warn", "ingestion delivery failed; it will be delivered again").filter((e) => (e.bindings as { jobId?: string }).jobId === job.id);
    expect(retried.map((e) => (e.bindings as { delivery?: number }).delivery)).toEqual([1]);
    expect(await settledPending(wq)).toBe(0);
  }, JOB_TIMEOUT_MS);

  test("whenDone of a deleted job resolves as failed; close abandons the waits still pending", async () => {
    const { wq } = await workQueueOn(nodeA.nc);
    const queue = clusterQueue(nodeA, wq, { processJobs: false });
    const { user, job, document } = await submit(queue, [numberedSentences(6, 1100).join(" ")]);
    const waiting = queue.whenDone(job.id).then(() => "resolved", (e: unknown) => e);
    await Bun.sleep(50);
    await queue.close();
    expect(await waiting).toMatchObject({ code: "queue_closed" });
    await expect(queue.enqueue({ type: "ingest", v: 1, jobId: job.id, userId: user.id, documentId: document.id })).rejects.toMatchObject({ code: "queue_closed" });
    expect(await tdb.repos.documents.delete(user.id, document.id)).toBeDefined();
    const other = clusterQueue(nodeA, wq, { processJobs: false });
    expect(await other.whenDone(job.id)).toEqual({ jobId: job.id, status: "failed", chunks: 0, pages: 0, durationMs: 0 });
  }, JOB_TIMEOUT_MS);

  test("enqueue on a broker that cannot take the job is QueueUnavailableError", async () => {
    const nc = await nats.connect({ name: "doomed" });
    const { wq } = await workQueueOn(nc);
    const queue = clusterQueue(nodeA, wq, { processJobs: false });
    await nc.close();
    const job: IngestDocument = { type: "ingest", v: 1, jobId: crypto.randomUUID(), userId: crypto.randomUUID(), documentId: crypto.randomUUID() };
    const error = await queue.enqueue(job).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(QueueUnavailableError);
    expect(error).toMatchObject({ code: "queue_unavailable", jobId: job.jobId });
    expect((error as Error).cause).toBeInstanceOf(Error);
    // Through the document service, the refused upload leaves no document or job behind.
    const user = await createTestUser(tdb.repos);
    const refused = await submit(queue, [numberedSentences(6, 1200).join(" ")], user).then(() => undefined, (e: unknown) => e);
    expect(refused).toBeInstanceOf(QueueUnavailableError);
    expect(await tdb.repos.documents.list(user.id)).toEqual([]);
  });

  test("options are validated once, naming the option", async () => {
    const { wq } = await workQueueOn(nodeA.nc);
    const deps = { workQueue: wq, jobs: tdb.repos.jobs, documents: tdb.repos.documents, events: nodeA.events, refFor: () => { throw new Error("unused"); }, logger, clock };
    expect(() => createClusterIngestionQueue(deps, { concurrency: 0, processJobs: true })).toThrow(/"concurrency"/);
    expect(() => createClusterIngestionQueue(deps, { concurrency: 1, processJobs: "yes" as unknown as boolean })).toThrow(/"processJobs"/);
    expect(() => createClusterIngestionQueue(deps, { concurrency: 1, processJobs: false, orphanAgeMs: -1 })).toThrow(/"orphanAgeMs"/);
    expect(() => createClusterIngestionQueue(deps, { concurrency: 1, processJobs: false, timeoutMs: 1.5 })).toThrow(RangeError);
    expect(() => createClusterIngestionQueue(deps, { concurrency: 1, processJobs: false, extra: 1 } as never)).toThrow(/unknown option "extra"/);
    expect(() => createNatsJobEventBus({ nc: nodeA.nc, logger }, { subject: "a.*" })).toThrow(RangeError);
  });
});
