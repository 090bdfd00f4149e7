/**
 * The composition root: builds the database, repositories, providers, actor system, ingestion
 * queue and HTTP app from a {@link NavigatorConfig}. The embedded default and (later) the cluster
 * run this same code; only the factories chosen here differ.
 */
import { createUserAgentBehavior, isAgentFailure, USER_AGENT_KIND } from "../actors/agent/index.ts";
import {
  createDocumentService,
  createIngestionWorkers,
  createIngestionBehavior,
  INGESTION_ACTOR_KIND,
  type DocumentService,
  type IngestionQueue,
  type IngestionWorkers,
  type JobEventBus,
} from "../actors/ingestion/index.ts";
import type { ChatTurnResult, ChatRequest, IngestDocument, IngestResult } from "../actors/messages.ts";
import { createDatabase, type DatabaseHandle, type Repositories } from "../db/index.ts";
import { HASHED_MODEL_ID } from "../rag/embeddings/index.ts";
import type { Retriever } from "../rag/retriever/index.ts";
import type { Embedder } from "../rag/types.ts";
import { createActorSystem, type ActorSystem, type Clock, type Logger } from "../runtime/index.ts";
import { createHttpApp, type HttpApp } from "../http/app.ts";
import { createMetrics, startMetricsServer, type Metrics, type MetricsServer } from "./telemetry/index.ts";
import type { NavigatorConfig } from "./config.ts";
import { createMessaging, type Messaging } from "./messaging.ts";
import { blobStoreFor, databaseOptions, prepareSchema } from "./storage.ts";
import { assertEmbeddingModel, chunkerFor, ocrFor, providersFor } from "./providers.ts";
import { lockDataDir, preparePrivateDataDir, tightenModes, type DataDirLock } from "./data-dir.ts";
import { healthRoutes } from "../http/health.ts";
import { healthDeps } from "./health-deps.ts";
import { loadOrCreateSecret } from "./secret.ts";
import { NAVIGATOR_VERSION } from "./version.ts";
import { repositoriesFor, retrieverFor } from "./repositories.ts";

export { HEALTH_DATABASE_TIMEOUT_MS } from "./health-deps.ts";

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
  /** The ingestion worker pool (nodes with the `ingest` role). */
  readonly workers?: IngestionWorkers;
  /** Starts the HTTP server on `config.port` (0 picks a free port); resolves with the bound port. */
  listen(): Promise<{ port: number; url: string }>;
  /**
   * Serves only `/health`, `/health/live` and `/health/ready` on `config.healthPort` (HEALTH_PORT),
   * for nodes without the api role; stopped last by `close`. Resolves with the bound port, or
   * undefined when HEALTH_PORT is not set.
   */
  listenHealth(): Promise<{ port: number; url: string } | undefined>;
  /** Whether a stop has begun (then `/health/ready` answers 503). */
  readonly stopping: boolean;
  /** How this process talks to the others (embedded or cluster). */
  readonly messaging: Messaging;
  /** This process's metrics (served at `GET /metrics`, and on `METRICS_PORT` when set). */
  readonly metrics: Metrics;
  /** Port of the `METRICS_PORT` listener, when one was started. */
  readonly metricsPort?: number;
  /**
   * Graceful stop within `timeoutMs` (default `config.shutdownTimeoutMs`): stops HTTP and
   * ingestion pulls, finishes or naks in-flight work, releases leases, drains NATS, closes the
   * database. Idempotent; never rejects.
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

/**
 * Builds a Navigator: embedded (everything in this process) without `NATS_URL`, otherwise one
 * node of a cluster hosting the actor kinds of its roles. Migrates the embedded database on
 * start, PostgreSQL only with `migrateOnStart` (SchemaOutdatedError when it is behind);
 * re-queues ingestion jobs a previous process left unfinished (cluster: on ingest nodes, only
 * jobs that never reached the stream).
 * @throws ConfigError-like errors from the factories, the database driver's or the NATS
 *   client's error when they cannot be reached; EmbeddingModelMismatchError (after closing the
 *   database) when stored chunks were embedded by another model than the configured embedder's.
 */
export async function createNavigator(config: NavigatorConfig, deps: { logger: Logger; clock?: Clock; command?: string; metrics?: Metrics }): Promise<Navigator> {
  await preparePrivateDataDir(config.dataDir);
  // The embedded database allows one process per DATA_DIR (PostgreSQL is shared by design).
  const lock = config.databaseUrl ? undefined : lockDataDir(config.dataDir, deps.command ?? `navigator ${process.argv[2] ?? ""}`.trim());
  try {
    return await openNavigator(config, deps, lock);
  } catch (error) {
    lock?.release();
    throw error;
  }
}

