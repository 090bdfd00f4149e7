/**
 * Per-request context around the whole Elysia fetch handler (`Elysia.wrap`): a request id (the
 * caller's `X-Request-Id` when it is a plain token, else a new UUID) echoed in the response and
 * carried in W3C baggage so every log line of the request — on any node — names it; a SERVER
 * span `<METHOD> <route template>` continuing the caller's `traceparent`; the HTTP metrics; and
 * one access log line per request at info.
 */
import { context, propagation, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { extractTrace, type Logger } from "../runtime/index.ts";
import type { HttpObserver } from "./observer.ts";

/** Response (and accepted request) header of the request id. */
export const REQUEST_ID_HEADER = "x-request-id";
/** Baggage key the request id travels under (read by the logger's mixin). */
export const REQUEST_ID_BAGGAGE_KEY = "request_id";
/** A caller's request id is used when it matches this (at most 128 token characters); otherwise a new one is made. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
/** Route label of a request no route matched (keeps 404 probes from minting series per path). */
export const UNMATCHED_ROUTE = "unmatched";

/** Instrumentation scope of the request spans. */
export const HTTP_TRACER_NAME = "navigator.http";

/** What {@link createRequestContext} needs. */
export interface RequestContextDeps {
  readonly logger: Logger;
  readonly observer?: HttpObserver;
}

/** The wrapper and the hook that records each request's route template. */
export interface RequestContext {
  /** For `Elysia.wrap`: runs the handler of `request` inside its context (see the module comment). */
  wrap<F extends (...args: never[]) => unknown>(fn: F, request: Request): F;
  /** Records the matched route template of `request` (call from a global hook once routing is done). */
  setRoute(request: Request, route: string | undefined): void;
}

/** Creates the request context (see the module comment). */
export function createRequestContext(deps: RequestContextDeps): RequestContext {
  const routes = new WeakMap<Request, string>();
  const log = deps.logger.child({ component: "access" });
  const tracer = () => trace.getTracer(HTTP_TRACER_NAME);

  async function run(request: Request, handle: () => unknown): Promise<unknown> {
    const startedAt = performance.now();
    const method = request.method;
    const given = request.headers.get(REQUEST_ID_HEADER);
    const requestId = given && REQUEST_ID_PATTERN.test(given) ? given : crypto.randomUUID();
    const parent = extractTrace((key) => request.headers.get(key) ?? undefined);
    const bag = (propagation.getBaggage(parent) ?? propagation.createBaggage()).setEntry(REQUEST_ID_BAGGAGE_KEY, { value: requestId });
    const span = tracer().startSpan(`${method}`, { kind: SpanKind.SERVER, attributes: { "http.request.method": method, "url.path": new URL(request.url).pathname } }, parent);
    const ctx = trace.setSpan(propagation.setBaggage(parent, bag), span);
    deps.observer?.requestStarted?.(method);
    let response: unknown;
    let thrown: unknown;
    try {
      response = await context.with(ctx, handle);
    } catch (error) {
      thrown = error;
    }
    const route = routes.get(request) ?? UNMATCHED_ROUTE;
    const status = response instanceof Response ? response.status : thrown === undefined ? 101 : 500;
    if (response instanceof Response) response = withRequestId(response, requestId);
    const seconds = (performance.now() - startedAt) / 1000;
    span.updateName(`${method} ${route}`);
    span.setAttributes({ "http.route": route, "http.response.status_code": status });
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
    const requestBytes = Number(request.headers.get("content-length") ?? Number.NaN);
    deps.observer?.requestEnded?.({
      method,
      route,
      status,
      seconds,
      ...(Number.isFinite(requestBytes) ? { requestBytes } : {}),
      ...(response instanceof Response ? await responseBytes(response) : {}),
    });
    context.with(ctx, () => log.info({ method, route, status, durationMs: Math.round(seconds * 10_000) / 10 }, "request"));
    if (thrown !== undefined) throw thrown;
    return response;
  }

  return {
    wrap<F extends (...args: never[]) => unknown>(fn: F, request: Request): F {
      return ((...args: never[]) => run(request, () => fn(...args))) as unknown as F;
    },
    setRoute(request, route) {
      if (route) routes.set(request, route);
    },
  };
}

/** `response` with the request id header (a copy when its headers are immutable). */
function withRequestId(response: Response, requestId: string): Response {
  try {
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  } catch {
    const headers = new Headers(response.headers);
    headers.set(REQUEST_ID_HEADER, requestId);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}

/** The response body size when known without consuming the response: `Content-Length`, or a JSON body measured on a clone. */
async function responseBytes(response: Response): Promise<{ responseBytes?: number }> {
  const length = Number(response.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(length)) return { responseBytes: length };
  if (!response.body || !(response.headers.get("content-type") ?? "").startsWith("application/json")) return {};
  try {
    return { responseBytes: (await response.clone().arrayBuffer()).byteLength };
  } catch {
    return {};
  }
}
