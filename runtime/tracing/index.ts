/** Trace context for the runtime: spans and W3C propagation through `@opentelemetry/api`. */
export {
  activeTraceId,
  activeSpanIds,
  correlationValue,
  withCorrelation,
  currentContext,
  extractTrace,
  injectTrace,
  RUNTIME_TRACER_NAME,
  SpanKind,
  withSpan,
  type Context,
  type TraceCarrier,
} from "./context.ts";
export { registerTracing, type TracingHandle, type TracingOptions } from "./setup.ts";
