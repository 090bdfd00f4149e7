/**
 * Trace context across actors and nodes, through `@opentelemetry/api` only: the runtime creates
 * spans and carries W3C `traceparent`/`tracestate` in message headers. Without a registered SDK
 * every call here is a cheap no-op; `registerTracing` (./setup.ts) turns recording on.
 */
import { context, propagation, trace, SpanKind, SpanStatusCode, type Context, type Span } from "@opentelemetry/api";

/** Instrumentation scope name of every span the runtime starts. */
export const RUNTIME_TRACER_NAME = "navigator.runtime";

/** A string-keyed carrier of propagation headers (`traceparent`, `tracestate`). */
export type TraceCarrier = Record<string, string>;

/** Returns the propagation headers of `ctx` (default: the active context); empty without an SDK. */
export function injectTrace(ctx: Context = context.active()): TraceCarrier {
  const carrier: TraceCarrier = {};
  propagation.inject(ctx, carrier);
  return carrier;
}

/**
 * Builds a context from propagation headers read by `get` (e.g. NATS headers' `get`), on top of
 * the root context so nothing of the receiving node's current context leaks in.
 */
export function extractTrace(get: (key: string) => string | undefined): Context {
  return propagation.extract(context.active(), undefined, {
    keys: () => ["traceparent", "tracestate", "baggage"],
    get: (_carrier, key) => get(key) || undefined,
  });
}

/** The id of the trace active in `ctx` (32 hex digits), or undefined when none is recording. */
export function activeTraceId(ctx: Context = context.active()): string | undefined {
  const spanContext = trace.getSpan(ctx)?.spanContext();
  if (!spanContext || !/[1-9a-f]/.test(spanContext.traceId)) return undefined;
  return spanContext.traceId;
}

/**
 * Runs `fn` with `entries` added to the W3C baggage of the active context
 * (https://www.w3.org/TR/baggage/), so they travel with the trace to other nodes (e.g. a request
 * id for every log line of one request). Values must be identifiers, never user text.
 */
export function withCorrelation<T>(entries: Record<string, string>, fn: () => T): T {
  const ctx = context.active();
  let bag = propagation.getBaggage(ctx) ?? propagation.createBaggage();
  for (const [key, value] of Object.entries(entries)) bag = bag.setEntry(key, { value });
  return context.with(propagation.setBaggage(ctx, bag), fn);
}

/** The baggage entry `key` of `ctx` (default: the active context), if set. */
export function correlationValue(key: string, ctx: Context = context.active()): string | undefined {
  return propagation.getBaggage(ctx)?.getEntry(key)?.value;
}

/** The ids of the span active in `ctx`, or undefined when none is recording. */
export function activeSpanIds(ctx: Context = context.active()): { traceId: string; spanId: string } | undefined {
  const spanContext = trace.getSpan(ctx)?.spanContext();
  if (!spanContext || !/[1-9a-f]/.test(spanContext.traceId)) return undefined;
  return { traceId: spanContext.traceId, spanId: spanContext.spanId };
}

/** The context active right now (captured with a message so its handler runs inside it). */
export function currentContext(): Context {
  return context.active();
}

/**
 * Runs `fn` inside a new span named `name`, child of `parent` (default: the active context); the
 * span records an exception and error status when `fn` throws, and always ends.
 */
export async function withSpan<T>(
  name: string,
  attributes: Record<string, string | number | boolean>,
  fn: (span: Span) => Promise<T> | T,
  options: { kind?: SpanKind; parent?: Context } = {},
): Promise<T> {
  const tracer = trace.getTracer(RUNTIME_TRACER_NAME);
  const parent = options.parent ?? context.active();
  const span = tracer.startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}

export { SpanKind, type Context };
