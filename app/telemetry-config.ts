/**
 * The telemetry section of the configuration: `METRICS_PORT`, `LOG_FORMAT`,
 * `OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_SERVICE_NAME`, `OTEL_TRACES_SAMPLER`,
 * `OTEL_TRACES_SAMPLER_ARG` (schema and defaults in app/config-schema.ts). The `OTEL_*` names and
 * values are the OpenTelemetry specification's
 * (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/).
 */
import { LOG_FORMATS, readConfigVariables, TRACES_SAMPLERS, type ConfigVariables, type Env } from "./config-schema.ts";

/** One of `LOG_FORMATS`. */
export type LogFormat = (typeof LOG_FORMATS)[number];
/** One of `TRACES_SAMPLERS`. */
export type TracesSamplerName = (typeof TRACES_SAMPLERS)[number];

/** Tracing settings of a process. */
export interface TracingConfig {
  /** `OTEL_EXPORTER_OTLP_ENDPOINT`: base URL of an OTLP/HTTP receiver (spans go to `<it>/v1/traces`); absent: spans are not exported. */
  readonly otlpEndpoint?: string;
  /** `OTEL_SERVICE_NAME`. */
  readonly serviceName: string;
  /** `OTEL_TRACES_SAMPLER`. */
  readonly sampler: TracesSamplerName;
  /** `OTEL_TRACES_SAMPLER_ARG`: the `traceidratio` samplers' ratio, 0..1. */
  readonly samplerRatio: number;
}

/** Metrics, logs and traces settings. */
export interface TelemetryConfig {
  /** `METRICS_PORT`: a separate listener serving only `GET /metrics` (0 picks a free port); absent: none (api nodes still serve `/metrics` on `PORT`). */
  readonly metricsPort?: number;
  /** `LOG_FORMAT`. */
  readonly logFormat: LogFormat;
  readonly tracing: TracingConfig;
}

/**
 * Reads the telemetry section.
 * @throws ConfigError naming the first invalid variable.
 */
export function telemetrySection(v: ConfigVariables): TelemetryConfig {
  const metricsPort = v.get("METRICS_PORT");
  const otlpEndpoint = v.get("OTEL_EXPORTER_OTLP_ENDPOINT");
  return {
    ...(metricsPort === undefined ? {} : { metricsPort }),
    logFormat: v.value("LOG_FORMAT"),
    tracing: {
      ...(otlpEndpoint === undefined ? {} : { otlpEndpoint }),
      serviceName: v.value("OTEL_SERVICE_NAME"),
      sampler: v.value("OTEL_TRACES_SAMPLER"),
      samplerRatio: v.value("OTEL_TRACES_SAMPLER_ARG"),
    },
  };
}

/** The telemetry section of `env` alone (tests, tools). @throws ConfigError naming the first invalid variable. */
export function parseTelemetryConfig(env: Env): TelemetryConfig {
  return telemetrySection(readConfigVariables(env));
}
