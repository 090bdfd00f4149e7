/**
 * Request spans: each traced route runs inside a SERVER span whose parent is the caller's W3C
 * `traceparent` header when present, so one trace spans client → HTTP → agent/ingestion.
 */
import { extractTrace, SpanKind, withSpan } from "../runtime/index.ts";

/** Runs `fn` inside the SERVER span `name` of `request` (see the module comment). */
export function traced<T>(request: Request, name: string, fn: () => Promise<T>): Promise<T> {
  const parent = extractTrace((key) => request.headers.get(key) ?? undefined);
  return withSpan(name, { "http.request.method": request.method, "url.path": new URL(request.url).pathname }, fn, {
    kind: SpanKind.SERVER,
    parent,
  });
}
