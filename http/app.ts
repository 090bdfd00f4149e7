/**
 * The Elysia application: routes, OpenAPI at `/docs`, and the one `onError` that turns every
 * error into JSON `{code, message}` with its status.
 */
import { Elysia } from "elysia";
import type { DocumentService } from "../actors/ingestion/index.ts";
import type { BlobStore, Repositories } from "../db/index.ts";
import type { CounterStore } from "../runtime/counters/index.ts";
import type { Logger } from "../runtime/index.ts";
import { authRoutes, createAuthContext, type AuthContext, type AuthOptions } from "./auth.ts";
import { toErrorResponse } from "./errors.ts";
import { browserGuard, MULTIPART_OVERHEAD_BYTES, requestGuard } from "./guard/index.ts";
import { createAuthLimiter, createQuotas, type AuthLimitOptions, type QuotaOptions } from "./limits/index.ts";
import { accountRoutes } from "./routes/account.ts";
import { docsRoutes } from "./openapi.ts";
import { documentFileRoutes } from "./routes/document-file.ts";
import { webRoutes } from "./routes/web.ts";
import { chatRoutes, type ChatRouteDeps } from "./routes/chat.ts";
import { conversationRoutes } from "./routes/conversations.ts";
import { chatSocketRoutes } from "./routes/chat-socket.ts";
import { documentRoutes } from "./routes/documents.ts";
import { jobEventRoutes } from "./routes/job-events.ts";
import type { HttpObserver, MetricsEndpoint } from "./observer.ts";
import { createRequestContext } from "./request-context.ts";
import { healthRoutes, type HealthRouteDeps } from "./health.ts";
import type { StreamingDeps } from "./streaming/index.ts";

export { MULTIPART_OVERHEAD_BYTES } from "./guard/index.ts";

/** What the app needs. */
export interface HttpAppDeps {
  readonly repos: Repositories;
  readonly documents: DocumentService;
  /** Where uploaded bytes live (account deletion removes them). */
  readonly blobs: BlobStore;
  /** Rate-limit and quota counters (memory, or NATS KV in a cluster). */
  readonly counters: CounterStore;
  readonly chat: ChatRouteDeps;
  /** SSE (`POST /chat` with `Accept: text/event-stream`, `GET /api/v2/jobs/:id/events`) and `/chat/ws`. */
  readonly streaming: StreamingDeps;
  readonly logger: Logger;
  /** `/health`, `/health/live`, `/health/ready` (see health.ts); `version` comes from the options. */
  readonly health: Omit<HealthRouteDeps, "version">;
  /** Served at `GET /metrics` (absent: 404). */
  readonly metrics?: MetricsEndpoint;
  /** Told about every request (duration, status, sizes). */
  readonly httpObserver?: HttpObserver;
}

/** The hardening options of the app. */
export interface HttpSecurityOptions {
  /** Largest JSON body, bytes. */
  readonly maxJsonBodyBytes: number;
  /** How long a token check is cached, milliseconds. */
  readonly authCacheTtlMs: number;
  readonly authLimits: AuthLimitOptions;
  readonly quotas: QuotaOptions;
  /** Browser origins allowed (CORS and the WebSocket); `*` = any; empty = none. */
  readonly corsOrigins: readonly string[];
  /** Send HSTS: the server is reached over HTTPS (own TLS or `TRUST_PROXY_TLS`). */
  readonly hsts: boolean;
}

/** Options of the app. */
export interface HttpAppOptions {
  readonly auth: AuthOptions;
  /** Upload limit, bytes. */
  readonly maxUploadBytes: number;
  readonly version: string;
  /** Body limits, login limits, quotas, CORS (from app/security-config.ts). */
  readonly security: HttpSecurityOptions;
}

/** Builds the Elysia app (not listening); `auth` is its authentication (for the WebSocket and tests). */
export function createHttpApp(deps: HttpAppDeps, options: HttpAppOptions) {
  const log = deps.logger.child({ component: "http" });
  const { security } = options;
  const auth: AuthContext = createAuthContext({ users: deps.repos.users }, { ...options.auth, cacheTtlMs: security.authCacheTtlMs });
  const limiter = createAuthLimiter({ counters: deps.counters }, security.authLimits);
  const quotas = createQuotas({ users: deps.repos.users, counters: deps.counters }, security.quotas);
  const requests = createRequestContext({ logger: deps.logger, observer: deps.httpObserver });
  const metrics = deps.metrics;
  // Bun's own limit is the last resort (it answers 413 without our JSON body): the guard refuses
  // from Content-Length, and counts chunked bodies, well below it.
  return new Elysia({ serve: { maxRequestBodySize: 2 * options.maxUploadBytes + MULTIPART_OVERHEAD_BYTES } })
    .wrap((fn, request) => requests.wrap(fn as (...args: never[]) => unknown, request) as typeof fn)
    .onTransform({ as: "global" }, ({ request, route }) => requests.setRoute(request, route))
    .onError({ as: "global" }, ({ code, error, set, request, route }) => {
      if (code !== "NOT_FOUND") requests.setRoute(request, route);
      const { status, body, headers } = toErrorResponse(error, code);
      if (status >= 500) log.error({ err: error, method: request.method, path: new URL(request.url).pathname }, "request failed");
      set.status = status;
      Object.assign(set.headers, headers);
      return Response.json(body, { status, headers: { ...(set.headers as Record<string, string>), ...headers } });
    })
    .use(browserGuard({ corsOrigins: security.corsOrigins, hsts: security.hsts }))
    .use(requestGuard(auth, { jsonBytes: security.maxJsonBodyBytes, uploadBytes: options.maxUploadBytes }))
    .use(docsRoutes({ version: options.version }))
    .use(webRoutes())
    .use(healthRoutes({ ...deps.health, version: options.version }))
    .get(
      "/metrics",
      async ({ set }) => {
        if (!metrics) {
          set.status = 404;
          return { code: "not_found", message: "metrics are not enabled on this node" };
        }
        return new Response(await metrics.render(), { headers: { "content-type": metrics.contentType } });
      },
      { detail: { summary: "Prometheus metrics (text format)", tags: ["operations"] } },
    )
    .use(authRoutes({ users: deps.repos.users, limiter, logger: log }, auth))
    .use(accountRoutes({ repos: deps.repos, blobs: deps.blobs, quotas, logger: log }, auth))
    .use(documentRoutes({ repos: deps.repos, documents: deps.documents, quotas }, auth))
    .use(documentFileRoutes({ documents: deps.documents }, auth))
    .use(conversationRoutes({ repos: deps.repos }, auth))
    .use(chatRoutes(deps.chat, auth, { ...deps.streaming, logger: log }))
    .use(jobEventRoutes({ repos: deps.repos, streaming: deps.streaming }, auth))
    .use(chatSocketRoutes({ chat: deps.chat, streaming: deps.streaming, logger: log, corsOrigins: security.corsOrigins }, auth));
}

/** The app's type, for typed clients and tests. */
export type HttpApp = ReturnType<typeof createHttpApp>;
