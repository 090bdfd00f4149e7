/**
 * The composition root: builds the database, repositories, providers, actor system, ingestion
 * queue and HTTP app from a {@link NavigatorConfig}. The embedded default and (later) the cluster
 * run this same code; only the factories chosen here differ.
 */
import { mkdir, chmod } from "node:fs/promises";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { createUserAgentBehavior, USER_AGENT_KIND } from "../actors/agent/index.ts";
import {
  createDocumentService,
  createIngestionBehavior,
  createIngestionQueue,
  createJobEventBus,
  INGESTION_ACTOR_KIND,
  type DocumentService,
  type IngestionQueue,
  type JobEventBus,
} from "../actors/ingestion/index.ts";
import type { ChatReply, ChatRequest, IngestDocument, IngestResult } from "../actors/messages.ts";
import { createDatabase, createFileBlobStore, createRepositories, migrate, type DatabaseHandle, type Repositories } from "../db/index.ts";
import { createHashedEmbedder, HASHED_SIMILARITY_THRESHOLD } from "../rag/embeddings/index.ts";
import { rerank } from "../rag/rerank/index.ts";
import { createRetriever, type Retriever } from "../rag/retriever/index.ts";
import { createExtractiveSynthesizer } from "../rag/synthesizer/index.ts";
import type { Embedder } from "../rag/types.ts";
import { createActorSystem, type ActorSystem, type Clock, type Logger } from "../runtime/index.ts";
import { createHttpApp, type HttpApp } from "./app.ts";
import type { NavigatorConfig } from "./config.ts";

/** Package version, reported by `/health` and `/docs`. */
export const NAVIGATOR_VERSION = "0.1.0";

/** A running Navigator (not yet listening). */
export interface Navigator {
  readonly config: NavigatorConfig;
  readonly app: HttpApp;
  readonly system: ActorSystem;
  readonly repos: Repositories;
  readonly database: DatabaseHandle;
  readonly queue: IngestionQueue;
  readonly events: JobEventBus;
  readonly documents: DocumentService;
  readonly embedder: Embedder;
  readonly retriever: Retriever;
  /** Starts the HTTP server on `config.port` (0 picks a free port); resolves with the bound port. */
  listen(): Promise<{ port: number; url: string }>;
  /** Stops HTTP, drains actors and the queue, closes the database. */
  close(): Promise<void>;
}

/**
 * Builds a Navigator. Migrates the embedded database on start (it is ours); re-queues ingestion
 * jobs a previous process left unfinished.
 * @throws ConfigError-like errors from the factories, or the database driver's error.
 */
export async function createNavigator(config: NavigatorConfig, deps: { logger: Logger; clock?: Clock }): Promise<Navigator> {
  const logger = deps.logger;
  const clock = deps.clock ?? { now: () => Date.now() };
  await mkdir(config.dataDir, { recursive: true });
  const database = await createDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: join(config.dataDir, "pglite") });
  await migrate(database);
  const repos = createRepositories(database.db);
  const blobs = createFileBlobStore(join(config.dataDir, "blobs"));
  const embedder = createHashedEmbedder();
  const similarityThreshold = config.similarityThreshold ?? HASHED_SIMILARITY_THRESHOLD;
  const retriever = createRetriever(
    { embedder, search: (userId, vector, o) => repos.chunks.search(userId, vector, o), rerank },
    { topK: config.topK, similarityThreshold },
  );
  const synthesizer = createExtractiveSynthesizer({ similarityThreshold });
  const events = createJobEventBus((error) => logger.warn({ err: String(error) }, "job event listener failed"));

  const system = createActorSystem({ logger: logger.child({ component: "actors" }), clock });
  system.register(INGESTION_ACTOR_KIND, createIngestionBehavior({ repos, blobs, embedder, events, logger, clock }), {
    mailboxCapacity: 1024,
  });
  system.register(USER_AGENT_KIND, createUserAgentBehavior({ repos, retriever, synthesizer, clock }), {
    mailboxCapacity: config.agentMailboxCapacity,
    idleTimeoutMs: config.agentIdleTimeoutMs,
  });
  const queue = createIngestionQueue(
    { jobs: repos.jobs, logger, refFor: (id) => system.ref<IngestDocument, IngestResult>(INGESTION_ACTOR_KIND, id) },
    { concurrency: config.ingestConcurrency },
  );
  const documents = createDocumentService({ repos, blobs, queue }, { maxUploadBytes: config.maxUploadBytes });
  const requeued = await queue.requeueUnfinished();
  if (requeued > 0) logger.info({ requeued }, "re-queued unfinished ingestion jobs");

  const secret = config.jwtSecret ?? (await loadOrCreateSecret(config.dataDir));
  const startedAt = clock.now();
  const app = createHttpApp(
    {
      repos,
      documents,
      logger,
      chat: {
        agentFor: (userId) => system.ref<ChatRequest, ChatReply>(USER_AGENT_KIND, userId),
        maxMessageChars: config.maxMessageChars,
        timeoutMs: config.chatTimeoutMs,
      },
      health: async () => {
        await database.db.execute(sql`select 1`);
        return {
          status: "ok",
          database: database.kind,
          uptime_s: Math.round((clock.now() - startedAt) / 1000),
          node_id: system.nodeId,
          ingestion_pending: queue.pending,
        };
      },
    },
    { auth: { secret, ttlSeconds: config.jwtTtlSeconds }, maxUploadBytes: config.maxUploadBytes, version: NAVIGATOR_VERSION },
  );

  let server: { stop(closeActive?: boolean): unknown } | undefined;
  return {
    config,
    app,
    system,
    repos,
    database,
    queue,
    events,
    documents,
    embedder,
    retriever,
    async listen() {
      app.listen({ port: config.port, hostname: config.host });
      server = app.server ?? undefined;
      const port = app.server?.port ?? config.port;
      return { port, url: `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${port}` };
    },
    async close() {
      await server?.stop(true);
      await queue.close();
      await system.shutdown();
      await database.close();
    },
  };
}

/** Reads `DATA_DIR/jwt-secret`, creating it (48 random bytes, mode 0600) on first start. */
async function loadOrCreateSecret(dataDir: string): Promise<string> {
  const file = Bun.file(join(dataDir, "jwt-secret"));
  if (await file.exists()) return (await file.text()).trim();
  const secret = Buffer.from(crypto.getRandomValues(new Uint8Array(48))).toString("base64url");
  await Bun.write(file, secret);
  await chmod(join(dataDir, "jwt-secret"), 0o600);
  return secret;
}
