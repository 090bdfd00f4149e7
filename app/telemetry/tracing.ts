/**
 * Trace export: with an OTLP endpoint configured, spans go out over OTLP/HTTP (JSON encoding of
 * the OTLP protobuf messages, `POST <endpoint>/v1/traces`) through a batch processor; the
 * sampler follows the OpenTelemetry environment variables `OTEL_TRACES_SAMPLER` and
 * `OTEL_TRACES_SAMPLER_ARG` (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/),
 * and `OTEL_SERVICE_NAME` names the resource. Without an endpoint nothing leaves the process.
 */
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
} from "@opentelemetry/sdk-trace";
import type { TracingConfig } from "../telemetry-config.ts";
import { registerTracing, type TracingHandle } from "../../runtime/index.ts";

/** Longest wait of the batch processor before exporting what it holds, ms (the specification's `OTEL_BSP_SCHEDULE_DELAY` default). */
export const DEFAULT_BATCH_EXPORT_DELAY_MS = 5_000;

/** Builds the sampler named by `config`. */
export function samplerFor(config: Pick<TracingConfig, "sampler" | "samplerRatio">): Sampler {
  const ratio = new TraceIdRatioBasedSampler(config.samplerRatio);
  switch (config.sampler) {
    case "always_on":
      return new AlwaysOnSampler();
    case "always_off":
      return new AlwaysOffSampler();
    case "traceidratio":
      return ratio;
    case "parentbased_always_off":
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case "parentbased_traceidratio":
      return new ParentBasedSampler({ root: ratio });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

/**
 * Registers process-wide tracing: W3C propagation always; export over OTLP/HTTP with a batch
 * processor when `config.otlpEndpoint` is set.
 * @param nodeId becomes `service.instance.id`.
 * @param options.batchDelayMs the batch processor's schedule delay (default {@link DEFAULT_BATCH_EXPORT_DELAY_MS}).
 */
export function startTracing(config: TracingConfig, nodeId: string, options: { batchDelayMs?: number } = {}): TracingHandle {
  const resource = resourceFromAttributes({ "service.name": config.serviceName, "service.instance.id": nodeId });
  const spanProcessors = config.otlpEndpoint
    ? [
        new BatchSpanProcessor({
          exporter: new OTLPTraceExporter({ url: `${config.otlpEndpoint.replace(/\/+$/, "")}/v1/traces` }),
          scheduledDelayMillis: options.batchDelayMs ?? DEFAULT_BATCH_EXPORT_DELAY_MS,
        }),
      ]
    : [];
  return registerTracing({ spanProcessors, sampler: samplerFor(config), resource });
}
