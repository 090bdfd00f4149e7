/**
 * Prometheus instruments of the actor runtime, the database and the process, and the gauges read
 * at scrape time from live state ({@link MetricSources}: actor stats, the ingestion backlog, the
 * NATS connection).
 */
import { readFileSync } from "node:fs";
import { totalmem } from "node:os";
import { collectDefaultMetrics, Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { DatabaseObserver } from "../../db/index.ts";
import type { ActorSystemStats, RuntimeObserver } from "../../runtime/index.ts";
import { FAST_DURATION_BUCKETS_SECONDS } from "./buckets.ts";

/** Live state read at each scrape; set once the parts exist (`Metrics.setSources`). */
export interface MetricSources {
  /** The actor system's counters. */
  readonly actors?: () => ActorSystemStats;
  /** The ingestion backlog: jobs waiting and the age of the oldest, seconds. */
  readonly ingestionBacklog?: () => Promise<{ queued: number; oldestAgeSeconds: number }>;
  /** The NATS connection's state (`embedded`, `connected`, `reconnecting`, `closed`…). */
  readonly natsStatus?: () => string;
  /** The database: `postgresql` with its pool's size (`DATABASE_POOL_SIZE`), or `pglite` (one connection, in process). */
  readonly database?: { readonly system: "postgresql" | "pglite"; readonly poolMax: number };
}

/** Runtime instruments plus the scrape-time gauges over `sources()`. */
export function createRuntimeMetrics(registry: Registry, sources: () => MetricSources): RuntimeObserver & { natsReconnected(): void } {
  const registers = [registry];
  const activationsTotal = new Counter({ name: "navigator_actor_activations_total", help: "Activations created on this node, by actor kind.", labelNames: ["actor_kind"], registers });
  const asks = new Counter({
    name: "navigator_actor_asks_total",
    help: "Asks sent from this node by actor kind and outcome (ok, timeout, mailbox_full, dead_letter, overloaded, unreachable, stopped, error).",
    labelNames: ["actor_kind", "outcome"],
    registers,
  });
  const askDuration = new Histogram({
    name: "navigator_actor_ask_duration_seconds",
    help: "Duration of asks sent from this node, by actor kind.",
    labelNames: ["actor_kind"],
    buckets: [...FAST_DURATION_BUCKETS_SECONDS, 30, 60],
    registers,
  });
  const leases = new Counter({ name: "navigator_lease_events_total", help: "Placement leases acquired, taken over and lost, by actor kind.", labelNames: ["event", "actor_kind"], registers });
  const natsRequests = new Histogram({
    name: "navigator_nats_request_duration_seconds",
    help: "Duration of actor requests to other nodes over NATS, by actor kind and outcome.",
    labelNames: ["actor_kind", "outcome"],
    buckets: [...FAST_DURATION_BUCKETS_SECONDS, 30, 60],
    registers,
  });
  const reconnects = new Counter({ name: "navigator_nats_reconnects_total", help: "Reconnections of this node's NATS connection.", registers });
  reconnects.inc(0);
  new Gauge({
    name: "navigator_nats_connected",
    help: "1 while the NATS connection is up (or the node is embedded, without NATS), 0 otherwise.",
    registers,
    collect() {
      const status = sources().natsStatus?.() ?? "embedded";
      this.set(status === "connected" || status === "embedded" ? 1 : 0);
    },
  });
  const byKind = (name: string, help: string, pick: (s: ActorSystemStats) => Readonly<Record<string, number>>) =>
    new Gauge({
      name,
      help,
      labelNames: ["actor_kind"],
      registers,
      collect() {
        const stats = sources().actors?.();
        if (!stats) return;
        for (const [kind, value] of Object.entries(pick(stats))) this.set({ actor_kind: kind }, value);
      },
    });
  byKind("navigator_actor_activations", "Activations on this node now, by actor kind.", (s) => s.activationsByKind);
  byKind("navigator_actor_mailbox_depth", "Messages waiting in the mailboxes of this node's activations, by actor kind.", (s) => s.mailboxDepthByKind);
  byKind("navigator_actor_inflight_asks", "Asks accepted on this node and not yet settled, by actor kind.", (s) => s.inflightByKind);
  new Counter({
    name: "navigator_actor_dead_letters_total",
    help: "Dead letters published on this node.",
    registers,
    collect() {
      const stats = sources().actors?.();
      this.reset();
      this.inc(stats?.deadLetters ?? 0);
    },
  });
  return {
    activated: (kind) => activationsTotal.inc({ actor_kind: kind }),
    askCompleted(kind, outcome, seconds) {
      asks.inc({ actor_kind: kind, outcome });
      askDuration.observe({ actor_kind: kind }, seconds);
    },
    lease: (event, kind) => leases.inc({ event, actor_kind: kind }),
    natsRequest: (kind, outcome, seconds) => natsRequests.observe({ actor_kind: kind, outcome }, seconds),
    natsReconnected: () => reconnects.inc(),
  };
}

/** Ingestion backlog gauges (the jobs table embedded, the JetStream consumer in a cluster). */
export function createQueueMetrics(registry: Registry, sources: () => MetricSources): void {
  let last: Promise<{ queued: number; oldestAgeSeconds: number } | undefined> | undefined;
  // Both gauges share one read per scrape.
  const read = () => {
    const source = sources().ingestionBacklog;
    last ??= (source ? source().catch(() => undefined) : Promise.resolve(undefined)).finally(() => setTimeout(() => (last = undefined), 0));
    return last;
  };
  new Gauge({
    name: "navigator_ingestion_queue_depth",
    help: "Ingestion jobs waiting to be processed.",
    registers: [registry],
    async collect() {
      const backlog = await read();
      if (backlog) this.set(backlog.queued);
    },
  });
  new Gauge({
    name: "navigator_ingestion_oldest_queued_age_seconds",
    help: "Age of the oldest ingestion job still waiting (0 when none).",
    registers: [registry],
    async collect() {
      const backlog = await read();
      if (backlog) this.set(backlog.oldestAgeSeconds);
    },
  });
}

/** Database instruments. */
export function createDatabaseMetrics(registry: Registry, sources: () => MetricSources): DatabaseObserver & { searchPlan(plan: string): void } {
  const registers = [registry];
  const duration = new Histogram({
    name: "db_client_operation_duration_seconds",
    help: "Duration of repository operations (db_operation_name = repository.method), by outcome.",
    labelNames: ["db_operation_name", "outcome"],
    buckets: FAST_DURATION_BUCKETS_SECONDS,
    registers,
  });
  const inFlight = new Gauge({ name: "db_client_operations_in_flight", help: "Repository operations running now (each holds a pooled connection while it queries).", registers });
  new Gauge({
    name: "db_client_connection_max",
    help: "Connections the database pool may open, by db_system (postgresql, pglite).",
    labelNames: ["db_system"],
    registers,
    collect() {
      const database = sources().database;
      if (database) this.set({ db_system: database.system }, database.poolMax);
    },
  });
  const plans = new Counter({ name: "navigator_vector_search_total", help: "Vector searches by plan (exact, index, index-then-exact).", labelNames: ["plan"], registers });
  inFlight.set(0);
  return {
    operation: (name, seconds, ok) => duration.observe({ db_operation_name: name, outcome: ok ? "ok" : "error" }, seconds),
    inFlight: (delta) => inFlight.inc(delta),
    searchPlan: (plan) => plans.inc({ plan }),
  };
}

/**
 * Process metrics: prom-client's defaults (CPU, RSS, heap, event-loop lag from
 * `perf_hooks.monitorEventLoopDelay`, GC durations where the runtime reports them) and the
 * memory limit (cgroup v2 `memory.max`, else the machine's memory) for the memory alert.
 */
export function createProcessMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry });
  // Gauges named `_total` break Prometheus naming (`promtool check metrics` refuses them); their
  // unsuffixed twins (`nodejs_active_handles`…) carry the same numbers by type.
  for (const name of NON_COUNTER_TOTALS) registry.removeSingleMetric(name);
  const limit = memoryLimitBytes();
  new Gauge({ name: "navigator_process_memory_limit_bytes", help: "Memory this process may use: its cgroup's memory.max, else the machine's memory.", registers: [registry] }).set(limit);
}

/** prom-client default gauges whose names end in `_total` (see {@link createProcessMetrics}). */
const NON_COUNTER_TOTALS = ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"];

/** The cgroup v2 memory limit of this process, or the machine's memory when there is none. */
export function memoryLimitBytes(): number {
  try {
    const raw = readFileSync("/sys/fs/cgroup/memory.max", "utf8").trim();
    const n = Number(raw);
    if (raw !== "max" && Number.isFinite(n) && n > 0) return n;
  } catch {
    // no cgroup v2 limit readable
  }
  return totalmem();
}
