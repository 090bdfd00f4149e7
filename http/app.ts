/**
 * The Elysia application: routes, OpenAPI at `/docs`, and the one `onError` that turns every
 * error into JSON `{code, message}` with its status.
 */
import { openapi } from "@elysiajs/openapi";
import { Elysia } from "elysia";
import type { DocumentService } from "../actors/ingestion/index.ts";
import { PayloadTooLargeError } from "../actors/ingestion/index.ts";
import type { Repositories } from "../db/index.ts";
import type { Logger } from "../runtime/index.ts";
import { authRoutes, type AuthOptions } from "./auth.ts";
import { toErrorResponse } from "./errors.ts";
import { chatRoutes, type ChatRouteDeps } from "./routes/chat.ts";
import { conversationRoutes } from "./routes/conversations.ts";
import { chatSocketRoutes } from "./routes/chat-socket.ts";
import { documentRoutes } from "./routes/documents.ts";
import { jobEventRoutes } from "./routes/job-events.ts";
import type { StreamingDeps } from "./streaming/index.ts";

/** Room for multipart framing around an upload, bytes. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/** What the app needs. */
export interface HttpAppDeps {
  readonly repos: Repositories;
  readonly documents: DocumentService;
  readonly chat: ChatRouteDeps;
  /** SSE (`POST /chat` with `Accept: text/event-stream`, `GET /api/v2/jobs/:id/events`) and `/chat/ws`. */
  readonly streaming: StreamingDeps;
  readonly logger: Logger;
  /** Reports readiness for `/health` (e.g. a `select 1`). */
  readonly health: () => Promise<Record<string, unknown>>;
}

/** Options of the app. */
export interface HttpAppOptions {
  readonly auth: AuthOptions;
  /** Upload limit, bytes. */
  readonly maxUploadBytes: number;
  readonly version: string;
}

/** Builds the Elysia app (not listening). */
export function createHttpApp(deps: HttpAppDeps, options: HttpAppOptions) {
  const log = deps.logger.child({ component: "http" });
  return new Elysia({ serve: { maxRequestBodySize: 2 * options.maxUploadBytes + MULTIPART_OVERHEAD_BYTES } })
    .onRequest(({ request }) => {
      // Refuse an oversized upload from its Content-Length, before reading the body.
      const length = Number(request.headers.get("content-length") ?? 0);
      if (length > options.maxUploadBytes + MULTIPART_OVERHEAD_BYTES && new URL(request.url).pathname === "/api/v2/upload") {
        throw new PayloadTooLargeError(length, options.maxUploadBytes);
      }
    })
    .onError({ as: "global" }, ({ code, error, set, request }) => {
      const { status, body, headers } = toErrorResponse(error, code);
      if (status >= 500) log.error({ err: error, method: request.method, url: request.url }, "request failed");
      set.status = status;
      Object.assign(set.headers, headers);
      return Response.json(body, { status, headers });
    })
    .use(
      openapi({
        path: "/docs",
        documentation: {
          info: { title: "Navigator API", version: options.version, description: "Chat with your own health-insurance documents." },
          components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
        },
      }),
    )
    .get("/health", async ({ set }) => {
      const report = await deps.health().catch((error: unknown) => ({ status: "down", error: String(error) }));
      if (report.status !== "ok") set.status = 503;
      return { version: options.version, ...report };
    }, { detail: { summary: "Liveness and readiness", tags: ["operations"] } })
    .use(authRoutes({ users: deps.repos.users }, options.auth))
    .use(documentRoutes({ repos: deps.repos, documents: deps.documents }, options.auth))
    .use(conversationRoutes({ repos: deps.repos }, options.auth))
    .use(chatRoutes(deps.chat, options.auth, { ...deps.streaming, logger: log }))
    .use(jobEventRoutes({ repos: deps.repos, streaming: deps.streaming }, options.auth))
    .use(chatSocketRoutes({ chat: deps.chat, streaming: deps.streaming, logger: log }, options.auth));
}

/** The app's type, for typed clients and tests. */
export type HttpApp = ReturnType<typeof createHttpApp>;
