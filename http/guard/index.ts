/**
 * The request guard: bounds every request before any work. On arrival (before routing) it
 * refuses a declared body over the route's limit, and authenticates routes that need a token —
 * so an unauthenticated request is answered 401 without its body ever being read. The body is
 * then read by the guard's parser, counting bytes while streaming, and JSON is depth-checked and
 * scanned for control characters before any handler sees it.
 */
import { Elysia } from "elysia";
import type { AuthContext } from "../auth.ts";
import { InputError } from "../errors.ts";
import { bodyLimitFor, checkDeclaredLength, readBounded, requestPath, type BodyLimits } from "./body.ts";
import { checkText, MAX_JSON_DEPTH, parseJsonBody } from "./json.ts";

export * from "./body.ts";
export * from "./json.ts";
export * from "./browser.ts";

/** Routes answered without a token; every other `/api/v2/…` route and `POST /chat` need one. */
export const PUBLIC_API_PATHS: ReadonlySet<string> = new Set(["/api/v2/auth/register", "/api/v2/auth/login"]);

/** True when `path` needs a bearer token (checked before the body is read). */
export function needsToken(path: string): boolean {
  return path === "/chat" || (path.startsWith("/api/v2/") && !PUBLIC_API_PATHS.has(path));
}

/** The guard plugin (global hooks). */
export function requestGuard(auth: Pick<AuthContext, "principal">, limits: BodyLimits) {
  return new Elysia({ name: "navigator-request-guard" })
    .onRequest(async ({ request }) => {
      if (request.method === "OPTIONS") return;
      const path = requestPath(request.url);
      if (needsToken(path)) await auth.principal(request);
      checkDeclaredLength(request, bodyLimitFor(path, limits));
    })
    .onParse({ as: "global" }, async ({ request, contentType, path }) => {
      const bytes = await readBounded(request, bodyLimitFor(path, limits));
      const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
      if (type === "application/json" || type.endsWith("+json")) return parseJsonBody(new TextDecoder().decode(bytes), MAX_JSON_DEPTH);
      if (type === "multipart/form-data" || type === "application/x-www-form-urlencoded") return formBody(bytes, request.headers.get("content-type") ?? "");
      if (bytes.byteLength === 0) return {};
      throw new InputError("unsupported_media_type", `a body of type ${JSON.stringify(type.slice(0, 100) || "(none)")} is not accepted here; send JSON`);
    });
}

/** A form body as an object: one value per field, an array when a field repeats; text fields checked. */
async function formBody(bytes: Uint8Array, contentType: string): Promise<Record<string, unknown>> {
  let form: Awaited<ReturnType<Response["formData"]>>;
  try {
    form = await new Response(bytes, { headers: { "content-type": contentType } }).formData();
  } catch (error) {
    throw new InputError("malformed_form", "the form body could not be parsed", { cause: error });
  }
  const body: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    checkText(key);
    if (typeof value === "string") checkText(value, key);
    const previous = body[key];
    body[key] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return body;
}
