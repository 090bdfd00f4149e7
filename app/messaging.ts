/**
 * How this process talks to the rest of Navigator, chosen from the configuration: in-process
 * (embedded default: no transport, local placement, the jobs-table queue, in-process event
 * and chat stream buses) or the cluster over NATS (`NATS_URL`): the NATS transport, a lease per actor in a KV
 * bucket, a JetStream work-queue stream for ingestion, and job events and chat streams on NATS
 * subjects.
 */
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { createChatStreamBus, createNatsChatStreamBus, type ChatStreamBus } from "../actors/chat-stream/index.ts";
import {
  createClusterIngestionQueue,
  createIngestionQueue,
  createJobEventBus,
  createNatsJobEventBus,
  type IngestionQueue,
  type JobEventBus,
} from "../actors/ingestion/index.ts";
import type { IngestDocument, IngestResult } from "../actors/messages.ts";
import type { Repositories } from "../db/index.ts";
import { createMemoryCounterStore, createNatsCounterStore, type CounterStore } from "../runtime/index.ts";
import {
  createJetStreamWorkQueue,
  createKvLeasePlacement,
  createNatsTransport,
  openLeaseBucket,
  type ActorRef,
  type Clock,
  type Logger,
  type RuntimeObserver,
  type Placement,
  type Transport,
  type WorkQueue,
} from "../runtime/index.ts";
import { natsNames, type NavigatorConfig, type Role } from "./config.ts";

/** Kinds hosted by each role. */
export const KINDS_BY_ROLE: Readonly<Record<Role, readonly string[]>> = { api: [], agent: ["agent"], ingest: ["ingestion"] };

/** How long to wait for the first NATS connection before start-up fails, milliseconds. */
export const NATS_CONNECT_TIMEOUT_MS = 10_000;
/** Pause between reconnection attempts, milliseconds (attempts never stop). */
export const NATS_RECONNECT_WAIT_MS = 250;

/** TTL of the cluster's counter bucket: the longest rate-limit window (24 h, the most LOGIN_WINDOW_MS / REGISTER_WINDOW_MS allow). */
export const COUNTER_BUCKET_TTL_MS = 24 * 3_600_000;

/** The messaging of one process. */
export interface Messaging {
  readonly mode: "embedded" | "cluster";
  /** Undefined in embedded mode (the actor system then uses its private in-process transport). */
  readonly transport?: Transport;
  readonly placement?: Placement;
  readonly events: JobEventBus;
  /** Events of streamed chat turns: in-process, or NATS subjects `<prefix>.chat.stream.<streamId>`. */
  readonly chatStreams: ChatStreamBus;
  /** Rate-limit and quota counters: this process's memory, or the `<prefix>_limits` KV bucket shared by the cluster. */
  readonly counters: CounterStore;
  /** Kinds this process hosts. */
  readonly hostedKinds: readonly string[];
  /** Builds the ingestion queue once the actor system exists. */
  createQueue(refFor: (documentId: string) => ActorRef<IngestDocument, IngestResult>): IngestionQueue;
  /** `connected` | `reconnecting` | `closed` (cluster), or `embedded`. */
  status(): string;
  /**
   * The ingestion backlog for metrics: jobs waiting (embedded: jobs `queued` in the jobs table;
   * cluster: the JetStream consumer's pending and unacknowledged messages) and the age of the
   * oldest job still `queued`, seconds (the jobs table in both modes).
   */
  backlog(): Promise<{ queued: number; oldestAgeSeconds: number }>;
  /** Closes what `close` of the actor system does not: placement, transport, queue, NATS. */
  close(): Promise<void>;
}

/** Runtime metrics hooks of the NATS parts, plus reconnections of the connection. */
export interface MessagingObserver extends RuntimeObserver {
  natsReconnected?(): void;
}

/**
 * Builds the messaging for `config`.
 * @throws the NATS client's error when `NATS_URL` is set and no server answers within
 *   NATS_CONNECT_TIMEOUT_MS; LeaseBucketMismatchError when the lease bucket exists with another TTL.
 */
