/** Telemetry of a process: Prometheus metrics, the metrics listener, OTLP trace export. */
export { createMetrics, type Metrics, type MetricsOptions, type MetricSources } from "./metrics.ts";
export { startMetricsServer, type MetricsServer } from "./metrics-server.ts";
export { memoryLimitBytes } from "./metrics-runtime.ts";
export { DEFAULT_BATCH_EXPORT_DELAY_MS, samplerFor, startTracing } from "./tracing.ts";
export { createLogger, logContext, type LoggerOptions } from "./logger.ts";
