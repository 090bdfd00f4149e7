/**
 * Process-wide tracing set-up: a TracerProvider, AsyncLocalStorage context propagation within the
 * process, and the W3C Trace Context propagator (https://www.w3.org/TR/trace-context/) across
 * processes (plus W3C Baggage, which carries correlation ids such as the request id). Spans leave the process only through the processors passed in (the composition root
 * adds a batch processor over an OTLP/HTTP exporter when `OTEL_EXPORTER_OTLP_ENDPOINT` is set;
 * tests pass an InMemorySpanExporter). Call once, at start-up, from the composition root.
 */
import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from "@opentelemetry/core";
import type { Resource } from "@opentelemetry/resources";
import { SimpleSpanProcessor, TracerProvider, type Sampler, type SpanExporter, type SpanProcessor } from "@opentelemetry/sdk-trace";

/** A registered tracing set-up. */
export interface TracingHandle {
  /** Exports every ended span still buffered (resolves when the processors have flushed). */
  flush(): Promise<void>;
  /** Flushes and unregisters everything `registerTracing` set globally. */
  shutdown(): Promise<void>;
}

/** Options of {@link registerTracing}. */
export interface TracingOptions {
  /** Receives every ended span through a SimpleSpanProcessor (tests). Default: none. */
  readonly exporter?: SpanExporter;
  /** Further processors (e.g. a BatchSpanProcessor over an OTLP exporter). Default: none. */
  readonly spanProcessors?: readonly SpanProcessor[];
  /** Which traces are recorded. Default: the SDK's (parent-based, always on). */
  readonly sampler?: Sampler;
  /** Describes this process (`service.name`, `service.instance.id`…). Default: the SDK's. */
  readonly resource?: Resource;
}

/**
 * Registers the global tracer provider, context manager and propagator. Without exporter or
 * processors ids are still generated and propagated so logs and replies can name the trace.
 */
export function registerTracing(options: TracingOptions = {}): TracingHandle {
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
  const provider = new TracerProvider({
    spanProcessors: [...(options.exporter ? [new SimpleSpanProcessor({ exporter: options.exporter })] : []), ...(options.spanProcessors ?? [])],
    ...(options.sampler ? { sampler: options.sampler } : {}),
    ...(options.resource ? { resource: options.resource } : {}),
  });
  trace.setGlobalTracerProvider(provider);
  return {
    flush: () => provider.forceFlush(),
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}