export async function createMessaging(
  config: NavigatorConfig,
  deps: { repos: Repositories; logger: Logger; clock: Clock; observer?: MessagingObserver },
): Promise<Messaging> {
  const hostedKinds = config.roles.flatMap((role) => KINDS_BY_ROLE[role]);
  if (!config.natsUrl) {
    const events = createJobEventBus((error) => deps.logger.warn({ err: String(error) }, "job event listener failed"));
    return {
      mode: "embedded",
      events,
      chatStreams: createChatStreamBus({ logger: deps.logger }),
      counters: createMemoryCounterStore({ clock: deps.clock }),
      hostedKinds,
      createQueue: (refFor) =>
        createIngestionQueue({ jobs: deps.repos.jobs, logger: deps.logger, refFor }, { concurrency: config.ingestConcurrency }),
      status: () => "embedded",
      backlog: () => deps.repos.jobs.queuedStats(),
      close: async () => {},
    };
  }

  const logger = deps.logger.child({ component: "messaging" });
  const nc = await connect({
    servers: config.natsUrl.split(",").map((s) => s.trim()),
    name: config.nodeId,
    timeout: NATS_CONNECT_TIMEOUT_MS,
    maxReconnectAttempts: -1,
    reconnectTimeWait: NATS_RECONNECT_WAIT_MS,
    ...natsTlsOptions(config),
  });
  let state = "connected";
  void watchStatus(nc, logger, (s) => {
    if (s === "connected" && state === "reconnecting") deps.observer?.natsReconnected?.();
    state = s;
  });
  const names = natsNames(config.natsPrefix);
  const prefix = names.subjectPrefix;
  const transport = createNatsTransport({ nc, logger, clock: deps.clock, observer: deps.observer }, { subjectPrefix: `${prefix}.actors` });
  const kv = await openLeaseBucket(nc, { bucket: names.actorsBucket, leaseTtlMs: config.leaseTtlMs });
  const placement = createKvLeasePlacement(
    { kv, nodeId: config.nodeId, logger, clock: deps.clock, observer: deps.observer },
    { hostedKinds, leaseTtlMs: config.leaseTtlMs },
  );
  const workQueue: WorkQueue<IngestDocument> = await createJetStreamWorkQueue<IngestDocument>(
    { nc, logger },
    {
      stream: names.ingestStream,
      subject: `${prefix}.ingest.jobs`,
      durable: "ingest",
      ackWaitMs: config.ingestAckWaitMs,
      maxDeliveries: config.ingestMaxDeliveries,
      retryBackoffMs: config.ingestRetryBackoffMs,
    },
  );
  const events = createNatsJobEventBus({ nc, logger }, { subject: `${prefix}.events.jobs` });
  const chatStreams = createNatsChatStreamBus({ nc, logger }, { subject: `${prefix}.chat.stream` });
  const counters = await createNatsCounterStore({ nc, clock: deps.clock }, { bucket: `${prefix}_limits`, maxWindowMs: COUNTER_BUCKET_TTL_MS });
  let queue: IngestionQueue | undefined;
  return {
    mode: "cluster",
    transport,
    placement,
    events,
    chatStreams,
    counters,
    hostedKinds,
    createQueue(refFor) {
      queue = createClusterIngestionQueue(
        { workQueue, jobs: deps.repos.jobs, documents: deps.repos.documents, events, refFor, logger, clock: deps.clock },
        {
          concurrency: config.ingestConcurrency,
          processJobs: config.roles.includes("ingest"),
          shutdownTimeoutMs: Math.floor(config.shutdownTimeoutMs / 2),
        },
      );
      return queue;
    },
    status: () => state,
    async backlog() {
      const [pending, jobs] = await Promise.all([workQueue.pending(), deps.repos.jobs.queuedStats()]);
      return { queued: pending, oldestAgeSeconds: jobs.oldestAgeSeconds };
    },
    async close() {
      const step = async (name: string, fn: () => Promise<unknown>) => {
        await fn().catch((error: unknown) => logger.warn({ err: String(error) }, `close: ${name} failed`));
      };
      await step("placement", () => placement.close());
      await step("transport", () => transport.close());
      await step("work queue", () => workQueue.close());
      await step("events", async () => events.close());
      await step("chat streams", () => chatStreams.close());
      await step("nats", () => nc.drain());
      state = "closed";
    },
  };
}

/** Logs connection changes and reports them to `set` until the connection closes. */
async function watchStatus(nc: NatsConnection, logger: Logger, set: (state: string) => void): Promise<void> {
  for await (const s of nc.status()) {
    if (s.type === "disconnect") {
      set("reconnecting");
      logger.warn({ server: (s as { server?: string }).server }, "NATS disconnected; reconnecting");
    } else if (s.type === "reconnect") {
      set("connected");
      logger.info({ server: (s as { server?: string }).server }, "NATS reconnected");
    } else if (s.type === "error") {
      logger.warn({ err: String((s as { error?: unknown }).error) }, "NATS error");
    }
  }
  set("closed");
}

/**
 * NATS TLS options of `config` (`NATS_TLS_CA_PATH`, `NATS_TLS_CERT_PATH` / `NATS_TLS_KEY_PATH`):
 * nothing when none is set (then `tls://` URLs use the system's CAs).
 */
export function natsTlsOptions(config: Pick<NavigatorConfig, "security">): { tls?: { caFile?: string; certFile?: string; keyFile?: string } } {
  const { natsCaPath, natsCertPath, natsKeyPath } = config.security.tls;
  if (!natsCaPath && !natsCertPath) return {};
  return { tls: { ...(natsCaPath ? { caFile: natsCaPath } : {}), ...(natsCertPath ? { certFile: natsCertPath, keyFile: natsKeyPath } : {}) } };
}
