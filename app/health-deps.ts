/** What `/health`, `/health/live` and `/health/ready` read, assembled from the running parts. */
import type { IngestionQueue } from "../actors/ingestion/index.ts";
import { pendingMigrations, type BlobStore, type DatabaseHandle } from "../db/index.ts";
import { checkReadiness, type HealthRouteDeps } from "../http/health.ts";
import type { ActorSystem, Clock } from "../runtime/index.ts";
import type { NavigatorConfig } from "./config.ts";
import type { Messaging } from "./messaging.ts";
import { blobStoreKind } from "./storage.ts";

/** Longest `/health` waits for the database's `select 1` before reporting it down, milliseconds. */
export const HEALTH_DATABASE_TIMEOUT_MS = 2_000;

/**
 * Builds the health routes' dependencies. `startedAt` is the clock's time at start (ms);
 * `stopping` tells whether a graceful stop has begun (readiness then answers 503).
 */
export function healthDeps(
  parts: {
    config: NavigatorConfig;
    database: DatabaseHandle;
    messaging: Messaging;
    blobs: Pick<BlobStore, "ping">;
    queue: IngestionQueue;
    system: ActorSystem;
    clock: Clock;
  },
  state: { startedAt: number; stopping: () => boolean },
): Omit<HealthRouteDeps, "version"> {
  const { config, database, messaging, blobs, queue, system, clock } = parts;
  const uptimeS = () => Math.round((clock.now() - state.startedAt) / 1000);
  return {
    summary: async () => {
      // Not behind the chat and ingestion queries: a connection of its own (db/client.ts `ping`).
      await withTimeout(database.ping(), HEALTH_DATABASE_TIMEOUT_MS, "the database did not answer");
      const nats = messaging.status();
      return {
        status: nats === "embedded" || nats === "connected" ? "ok" : "degraded",
        database: database.kind,
        blob_store: blobStoreKind(config),
        mode: messaging.mode,
        nats,
        roles: config.roles,
        uptime_s: uptimeS(),
        node_id: system.nodeId,
        ingestion_pending: queue.pending,
      };
    },
    readiness: () =>
      checkReadiness({
        database: () => database.ping(),
        pendingMigrations: () => pendingMigrations(database),
        nats: () => messaging.status(),
        blobStore: () => blobs.ping(),
        stopping: state.stopping,
      }),
    identity: () => ({ node_id: system.nodeId, roles: config.roles, uptime_s: uptimeS() }),
  };
}

/** Rejects with `Error(message)` when `promise` has not settled within `ms` milliseconds. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
