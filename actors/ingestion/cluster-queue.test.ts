/**
 * The cluster ingestion path end to end: a private nats-server (JetStream work queue + job events),
 * PGlite, real actor systems running the real ingestion behaviour, test PDFs and a file blob store.
 * Completed jobs, distribution, job events and options here; failures in ./cluster-queue-failures.test.ts.
 */
import { describe, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { activeTraceId, withSpan } from "../../runtime/tracing/index.ts";
import { createTestUser, useTestDatabase } from "../../test/support/db.ts";
import { numberedSentences } from "../../test/support/ingestion.ts";
import { checkNats, useNats } from "../../test/support/nats.ts";
import { makePdf } from "../../test/support/pdf.ts";
import type { JobEvent } from "../messages.ts";
import { createClusterIngestionQueue, createIngestionQueue, createNatsJobEventBus, INGESTION_ACTOR_KIND } from "./index.ts";
import { expectedChunks, JOB_TIMEOUT_MS, recordUnqueuedJob, useClusterIngestion } from "../../test/support/ingestion-fixture.ts";

const check = checkNats();
const nats = useNats();
const tdb = useTestDatabase();

test("NATS is available (fails under CI=true when missing, skips the suite otherwise)", () => {
  if (check.mustFail) throw new Error(check.reason);
  if (!check.available) console.warn(`[cluster-queue] ${check.reason}`);
});

describe.skipIf(!check.available)("cluster ingestion queue", () => {
  const cluster = useClusterIngestion({ nats, tdb });
  const { logger, clock, exporter, failReads, cleanups, workQueueOn, clusterQueue, submit, settledPending } = cluster;

  test("an upload through the cluster queue completes with the same chunks as the embedded path", async () => {
    const pages = [numberedSentences(14, 100).join(" "), numberedSentences(11, 200).join(" ")];
    const { wq } = await workQueueOn(cluster.nodeA.nc);
    const queue = clusterQueue(cluster.nodeA, wq);
    const { user, job, document } = await submit(queue, pages);
    const result = await queue.whenDone(job.id);
    expect(result).toMatchObject({ jobId: job.id, status: "complete", chunks: expectedChunks(pages).length, pages: 2, nodeId: "node-a" });

    const embedded = createIngestionQueue({ jobs: tdb.repos.jobs, logger, refFor: (id) => cluster.nodeA.system.ref(INGESTION_ACTOR_KIND, id) });
    cleanups.push(() => embedded.close());
    const other = await submit(embedded, pages);
    const viaEmbedded = await embedded.whenDone(other.job.id);
    expect([viaEmbedded.status, viaEmbedded.chunks, viaEmbedded.pages]).toEqual(["complete", result.chunks, result.pages]);
    expect(await tdb.repos.chunks.countForDocument(user.id, document.id)).toBe(expectedChunks(pages).length);
    expect(await tdb.repos.jobs.get(user.id, job.id)).toMatchObject({ status: "complete", progressPct: 100, attempts: 1, lastError: null });
    expect(await settledPending(wq)).toBe(0);
    expect(queue.pending).toBe(0);
  }, JOB_TIMEOUT_MS);

  test("the job row records the node and the trace id of the attempt", async () => {
    const pages = [numberedSentences(8, 300).join(" ")];
    const { wq } = await workQueueOn(cluster.nodeA.nc);
    const queue = clusterQueue(cluster.nodeA, wq);
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
    const { wq } = await workQueueOn(cluster.nodeA.nc);
    const queue = clusterQueue(cluster.nodeA, wq);
    const user = await createTestUser(tdb.repos);
    failReads.set(user.id, 1);
    const { job } = await submit(queue, pages, user);
    const result = await queue.whenDone(job.id);
    expect(result).toMatchObject({ status: "complete", chunks: expectedChunks(pages).length });
    expect(failReads.get(user.id)).toBe(0);
    expect(await tdb.repos.jobs.get(user.id, job.id)).toMatchObject({ status: "complete", attempts: 2, lastError: null, nodeId: "node-a" });
    expect(logger.at("warn", "the queue will deliver it again").filter((e) => (e.bindings as { jobId?: string }).jobId === job.id)).toHaveLength(1);
  }, JOB_TIMEOUT_MS);

  test("events published by one bus reach every bus exactly once, including its own", async () => {
    const nc2 = await nats.connect({ name: "events-b" });
    const a = createNatsJobEventBus({ nc: cluster.nodeA.nc, logger }, { subject: `${nats.unique}.ev` });
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
    await cluster.nodeA.nc.flush();
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
    cluster.nodeA.nc.publish(`${nats.unique}.ev.u.j`, "not json");
    await cluster.nodeA.nc.flush();
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
    const { wq, stream } = await workQueueOn(cluster.nodeA.nc);
    const { wq: wqB } = await workQueueOn(cluster.nodeB.nc, { stream });
    const queueA = clusterQueue(cluster.nodeA, wq, { concurrency: 1 });
    clusterQueue(cluster.nodeB, wqB, { concurrency: 1 });
    cluster.embedDelayMs = 150;
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
    const { wq } = await workQueueOn(cluster.nodeA.nc);
    const worker = clusterQueue(cluster.nodeA, wq);
    const { job } = await submit(worker, pages);
    await worker.whenDone(job.id);
    const apiOnly = clusterQueue(cluster.nodeB, wq, { processJobs: false });
    const started = performance.now();
    const result = await apiOnly.whenDone(job.id);
    const elapsedMs = performance.now() - started;
    console.log(`[cluster-queue] whenDone of a finished job: ${elapsedMs.toFixed(1)} ms`);
    expect(result).toMatchObject({ jobId: job.id, status: "complete", chunks: expectedChunks(pages).length, pages: 1, nodeId: "node-a" });
    expect(elapsedMs).toBeLessThan(400);
    expect(apiOnly.pending).toBe(0);
  }, JOB_TIMEOUT_MS);

  test("requeueUnfinished re-enqueues a job that never reached the queue, and it completes", async () => {
    const pages = [numberedSentences(8, 800).join(" ")];
    const { wq } = await workQueueOn(cluster.nodeA.nc);
    const queue = clusterQueue(cluster.nodeA, wq);
    const user = await createTestUser(tdb.repos);
    const { jobId } = await recordUnqueuedJob({ repos: tdb.repos, blobs: cluster.blobs }, user.id, makePdf(pages), "orphan.pdf");
    await tdb.handle.db.execute(sql`update jobs set updated_at = now() - interval '5 minutes' where id = ${jobId}::uuid`);
    expect(await queue.requeueUnfinished()).toBe(1);
    expect(await queue.whenDone(jobId)).toMatchObject({ status: "complete", chunks: expectedChunks(pages).length });
    expect(await queue.requeueUnfinished()).toBe(0);
  }, JOB_TIMEOUT_MS);

  test("options are validated once, naming the option", async () => {
    const { wq } = await workQueueOn(cluster.nodeA.nc);
    const deps = { workQueue: wq, jobs: tdb.repos.jobs, documents: tdb.repos.documents, events: cluster.nodeA.events, refFor: () => { throw new Error("unused"); }, logger, clock };
    expect(() => createClusterIngestionQueue(deps, { concurrency: 0, processJobs: true })).toThrow(/"concurrency"/);
    expect(() => createClusterIngestionQueue(deps, { concurrency: 1, processJobs: "yes" as unknown as boolean })).toThrow(/"processJobs"/);
    expect(() => createClusterIngestionQueue(deps, { concurrency: 1, processJobs: false, orphanAgeMs: -1 })).toThrow(/"orphanAgeMs"/);
    expect(() => createClusterIngestionQueue(deps, { concurrency: 1, processJobs: false, timeoutMs: 1.5 })).toThrow(RangeError);
    expect(() => createClusterIngestionQueue(deps, { concurrency: 1, processJobs: false, extra: 1 } as never)).toThrow(/unknown option "extra"/);
    expect(() => createNatsJobEventBus({ nc: cluster.nodeA.nc, logger }, { subject: "a.*" })).toThrow(RangeError);
  });
});
