import { describe, expect, test } from "bun:test";
import { configError } from "../test/support/config.ts";
import { loadConfig } from "./config.ts";
import { parseTelemetryConfig } from "./telemetry-config.ts";

describe("telemetry configuration", () => {
  test("defaults: no metrics listener, JSON logs, no export, parent-based always-on sampling", () => {
    expect(parseTelemetryConfig({})).toEqual({
      logFormat: "json",
      tracing: { serviceName: "navigator", sampler: "parentbased_always_on", samplerRatio: 1 },
    });
    expect(loadConfig({}).telemetry.logFormat).toBe("json");
  });

  test("every variable read", () => {
    expect(
      parseTelemetryConfig({
        METRICS_PORT: "9464",
        LOG_FORMAT: "pretty",
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
        OTEL_SERVICE_NAME: "navigator-eu",
        OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
        OTEL_TRACES_SAMPLER_ARG: "0.25",
      }),
    ).toEqual({
      metricsPort: 9464,
      logFormat: "pretty",
      tracing: { otlpEndpoint: "http://collector:4318", serviceName: "navigator-eu", sampler: "parentbased_traceidratio", samplerRatio: 0.25 },
    });
    expect(parseTelemetryConfig({ METRICS_PORT: "0" }).metricsPort).toBe(0);
  });

  test("invalid values are refused naming the variable", () => {
    for (const [name, value] of [
      ["METRICS_PORT", "70000"],
      ["METRICS_PORT", "abc"],
      ["LOG_FORMAT", "xml"],
      ["OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318"],
      ["OTEL_TRACES_SAMPLER", "sometimes"],
      ["OTEL_TRACES_SAMPLER_ARG", "1.5"],
      ["OTEL_TRACES_SAMPLER_ARG", "half"],
    ] as const) {
      const error = configError(() => loadConfig({ [name]: value }));
      expect(error.variable).toBe(name);
      expect(error.message).toContain(name);
    }
  });
});
