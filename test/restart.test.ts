/**
 * Process-restart durability (file blobs under DATA_DIR, PGlite there or the run's PostgreSQL
 * database): jobs a previous process accepted but did not finish are re-queued when the next one
 * starts, and complete.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { USER_AGENT_KIND } from "../actors/agent/index.ts";
import { createDocumentService } from "../actors/ingestion/index.ts";
import type { ChatTurnResult, ChatRequest } from "../actors/messages.ts";
import { createFileBlobStore } from "../db/index.ts";
import { loadConfig } from "../app/config.ts";
import { createNavigator, type Navigator } from "../app/navigator.ts";
import { sentence5 } from "../rag/splitter/index.ts";
import { createRecordingQueue, numberedSentences } from "./support/ingestion.ts";
import { scratchPostgres } from "./support/db.ts";
import { makePdf } from "./support/pdf.ts";
import type { TestPostgresDatabase } from "./support/postgres.ts";

const OPEN_TIMEOUT_MS = 60_000;
let dataDir: string;
/** Set when the run targets PostgreSQL: every "process" of this file uses the same database. */
let scratch: TestPostgresDatabase | undefined;
const open: Navigator[] = [];

async function start(): Promise<Navigator> {
  const config = loadConfig({}, { dataDir, port: 0, jwtSecret: "x".repeat(32), databaseUrl: scratch?.url });
  const nav = await createNavigator(config, { logger: pino({ level: "silent" }) });
  open.push(nav);
  return nav;
}

async function stop(nav: Navigator): Promise<void> {
  open.splice(open.indexOf(nav), 1);
  await nav.close();
}

/** Rejects when `promise` has not settled within `ms`, so a job never re-queued fails fast. */
function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const pagesOf = (from: number, pageCount: number) => Array.from({ length: pageCount }, (_, p) => numberedSentences(15, from + p * 15).join(" "));
const chunksOf = (pages: string[]) => sentence5(pages.map((text, i) => ({ page: i + 1, text }))).length;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "navigator-restart-"));
  scratch = await scratchPostgres();
}, OPEN_TIMEOUT_MS);

afterAll(async () => {
  for (const nav of open.splice(0)) await nav.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  await scratch?.drop();
});

describe("restart on the embedded default", () => {
  test(
    "jobs a previous process left queued or mid-way are re-queued on start and complete",
    async () => {
      const donePages = pagesOf(0, 2);
      const queuedPages = pagesOf(100, 3);
      const midwayPages = [...pagesOf(200, 2), "The Zorblax rider pays 4,321 dollars for each acupuncture course under this policy."];

      // First process: one upload fully processed, two accepted but never run (the process "dies"
      // between recording the job and dispatching it; one had got as far as "embedding").
      const first = await start();
      const userId = crypto.randomUUID();
      await first.repos.users.create({ id: userId, email: `restart-${userId}@example.test`, passwordHash: "h" });
      const done = await first.documents.submit(userId, { filename: "done.pdf", bytes: makePdf(donePages) });
      expect(await within(30_000, first.queue.whenDone(done.job.id), "first process job")).toMatchObject({ status: "complete" });
      const undispatched = createRecordingQueue();
      const dying = createDocumentService({ repos: first.repos, blobs: createFileBlobStore(join(dataDir, "blobs")), queue: undispatched });
      const queued = await dying.submit(userId, { filename: "queued.pdf", bytes: makePdf(queuedPages) });
      const midway = await dying.submit(userId, { filename: "midway.pdf", bytes: makePdf(midwayPages) });
      expect(undispatched.enqueued.map((m) => m.jobId)).toEqual([queued.job.id, midway.job.id]);
      expect((await first.repos.jobs.advance(midway.job.id, "embedding", 40))?.status).toBe("embedding");
      await stop(first);

      // Second process on the same DATA_DIR.
      const second = await start();
      const jobs = second.repos.jobs;
      expect((await jobs.get(userId, done.job.id))?.status).toBe("complete");
      const [queuedResult, midwayResult] = await within(
        60_000,
        Promise.all([second.queue.whenDone(queued.job.id), second.queue.whenDone(midway.job.id)]),
        "re-queued jobs",
      );
      expect(queuedResult).toMatchObject({ status: "complete", chunks: chunksOf(queuedPages), pages: 3 });
      expect(midwayResult).toMatchObject({ status: "complete", chunks: chunksOf(midwayPages), pages: 3 });
      expect(await jobs.get(userId, queued.job.id)).toMatchObject({ status: "complete", progressPct: 100, lastError: null });
      expect(await jobs.get(userId, midway.job.id)).toMatchObject({ status: "complete", progressPct: 100, lastError: null });
      expect((await jobs.listUnfinished()).filter((j) => j.userId === userId)).toEqual([]);

      const views = await second.repos.documents.list(userId);
      expect(Object.fromEntries(views.map((d) => [d.filename, [d.status, d.chunkCount]]))).toEqual({
        "done.pdf": ["complete", chunksOf(donePages)],
        "queued.pdf": ["complete", chunksOf(queuedPages)],
        "midway.pdf": ["complete", chunksOf(midwayPages)],
      });

      // The restarted process answers from the recovered document.
      const reply = await second.system
        .ref<ChatRequest, ChatTurnResult>(USER_AGENT_KIND, userId)
        .ask({ type: "chat", v: 1, userId, message: "How much does the Zorblax rider pay for acupuncture?" });
      expect(reply.found).toBe(true);
      expect(reply.sources[0]?.documentId).toBe(midway.document.id);
      expect(reply.text).toContain("4,321");
      await stop(second);

      // A third start finds nothing left to do, and everything is still there.
      const third = await start();
      expect(third.queue.pending).toBe(0);
      expect((await third.repos.documents.list(userId)).map((d) => d.status)).toEqual(["complete", "complete", "complete"]);
      expect(await third.repos.chunks.countForDocument(userId, midway.document.id)).toBe(chunksOf(midwayPages));
      await stop(third);
    },
    OPEN_TIMEOUT_MS * 3,
  );
});
