/**
 * What a browser needs to be safe with this API: CORS for the origins in `CORS_ORIGINS` only
 * (preflights answered here, before routing), the WebSocket's `Origin` checked against the same
 * list, security headers on every response and `Cache-Control: no-store` on user data.
 *
 * Tokens travel in the `Authorization` header, never in cookies, so no response ever allows
 * credentials (`Access-Control-Allow-Credentials` is not sent) and `*` is accepted as "any origin".
 */
import { Elysia } from "elysia";
import { OriginError } from "../errors.ts";
import { requestPath } from "./body.ts";

/** How long a browser may cache a preflight answer, seconds (Chromium caps it at 7,200). */
export const CORS_MAX_AGE_SECONDS = 600;
/** HSTS lifetime, seconds (1 year: the value hstspreload.org asks for is ≥ 31,536,000). */
export const HSTS_MAX_AGE_SECONDS = 31_536_000;

/** Browser-facing options. */
export interface BrowserOptions {
  /** Origins allowed to call the API from a browser (`https://app.example`), or `["*"]`; empty = none. */
  readonly corsOrigins: readonly string[];
  /** Send `Strict-Transport-Security` (the server is reached over HTTPS: own TLS or a TLS proxy). */
  readonly hsts: boolean;
}

/** True when a browser page of `origin` may call the API. */
export function originAllowed(origin: string, allowed: readonly string[]): boolean {
  return allowed.includes("*") || allowed.includes(origin);
}

/**
 * True when a WebSocket upgrade may proceed: no `Origin` (not a browser) or an allowed one. A
 * page on another site could otherwise open a socket and use a token it holds for this API.
 */
export function socketOriginAllowed(request: Request, allowed: readonly string[]): boolean {
  const origin = request.headers.get("origin");
  return origin === null || sameOrigin(origin, request) || originAllowed(origin, allowed);
}

/** True when `origin` is this server's own (the page at `/`): its host equals the request's `Host`. */
function sameOrigin(origin: string, request: Request): boolean {
  try {
    return new URL(origin).host === (request.headers.get("host") ?? new URL(request.url).host);
  } catch {
    return false;
  }
}

const ALLOWED_METHODS = "GET, POST, DELETE, OPTIONS";
const ALLOWED_HEADERS = "authorization, content-type, accept, last-event-id";

/** True for responses that may carry a user's data (every authenticated route). */
function isUserData(path: string): boolean {
  return path === "/chat" || path.startsWith("/api/v2/");
}

/** The security headers of every response. */
export function securityHeaders(options: BrowserOptions, path: string): Record<string, string> {
  return {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "content-security-policy": "frame-ancestors 'none'",
    "referrer-policy": "no-referrer",
    ...(options.hsts ? { "strict-transport-security": `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains` } : {}),
    ...(isUserData(path) ? { "cache-control": "no-store" } : {}),
  };
}

/** The plugin: preflights, CORS response headers, security headers (global hooks). */
export function browserGuard(options: BrowserOptions) {
  return new Elysia({ name: "navigator-browser-guard" }).onRequest(({ request, set }) => {
    const path = requestPath(request.url);
    const origin = request.headers.get("origin");
    Object.assign(set.headers, securityHeaders(options, path));
    const allowed = origin !== null && originAllowed(origin, options.corsOrigins);
    if (allowed) {
      set.headers["access-control-allow-origin"] = options.corsOrigins.includes("*") ? "*" : origin;
      set.headers["access-control-expose-headers"] = "retry-after, content-type";
    }
    set.headers.vary = "Origin";
    if (request.method === "OPTIONS") {
      if (origin !== null && !allowed) throw new OriginError(origin);
      return new Response(null, {
        status: 204,
        headers: {
          ...(set.headers as Record<string, string>),
          "access-control-allow-methods": ALLOWED_METHODS,
          "access-control-allow-headers": ALLOWED_HEADERS,
          "access-control-max-age": String(CORS_MAX_AGE_SECONDS),
        },
      });
    }
  });
}
