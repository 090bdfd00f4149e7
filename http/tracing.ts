/**
 * Operation spans inside a request: each traced route runs its work inside an INTERNAL span,
 * child of the request's SERVER span (http/request-context.ts continues the caller's W3C
 * `traceparent`), so one trace spans client → HTTP → agent/ingestion.
 */
import { withSpan } from "../runtime/index.ts";

/** Runs `fn` inside the span `<name> handler` of `request` (see the module comment). */
export function traced<T>(request: Request, name: string, fn: () => Promise<T>): Promise<T> {
  return withSpan(`${name} handler`, { "http.request.method": request.method }, fn);
}
