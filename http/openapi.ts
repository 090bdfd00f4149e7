/**
 * The OpenAPI document at `/docs/json` and the offline docs page at `/docs`: Scalar's API
 * reference from the `@scalar/api-reference` package (pinned in package.json) served by this
 * server, never a CDN. Every authenticated operation declares the `bearer` scheme and every
 * operation lists its error responses (`{code, message}`, statuses from {@link STATUS_BY_CODE});
 * the SSE and WebSocket protocols are described on their operations.
 */
import { dirname, join } from "node:path";
import { openapi } from "@elysiajs/openapi";
import { Elysia } from "elysia";
import { ASSET_CACHE_CONTROL, assetResponse, loadAsset, type StaticAsset } from "./assets.ts";
import { STATUS_BY_CODE } from "./errors.ts";

/** Where the docs page loads Scalar's standalone bundle from (served by {@link docsAssetRoutes}). */
export const SCALAR_BUNDLE_PATH = "/docs/assets/scalar-standalone.js";
/** The package's standalone browser bundle (its `browser` field), beside its main entry `dist/index.js`. */
const scalarBundleFile = () => join(dirname(Bun.resolveSync("@scalar/api-reference", import.meta.dir)), "browser", "standalone.js");

/** Error codes every operation may answer, beyond its own (README, "HTTP API"). `/health` answers its own report instead. */
const COMMON_CODES = ["database_unavailable", "internal"] as const;
/** Error codes of an operation taking `Authorization: Bearer`. */
const AUTH_CODES = ["missing_token", "invalid_token", "token_expired"] as const;

/**
 * Error codes each operation answers besides {@link COMMON_CODES} and (authenticated ones)
 * {@link AUTH_CODES}; the README's API table is the source. Keys: `METHOD path` as in the spec.
 */
const OPERATION_CODES: Readonly<Record<string, readonly string[]>> = {
  "post /api/v2/auth/register": ["invalid_email", "weak_password", "validation_failed", "malformed_json", "json_too_deep", "invalid_characters", "payload_too_large", "rate_limited", "auth_busy"],
  "post /api/v2/auth/login": ["invalid_credentials", "validation_failed", "malformed_json", "json_too_deep", "invalid_characters", "payload_too_large", "rate_limited", "auth_busy"],
  "post /api/v2/auth/password": ["invalid_credentials", "weak_password", "validation_failed", "malformed_json", "rate_limited", "auth_busy"],
  "post /api/v2/auth/logout": ["validation_failed", "malformed_json"],
  "post /api/v2/upload": [
    "duplicate",
    "payload_too_large",
    "document_quota_exceeded",
    "storage_quota_exceeded",
    "upload_rate_limited",
    "unsupported_media_type",
    "empty_file",
    "invalid_pdf",
    "malformed_form",
    "validation_failed",
    "queue_unavailable",
  ],
  "get /api/v2/jobs/{id}": ["not_found"],
  "get /api/v2/jobs/{id}/events": ["not_found"],
  "get /api/v2/documents/{id}": ["not_found"],
  "get /api/v2/documents/{id}/file": ["not_found"],
  "delete /api/v2/documents/{id}": ["not_found"],
  "patch /api/v2/documents/{id}": ["not_found", "validation_failed", "malformed_json"],
  "post /chat": ["not_found", "message_too_long", "validation_failed", "malformed_json", "json_too_deep", "invalid_characters", "mailbox_full", "ask_timeout", "overloaded", "node_unreachable", "provider_unavailable"],
  "get /api/v2/conversations": ["validation_failed"],
  "get /api/v2/conversations/{id}": ["not_found"],
  "delete /api/v2/conversations/{id}": ["not_found"],
};

/** Operations under `/api/v2` that take no token: sign-up and sign-in. */
const PUBLIC_API_PATHS: ReadonlySet<string> = new Set(["/api/v2/auth/register", "/api/v2/auth/login"]);

/** True for operations that need a bearer token: everything under `/api/v2` but sign-up/in, and `/chat`. */
export function isAuthenticatedPath(path: string): boolean {
  return (path.startsWith("/api/v2/") && !PUBLIC_API_PATHS.has(path)) || path === "/chat";
}

const ERROR_SCHEMA = {
  type: "object",
  required: ["code", "message"],
  properties: {
    code: { type: "string", description: "machine-readable, stable (e.g. `not_found`)" },
    message: { type: "string", description: "for people; may change" },
    field: { type: "string", description: "the request field at fault, when there is one" },
    document_id: { type: "string", description: "with `duplicate`: the document you already have" },
  },
} as const;

type Operation = { security?: unknown; responses?: Record<string, unknown>; description?: string };
type Spec = { paths?: Record<string, Record<string, Operation>>; components?: Record<string, Record<string, unknown>> };

/**
 * Adds to a generated OpenAPI document (returns a new one; the input is not changed): the `Error`
 * schema, `security: [{bearer: []}]` on authenticated operations, and one response per error
 * status an operation can answer, its description naming the codes.
 */
