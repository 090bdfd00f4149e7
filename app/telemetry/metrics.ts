/**
 * The metrics of one Navigator process: a prom-client `Registry` created here (no global
 * registry), its instruments grouped by the layer that reports into them, and the text
 * exposition served at `GET /metrics` and on `METRICS_PORT`.
 *
 * Why prom-client and not `@opentelemetry/sdk-metrics` + `exporter-prometheus`: it writes the
 * Prometheus names we choose verbatim (`http_server_request_duration_seconds`, no unit or
 * `_total` rewriting to second-guess), renders synchronously from live instruments (no periodic
 * reader to wait for in a scrape), ships the process collectors (CPU, RSS, event-loop lag, GC)
 * that work in Bun, and takes an explicit registry per instance; the OpenTelemetry API stays the
 * tracing interface.
 */
import { Registry } from "prom-client";
import type { ChatObserver } from "../../actors/agent/index.ts";
import type { IngestionObserver } from "../../actors/ingestion/index.ts";
import type { DatabaseObserver } from "../../db/index.ts";
import type { HttpObserver, MetricsEndpoint } from "../../http/observer.ts";
import type { ProviderObserver } from "../../rag/providers/index.ts";
import type { RuntimeObserver } from "../../runtime/index.ts";
import { createChatMetrics, createHttpMetrics, createIngestionMetrics, createProviderMetrics } from "./metrics-app.ts";
import { createEventLoopLagMonitor } from "./event-loop-lag.ts";
import { createDatabaseMetrics, createProcessMetrics, createQueueMetrics, createRuntimeMetrics, type MetricSources } from "./metrics-runtime.ts";

export type { MetricSources } from "./metrics-runtime.ts";

/** Options of {@link createMetrics}. */
export interface MetricsOptions {
  /** Labels on every series, e.g. `{ node_id }`. Default: none. */
  readonly defaultLabels?: Readonly<Record<string, string>>;
  /** Collect process metrics (CPU, memory, event loop, GC). Default: true. */
  readonly processMetrics?: boolean;
}

/** Every instrument of a process, by the layer that reports into it. */
export interface Metrics extends MetricsEndpoint {
  readonly registry: Registry;
  readonly http: HttpObserver;
  readonly chat: ChatObserver;
  readonly ingestion: IngestionObserver;
  readonly providers: ProviderObserver;
  readonly runtime: RuntimeObserver & { natsReconnected(): void };
  readonly database: DatabaseObserver & { searchPlan(plan: string): void };
  /** Stops the event-loop lag probe (see ./event-loop-lag.ts); the registry stays readable. Idempotent. */
  stop(): void;
  /** Connects the scrape-time gauges to live state (merged with earlier calls). */
  setSources(sources: MetricSources): void;
}

/** Creates a registry and every instrument on it. */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.defaultLabels) registry.setDefaultLabels({ ...options.defaultLabels });
  let sources: MetricSources = {};
  const current = () => sources;
  const lag = options.processMetrics ?? true ? createEventLoopLagMonitor(registry) : undefined;
  const metrics: Metrics = {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    http: createHttpMetrics(registry),
    chat: createChatMetrics(registry),
    ingestion: createIngestionMetrics(registry),
    providers: createProviderMetrics(registry),
    runtime: createRuntimeMetrics(registry, current),
    database: createDatabaseMetrics(registry, current),
    stop: () => lag?.stop(),
    setSources(next) {
      sources = { ...sources, ...next };
    },
  };
  createQueueMetrics(registry, current);
  if (options.processMetrics ?? true) createProcessMetrics(registry);
  return metrics;
}