async function openNavigator(config: NavigatorConfig, deps: { logger: Logger; clock?: Clock; metrics?: Metrics }, lock: DataDirLock | undefined): Promise<Navigator> {
  const logger = deps.logger;
  const clock = deps.clock ?? { now: () => Date.now() };
  // One registry per process, its instruments handed to each layer as that layer's observer.
  const metrics = deps.metrics ?? createMetrics({ defaultLabels: { node_id: config.nodeId } });
  const database = await createDatabase(databaseOptions(config));
  await prepareSchema(database, config.migrateOnStart, logger, config.vector.index, config.vector.textIndex);
  if (database.kind === "pglite") await tightenModes(config.dataDir);
  const { repos, localVersion } = repositoriesFor(database, config, metrics);
  const blobs = blobStoreFor(config);
  // Embedder, synthesizer and PDF reader by configuration (EMBEDDING_PROVIDER, CHAT_PROVIDER, LLAMA_CLOUD_API_KEY).
  const { embedder, synthesizer, reader, similarityThreshold, rewriter } = providersFor(config, { logger, observer: metrics.providers });
  await assertEmbeddingModel(repos, embedder).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  const { retriever, turnScope } = retrieverFor({ repos, localVersion, embedder }, { config, similarityThreshold });
  // The retriever admits candidates (vector side: similarity ≥ threshold); the synthesizer decides `found` over them.
  const messaging = await createMessaging(config, { repos, logger, clock, observer: metrics.runtime }).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  const { events } = messaging;
  const cluster = messaging.mode === "cluster";

  const system = createActorSystem(
    { logger: logger.child({ component: "actors" }), clock, transport: messaging.transport, placement: messaging.placement, observer: metrics.runtime },
    { nodeId: config.nodeId, hostedKinds: cluster ? messaging.hostedKinds : undefined, shutdownTimeoutMs: config.shutdownTimeoutMs },
  );
  // Parse → chunk → embed (local embedder) in a pool of Bun Workers, off the HTTP event loop.
  const llamaCloud = config.providers.llamaCloud;
  const workers = config.roles.includes("ingest")
    ? createIngestionWorkers(
        { logger },
        {
          size: config.ingestWorkers.size,
          parseTimeoutMs: config.ingestWorkers.parseTimeoutMs,
          parseSplit: config.ingestWorkers.parseSplit,
          limits: config.ingestWorkers.limits,
          embedHashed: embedder.model === HASHED_MODEL_ID,
          reader: llamaCloud ? { llamaCloud: { apiKey: llamaCloud.apiKey, baseUrl: llamaCloud.baseUrl } } : {},
        },
      )
    : undefined;
  if (config.roles.includes("ingest")) {
    system.register(
      INGESTION_ACTOR_KIND,
      createIngestionBehavior({ repos, blobs, embedder, reader, chunker: chunkerFor(config), prepare: workers?.prepare, events, logger, clock, ocr: ocrFor(config, { logger }), ocrMaxPages: config.ocrMaxPages, observer: metrics.ingestion }),
      {
      mailboxCapacity: 1024,
    });
  }
  if (config.roles.includes("agent")) {
    system.register(USER_AGENT_KIND, createUserAgentBehavior({ repos, retriever, synthesizer, rewriter, clock, streams: messaging.chatStreams, observer: metrics.chat, turnScope }), {
      mailboxCapacity: config.agentMailboxCapacity,
      idleTimeoutMs: config.agentIdleTimeoutMs,
      maxInflightAsks: config.agentMaxInflight,
      isFailure: isAgentFailure,
    });
  }
  await system.ready();
  const queue = messaging.createQueue((id) => system.ref<IngestDocument, IngestResult>(INGESTION_ACTOR_KIND, id));
  const documents = createDocumentService({ repos, blobs, queue }, { maxUploadBytes: config.maxUploadBytes });
  if (config.roles.includes("ingest")) {
    const requeued = await queue.requeueUnfinished();
    if (requeued > 0) logger.info({ requeued }, "re-queued unfinished ingestion jobs");
  }

  metrics.setSources({
    actors: () => system.stats(),
    ingestionBacklog: () => messaging.backlog(),
    natsStatus: () => messaging.status(),
    database: config.databaseUrl ? { system: "postgresql", poolMax: config.databasePoolSize } : { system: "pglite", poolMax: 1 },
  });

  const secret = config.jwtSecret ?? (await loadOrCreateSecret(config.dataDir));
  const startedAt = clock.now();
  let stopping = false;
  const health = healthDeps({ config, database, messaging, blobs, queue, system, clock }, { startedAt, stopping: () => stopping });
  const streamsClosing = new AbortController();
  const app = createHttpApp(
    {
      repos,
      documents,
      blobs,
      counters: messaging.counters,
      logger,
      chat: {
        agentFor: (userId) => system.ref<ChatRequest, ChatTurnResult>(USER_AGENT_KIND, userId),
        maxMessageChars: config.maxMessageChars,
        timeoutMs: config.chatTimeoutMs,
      },
      streaming: {
        chatStreams: messaging.chatStreams,
        events,
        heartbeatMs: config.streamHeartbeatMs,
        wsAuthTimeoutMs: config.wsAuthTimeoutMs,
        closing: streamsClosing.signal,
      },
      metrics,
      httpObserver: metrics.http,
      health,
    },
    {
      auth: { secret, ttlSeconds: config.jwtTtlSeconds },
      maxUploadBytes: config.maxUploadBytes,
      version: NAVIGATOR_VERSION,
      security: { ...config.security, hsts: config.security.trustProxyTls || Boolean(config.security.tls.certPath) },
    },
  );

  let server: { stop(closeActive?: boolean): unknown } | undefined;
  let healthServer: ReturnType<typeof Bun.serve> | undefined;
  let closing: Promise<void> | undefined;
  // Every node (api-less agent and ingest nodes too) can be scraped on METRICS_PORT.
  let metricsServer: MetricsServer | undefined;
  if (config.telemetry.metricsPort !== undefined) {
    try {
      metricsServer = startMetricsServer(metrics, { port: config.telemetry.metricsPort, host: config.host });
    } catch (error) {
      await shutdown(config.shutdownTimeoutMs);
      throw error;
    }
    logger.info({ port: metricsServer.port }, "metrics listening");
  }
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
    messaging,
    metrics,
    ...(metricsServer ? { metricsPort: metricsServer.port } : {}),
    workers,
    async listen() {
      const { certPath, keyPath } = config.security.tls;
      // TLS_CERT_PATH / TLS_KEY_PATH: HTTPS and WSS served directly.
      const tls = certPath && keyPath ? { cert: Bun.file(certPath), key: Bun.file(keyPath) } : undefined;
      app.listen({ port: config.port, hostname: config.host, ...(tls ? { tls } : {}) });
      server = app.server ?? undefined;
      const port = app.server?.port ?? config.port;
      const url = `${tls ? "https" : "http"}://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${port}`;
      lock?.setUrl(url);
      return { port, url };
    },
    async listenHealth() {
      if (config.healthPort === undefined) return undefined;
      const routes = healthRoutes({ ...health, version: NAVIGATOR_VERSION });
      healthServer = Bun.serve({ port: config.healthPort, hostname: config.host, fetch: (request) => routes.handle(request) });
      const port = healthServer.port ?? config.healthPort;
      return { port, url: `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${port}` };
    },
    get stopping() {
      return stopping;
    },
    close(options = {}) {
      // Readiness turns 503 now, before anything drains.
      stopping = true;
      closing ??= shutdown(options.timeoutMs ?? config.shutdownTimeoutMs);
      return closing;
    },
  };

  /**
   * Stops taking work (HTTP first, then ingestion pulls), lets in-flight work finish within the
   * deadline (unfinished jobs are nak'ed for another node), passivates actors (releasing their
   * leases), then closes NATS and the database.
   */
  async function shutdown(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    const left = () => Math.max(0, Math.floor(deadline - performance.now()));
    const log = logger.child({ component: "shutdown" });
    const step = async (name: string, fn: () => Promise<unknown> | unknown) => {
      try {
        await fn();
      } catch (error) {
        log.warn({ err: String(error) }, `${name} failed`);
      }
    };
    await step("streams", () => streamsClosing.abort()); // SSE streams end, WebSockets close with 1001
    await step("http", () => server?.stop(false));
    await step("ingestion queue", () => queue.close());
    await step("actors", () => system.shutdown({ timeoutMs: left() }));
    await step("ingestion workers", () => workers?.close());
    await step("messaging", () => messaging.close());
    await step("http connections", () => server?.stop(true));
    await step("metrics", async () => {
      await metricsServer?.stop();
      if (!deps.metrics) metrics.stop();
    });
    await step("database", () => database.close());
    if (database.kind === "pglite") await step("file modes", () => tightenModes(config.dataDir));
    await step("health listener", () => healthServer?.stop(true));
    lock?.release();
    log.info({ leftMs: left() }, "stopped");
  }
}
