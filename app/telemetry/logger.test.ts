import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Writable } from "node:stream";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace";
import { Elysia } from "elysia";
import { createRequestContext } from "../../http/request-context.ts";
import { registerTracing, withSpan, type Logger, type TracingHandle } from "../../runtime/index.ts";
import { createLogger } from "./logger.ts";
import { createMetrics } from "./metrics.ts";

/** A logger writing into an array of lines. */
function capture(format: "json" | "pretty" = "json"): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ level: "info", format, nodeId: "api-0-test", stream }), lines };
}

describe("log lines carry request_id, trace_id, span_id and node_id", () => {
  const exporter = new InMemorySpanExporter();
  let tracing: TracingHandle;
  beforeAll(() => void (tracing = registerTracing({ exporter })));
  afterAll(() => tracing.shutdown());

  /** An app like http/app.ts: the request context around every route. */
  function app(logger: Logger) {
    const metrics = createMetrics({ processMetrics: false });
    const requests = createRequestContext({ logger, observer: metrics.http });
    const built = new Elysia()
      .wrap((fn, request) => requests.wrap(fn as (...args: never[]) => unknown, request) as typeof fn)
      .onTransform({ as: "global" }, ({ request, route }) => requests.setRoute(request, route))
      .get("/things/:id", async ({ params }) => {
        await withSpan("work", {}, async () => logger.info({ thing: params.id }, "inside the handler"));
        return { ok: true };
      });
    return { built, metrics };
  }

  test("inside a request: the caller's request id, the active span, the node; then one access line at info", async () => {
    const { logger, lines } = capture();
    const { built, metrics } = app(logger);
    const res = await built.handle(new Request("http://localhost/things/42", { headers: { "x-request-id": "req-abc.1" } }));
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("req-abc.1");
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const inside = records.find((r) => r.msg === "inside the handler")!;
    expect(inside).toMatchObject({ request_id: "req-abc.1", node_id: "api-0-test", thing: "42" });
    expect(inside.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(inside.span_id).toMatch(/^[0-9a-f]{16}$/);
    const access = records.filter((r) => r.msg === "request");
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({ level: 30, method: "GET", route: "/things/:id", status: 200, request_id: "req-abc.1", node_id: "api-0-test" });
    expect(typeof access[0]!.durationMs).toBe("number");
    // The handler's span is a child of the request's SERVER span, named by the route template.
    const spans = exporter.getFinishedSpans();
    const server = spans.find((s) => s.name === "GET /things/:id")!;
    const work = spans.find((s) => s.name === "work")!;
    expect(work.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(inside.trace_id).toBe(server.spanContext().traceId);
    expect(server.attributes).toMatchObject({ "http.route": "/things/:id", "http.response.status_code": 200 });
    expect(await metrics.render()).toContain('http_server_request_duration_seconds_count{http_request_method="GET",http_route="/things/:id",http_response_status_code="200"} 1');
  });

  test("a traceparent from the caller is continued", async () => {
    const { logger, lines } = capture();
    const { built } = app(logger);
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    await built.handle(new Request("http://localhost/things/1", { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } }));
    const access = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((r) => r.msg === "request")!;
    expect(access.trace_id).toBe(traceId);
    expect(access.request_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("outside a request a line has node_id and no request or trace fields", () => {
    const { logger, lines } = capture();
    logger.info({}, "idle");
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(record.node_id).toBe("api-0-test");
    expect(record).not.toHaveProperty("request_id");
    expect(record).not.toHaveProperty("trace_id");
  });

  test("LOG_FORMAT=pretty writes human lines, not JSON", () => {
    const { logger, lines } = capture("pretty");
    logger.info({ thing: 1 }, "hello there");
    expect(lines.join("\n")).toContain("hello there");
    expect(lines.join("\n")).toContain("INFO");
    expect(() => JSON.parse(lines[0]!)).toThrow();
  });
});