export function describeOperations<T extends object>(generated: T): T {
  const spec = structuredClone(generated) as Spec;
  spec.components = { ...spec.components, schemas: { ...spec.components?.schemas, Error: ERROR_SCHEMA } };
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const [method, operation] of Object.entries(item)) {
      if (typeof operation !== "object" || operation === null || !("responses" in operation || "summary" in operation)) continue;
      const authenticated = isAuthenticatedPath(path);
      if (authenticated) operation.security = [{ bearer: [] }];
      const codes = path === "/health" ? [] : [...(OPERATION_CODES[`${method} ${path}`] ?? []), ...(authenticated ? AUTH_CODES : []), ...COMMON_CODES];
      const byStatus = new Map<number, string[]>();
      for (const code of codes) {
        const status = (STATUS_BY_CODE as Readonly<Record<string, number>>)[code] ?? 500;
        byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
      }
      const responses: Record<string, unknown> = { ...operation.responses };
      if (method === "delete" && !Object.keys(responses).some((s) => s.startsWith("2"))) responses["204"] = { description: "Deleted (no body)" };
      for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
        responses[String(status)] = {
          description: list.map((c) => `\`${c}\``).join(", ") + (status === 429 || status === 503 ? " (with `Retry-After`)" : ""),
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        };
      }
      operation.responses = responses;
    }
  }
  return spec as T;
}

const API_DESCRIPTION = `Chat with your own health-insurance documents.

Authenticated operations take \`Authorization: Bearer <access_token>\` (from sign-up or sign-in).
Every error is JSON \`{"code", "message"}\` with the status listed on the operation; another
user's ids always answer 404 \`not_found\`.

**Server-Sent Events.** \`POST /chat\` with \`Accept: text/event-stream\` streams the turn as events
\`meta\` \`{conversation_id, language?, rewritten_question?}\`, \`sources\` \`{sources, sources_role}\`, \`delta\` \`{text}\`
(concatenated: the answer), then \`done\` (the JSON reply) or \`error\` \`{code, message, status}\`.
\`sources_role\` \`"nearest"\` (with \`found: false\`): the sources are the passages that came closest, not
citations; \`done\` carries the final value.
\`GET /api/v2/jobs/{id}/events\` streams \`job\` events \`{job_id, document_id, status, pct, error, at}\`
until \`complete\` or \`failed\`. Lines starting with \`:\` are heartbeats.

**WebSocket \`/chat/ws\`.** Send \`{"type":"auth","token"}\` first (or the bearer header on the
upgrade); the server answers \`{"type":"ready","user_id"}\`. Then send
\`{"type":"chat","message","conversation_id"?,"id"?}\`; each turn answers with messages
\`{"type":"meta"|"sources"|"delta"|"done"|"error","id",…}\` (the SSE events above, carrying the
turn's \`id\`). The socket also carries \`{"type":"job",job_id,document_id,status,pct,error,at}\` for
the user's uploads and \`{"type":"ping","at"}\` heartbeats (send \`{"type":"ping"}\` for a \`pong\`).
Close codes: 1000 normal, 1001 server shutting down, 1011 internal error, 4400 malformed message,
4401 missing/invalid/expired token, 4408 no \`auth\` in time.`;

type ScalarOptions = NonNullable<NonNullable<Parameters<typeof openapi>[0]>["scalar"]>;

/** Options of the docs. */
export interface DocsOptions {
  readonly version: string;
}

/**
 * The OpenAPI plugin (`/docs` page, `/docs/json` document made by {@link describeOperations}) and
 * the route serving Scalar's bundle from node_modules.
 */
export function docsRoutes(options: DocsOptions) {
  const described = new WeakMap<object, object>();
  let bundle: Promise<StaticAsset> | undefined;
  return new Elysia({ name: "navigator-docs" })
    // Registered before the plugin so that it runs for the plugin's `/docs/json` route.
    .onAfterHandle({ as: "global" }, ({ path, responseValue }) => {
      if (path !== "/docs/json" || typeof responseValue !== "object" || responseValue === null) return;
      let spec = described.get(responseValue);
      if (!spec) described.set(responseValue, (spec = describeOperations(responseValue)));
      return spec;
    })
    .use(
      openapi({
        path: "/docs",
        specPath: "/docs/json",
        documentation: {
          info: { title: "Navigator API", version: options.version, description: API_DESCRIPTION },
          components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
          paths: {
            "/chat/ws": {
              get: {
                summary: "Chat turns and job progress over a WebSocket",
                description: "Upgrade to a WebSocket; the protocol is described at the top of this document.",
                tags: ["chat"],
                security: [{ bearer: [] }, {}],
                responses: { "101": { description: "Switching Protocols" } },
              },
            },
          },
        },
        // Served by this server: the page works without internet (the plugin's default is a CDN, unpinned).
        // Nothing that reaches Scalar's services: no web fonts, developer toolbar, AI agent or telemetry.
        // (The plugin's type asks for every Scalar option; Scalar fills in the ones left out.)
        scalar: {
          cdn: SCALAR_BUNDLE_PATH,
          withDefaultFonts: false,
          hideClientButton: true,
          showDeveloperTools: "never",
          agent: { disabled: true },
          telemetry: false,
        } as unknown as ScalarOptions,
      }),
    )
    .get(
      SCALAR_BUNDLE_PATH,
      async ({ request }) => {
        bundle ??= loadAsset(scalarBundleFile(), "text/javascript; charset=utf-8");
        return assetResponse(request, await bundle, ASSET_CACHE_CONTROL);
      },
      { detail: { hide: true } },
    );
}
