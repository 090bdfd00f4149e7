import { afterEach, describe, expect, test } from "bun:test";
import { SamplingDecision } from "@opentelemetry/sdk-trace";
import { ROOT_CONTEXT, SpanKind } from "@opentelemetry/api";
import { withSpan, type TracingHandle } from "../../runtime/index.ts";
import { startOtlpReceiver, type OtlpReceiver } from "../../test/support/otlp-receiver.ts";
import { samplerFor, startTracing } from "./tracing.ts";

describe("samplers from OTEL_TRACES_SAMPLER", () => {
  const decide = (name: Parameters<typeof samplerFor>[0]["sampler"], ratio = 1, traceId = "ffffffffffffffffffffffffffffffff") =>
    samplerFor({ sampler: name, samplerRatio: ratio }).shouldSample(ROOT_CONTEXT, traceId, "x", SpanKind.INTERNAL, {}, []).decision;

  test("always_on / always_off / ratio, root spans", () => {
    expect(decide("always_on")).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide("always_off")).toBe(SamplingDecision.NOT_RECORD);
    expect(decide("parentbased_always_off")).toBe(SamplingDecision.NOT_RECORD);
    expect(decide("traceidratio", 0)).toBe(SamplingDecision.NOT_RECORD);
    expect(decide("parentbased_traceidratio", 1, "00000000000000000000000000000001")).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });
});

describe("OTLP/HTTP export", () => {
  let tracing: TracingHandle | undefined;
  let receiver: OtlpReceiver | undefined;
  afterEach(async () => {
    await tracing?.shutdown();
    await receiver?.stop();
    tracing = receiver = undefined;
  });

  test("spans reach <endpoint>/v1/traces with service.name and service.instance.id", async () => {
    receiver = startOtlpReceiver();
    tracing = startTracing({ otlpEndpoint: receiver.url, serviceName: "navigator-unit", sampler: "parentbased_always_on", samplerRatio: 1 }, "node-7", { batchDelayMs: 50 });
    await withSpan("outer", { "navigator.n": 1 }, () => withSpan("inner", {}, async () => {}));
    await tracing.flush();
    const spans = receiver.spans();
    expect(spans.map((s) => s.name).sort()).toEqual(["inner", "outer"]);
    const outer = spans.find((s) => s.name === "outer")!;
    expect([outer.service, outer.instance, outer.attributes["navigator.n"]]).toEqual(["navigator-unit", "node-7", 1]);
    expect(spans.find((s) => s.name === "inner")!.parentSpanId).toBe(outer.spanId);
  });

  test("OTEL_TRACES_SAMPLER=always_off: nothing is exported", async () => {
    receiver = startOtlpReceiver();
    tracing = startTracing({ otlpEndpoint: receiver.url, serviceName: "navigator-unit", sampler: "always_off", samplerRatio: 1 }, "node-7", { batchDelayMs: 50 });
    await withSpan("dropped", {}, async () => {});
    await tracing.flush();
    expect(receiver.spans()).toEqual([]);
  });
});
