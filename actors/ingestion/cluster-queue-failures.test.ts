/**
 * Failures on the cluster ingestion path (private nats-server, PGlite, real actor systems): final
 * and retryable errors, exhausted deliveries, failing asks, closed queues and a broker that refuses
 * the job. The completed path is in ./cluster-queue.test.ts.
 */
import { describe, expect, test } from "bun:test";
import { createTestUser, useTestDatabase } from "../../test/support/db.ts";
import { numberedSentences } from "../../test/support/ingestion.ts";
import { checkNats, useNats } from "../../test/support/nats.ts";
import { makeGarbagePdf } from "../../test/support/pdf.ts";
import type { IngestDocument } from "../messages.ts";
import { QueueUnavailableError } from "./index.ts";
import { EMBED_FAIL_WORD, JOB_TIMEOUT_MS, useClusterIngestion } from "../../test/support/ingestion-fixture.ts";

const check = checkNats();
const nats = useNats();
const tdb = useTestDatabase();

test("NATS is available (fails under CI=true when missing, skips the suite otherwise)", () => {
  if (check.mustFail) throw new Error(check.reason);
  if (!check.available) console.warn(`[cluster-queue] ${check.reason}`);
});

describe.skipIf(!check.available)("cluster ingestion queue", () => {
  const cluster = useClusterIngestion({ nats, tdb });
  const { logger, workQueueOn, clusterQueue, submit, settledPending, collect } = cluster;

  test("a non-retryable failure fails the job on delivery 1 and is not delivered again", async () => {
    const { wq } = await workQueueOn(cluster.nodeA.nc);
    const queue = clusterQueue(cluster.nodeA, wq);
    const user = await createTestUser(tdb.repos);
    const events = collect(cluster.nodeA.events, user.id);
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
    const { wq } = await workQueueOn(cluster.nodeA.nc, { maxDeliveries: 2 });
    const queue = clusterQueue(cluster.nodeA, wq);
    const user = await createTestUser(tdb.repos);
    const events = collect(cluster.nodeA.events, user.id);
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

  test("an item whose deliveries ran out without an outcome fails its job with max_deliveries", async () => {
    const ncCrash = await nats.connect({ name: "crashing-worker" });
    const { wq: crashing, stream } = await workQueueOn(ncCrash, { maxDeliveries: 1, ackWaitMs: 500 });
    let grabbed!: () => void;
    const got = new Promise<void>((resolve) => (grabbed = resolve));
    crashing.process(async () => {
      grabbed();
      return new Promise(() => {}); // the worker "dies" mid-job: its connection closes below
    }, { concurrency: 1 });
    const { wq } = await workQueueOn(cluster.nodeA.nc, { stream, maxDeliveries: 1, ackWaitMs: 500 });
    const apiOnly = clusterQueue(cluster.nodeA, wq, { processJobs: false });
    const user = await createTestUser(tdb.repos);
    const events = collect(cluster.nodeA.events, user.id);
    const { job } = await submit(apiOnly, [numberedSentences(6, 900).join(" ")], user);
    await got;
    await ncCrash.close();
    const survivor = clusterQueue(cluster.nodeA, wq);
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
    const { wq } = await workQueueOn(cluster.nodeA.nc, { maxDeliveries: 2 });
    const queue = clusterQueue(cluster.nodeA, wq, { kind: "no-such-kind" });
    const user = await createTestUser(tdb.repos);
    const events = collect(cluster.nodeA.events, user.id);
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
    const { wq } = await workQueueOn(cluster.nodeA.nc);
    const queue = clusterQueue(cluster.nodeA, wq, { processJobs: false });
    const { user, job, document } = await submit(queue, [numberedSentences(6, 1100).join(" ")]);
    const waiting = queue.whenDone(job.id).then(() => "resolved", (e: unknown) => e);
    await Bun.sleep(50);
    await queue.close();
    expect(await waiting).toMatchObject({ code: "queue_closed" });
    await expect(queue.enqueue({ type: "ingest", v: 1, jobId: job.id, userId: user.id, documentId: document.id })).rejects.toMatchObject({ code: "queue_closed" });
    expect(await tdb.repos.documents.delete(user.id, document.id)).toBeDefined();
    const other = clusterQueue(cluster.nodeA, wq, { processJobs: false });
    expect(await other.whenDone(job.id)).toEqual({ jobId: job.id, status: "failed", chunks: 0, pages: 0, durationMs: 0 });
  }, JOB_TIMEOUT_MS);

  test("enqueue on a broker that cannot take the job is QueueUnavailableError", async () => {
    const nc = await nats.connect({ name: "doomed" });
    const { wq } = await workQueueOn(nc);
    const queue = clusterQueue(cluster.nodeA, wq, { processJobs: false });
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
});
