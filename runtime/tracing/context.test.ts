import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace";
import { activeSpanIds, correlationValue, currentContext, extractTrace, injectTrace, withCorrelation, withSpan } from "./context.ts";
import { registerTracing, type TracingHandle } from "./setup.ts";

describe("correlation ids travel with the trace (W3C baggage)", () => {
  let tracing: TracingHandle;
  beforeAll(() => void (tracing = registerTracing({ exporter: new InMemorySpanExporter() })));
  afterAll(() => tracing.shutdown());

  test("inject writes traceparent and baggage; extract on the other side restores both", async () => {
    const carrier = await withCorrelation({ request_id: "req-42" }, () =>
      withSpan("caller", {}, () => {
        expect(correlationValue("request_id")).toBe("req-42");
        return injectTrace();
      }),
    );
    expect(carrier.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(carrier.baggage).toBe("request_id=req-42");
    const remote = extractTrace((key) => carrier[key]);
    expect(correlationValue("request_id", remote)).toBe("req-42");
    await withSpan("callee", {}, () => {
      const ids = activeSpanIds()!;
      expect(ids.traceId).toBe(carrier.traceparent!.split("-")[1]!);
      expect(correlationValue("request_id", currentContext())).toBe("req-42");
    }, { parent: remote });
  });

  test("outside any correlation nothing is set", () => {
    expect(correlationValue("request_id")).toBeUndefined();
    expect(activeSpanIds()).toBeUndefined();
    expect(injectTrace().baggage).toBeUndefined();
  });
});
