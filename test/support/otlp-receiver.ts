/**
 * A small OTLP/HTTP trace receiver for tests: `POST /v1/traces` with the JSON encoding of
 * `ExportTraceServiceRequest` (what @opentelemetry/exporter-trace-otlp-http sends), answered
 * with an empty `ExportTraceServiceResponse`. Spans are flattened with their resource's
 * `service.name` and `service.instance.id`.
 */

/** An attribute value as OTLP JSON encodes it. */
type AnyValue = { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean; arrayValue?: { values?: AnyValue[] } };
type KeyValue = { key: string; value: AnyValue };

/** One received span. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  /** OTLP span kind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  readonly kind: number;
  readonly startNs: bigint;
  readonly endNs: bigint;
  readonly attributes: Record<string, string | number | boolean>;
  /** `service.name` of the resource. */
  readonly service: string;
  /** `service.instance.id` of the resource (the node id). */
  readonly instance: string;
}

/** A running receiver. */
export interface OtlpReceiver {
  /** Base URL to pass as `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  readonly url: string;
  /** Every span received so far. */
  spans(): ReceivedSpan[];
  /** Requests received so far (any path), for diagnostics. */
  requests(): number;
  stop(): Promise<void>;
}

/** Starts the receiver on 127.0.0.1 and a free port. */
export function startOtlpReceiver(): OtlpReceiver {
  const received: ReceivedSpan[] = [];
  let requests = 0;
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      requests++;
      if (request.method !== "POST" || new URL(request.url).pathname !== "/v1/traces") return new Response("not found", { status: 404 });
      if (!(request.headers.get("content-type") ?? "").includes("json")) return new Response("only JSON is accepted", { status: 415 });
      const body = (await request.json()) as {
        resourceSpans?: Array<{ resource?: { attributes?: KeyValue[] }; scopeSpans?: Array<{ spans?: Array<Record<string, unknown>> }> }>;
      };
      for (const rs of body.resourceSpans ?? []) {
        const resource = attributes(rs.resource?.attributes);
        for (const ss of rs.scopeSpans ?? []) {
          for (const s of ss.spans ?? []) {
            received.push({
              traceId: String(s.traceId),
              spanId: String(s.spanId),
              parentSpanId: String(s.parentSpanId ?? ""),
              name: String(s.name),
              kind: Number(s.kind ?? 0),
              startNs: BigInt(String(s.startTimeUnixNano ?? 0)),
              endNs: BigInt(String(s.endTimeUnixNano ?? 0)),
              attributes: attributes(s.attributes as KeyValue[] | undefined),
              service: String(resource["service.name"] ?? ""),
              instance: String(resource["service.instance.id"] ?? ""),
            });
          }
        }
      }
      return Response.json({});
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}`,
    spans: () => [...received],
    requests: () => requests,
    async stop() {
      await server.stop(true);
    },
  };
}

function attributes(list: KeyValue[] | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const { key, value } of list ?? []) out[key] = scalar(value);
  return out;
}

function scalar(v: AnyValue): string | number | boolean {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  return JSON.stringify(v);
}

/** Renders the span tree of one trace (names, node, duration in ms), children indented under parents. */
export function renderTrace(spans: readonly ReceivedSpan[]): string {
  const byParent = new Map<string, ReceivedSpan[]>();
  const ids = new Set(spans.map((s) => s.spanId));
  for (const s of spans) {
    const parent = ids.has(s.parentSpanId) ? s.parentSpanId : "";
    byParent.set(parent, [...(byParent.get(parent) ?? []), s]);
  }
  const lines: string[] = [];
  const walk = (parent: string, depth: number) => {
    for (const s of (byParent.get(parent) ?? []).sort((a, b) => (a.startNs < b.startNs ? -1 : 1))) {
      lines.push(`${"  ".repeat(depth)}${s.name} [${s.instance}] ${(Number(s.endNs - s.startNs) / 1e6).toFixed(1)} ms`);
      walk(s.spanId, depth + 1);
    }
  };
  walk("", 0);
  return lines.join("\n");
}
