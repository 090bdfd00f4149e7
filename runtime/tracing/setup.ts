/**
 * Process-wide tracing set-up: a TracerProvider, AsyncLocalStorage context propagation within the
 * process, and the W3C Trace Context propagator (https://www.w3.org/TR/trace-context/) across
 * processes. Exporting spans is not configured yet; pass `exporter` to collect them (tests use
 * InMemorySpanExporter). Call once, at start-up, from the composition root (`cli/`).
 */
import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { SimpleSpanProcessor, TracerProvider, type SpanExporter } from "@opentelemetry/sdk-trace";

/** A registered tracing set-up. */
export interface TracingHandle {
  /** Flushes and unregisters everything `registerTracing` set globally. */
  shutdown(): Promise<void>;
}

/**
 * Registers the global tracer provider, context manager and propagator.
 * @param options.exporter receives every ended span (default: none; ids are still generated and
 *   propagated so logs and replies can name the trace).
 */
export function registerTracing(options: { exporter?: SpanExporter } = {}): TracingHandle {
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const provider = new TracerProvider({
    spanProcessors: options.exporter ? [new SimpleSpanProcessor({ exporter: options.exporter })] : [],
  });
  trace.setGlobalTracerProvider(provider);
  return {
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}
