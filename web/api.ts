/**
 * The page's typed client: Eden Treaty over the server's own app type ({@link HttpApp}), so each
 * route's path, body and reply are checked against the server at compile time. The CLI or any
 * TypeScript program can use it the same way (see README, "Typed client").
 */
import { treaty } from "@elysiajs/eden";
import type { HttpApp } from "../http/app.ts";

/** A client for the server at `origin`; `token()` is read on every request (undefined: no header). */
export function createApiClient(origin: string, token: () => string | undefined) {
  return treaty<HttpApp>(origin, {
    headers: (): Record<string, string> => {
      const value = token();
      return value ? { authorization: `Bearer ${value}` } : {};
    },
  });
}

/** The typed client. */
export type ApiClient = ReturnType<typeof createApiClient>;

/** An error body of the API (`{code, message}`), or what could be made of a failed request. */
export interface ApiError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/** The `{code, message}` of an Eden error (`{status, value}`), with a fallback for bodies that are not ours. */
export function apiError(error: { status: unknown; value: unknown }): ApiError {
  const status = typeof error.status === "number" ? error.status : 0;
  const value = error.value as { code?: unknown; message?: unknown } | null;
  const code = typeof value?.code === "string" ? value.code : `http_${status}`;
  const message = typeof value?.message === "string" ? value.message : `the server answered ${status}`;
  return { status, code, message };
}


/**
 * The member's own PDF (`GET /api/v2/documents/:id/file`) as bytes.
 * @throws Error with the API's message when it is not theirs (404) or the token is refused.
 */
export async function fetchDocumentFile(origin: string, token: string, documentId: string): Promise<Uint8Array> {
  const res = await fetch(`${origin}/api/v2/documents/${encodeURIComponent(documentId)}/file`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) {
    const value = await res.json().catch(() => null);
    throw new Error(apiError({ status: res.status, value }).message);
  }
  return new Uint8Array(await res.arrayBuffer());
}
