/** `GET /api/v2/documents/:id/file`: the owner's own PDF, for the page's viewer and citation links. */
import { Elysia, t } from "elysia";
import type { DocumentService } from "../../actors/ingestion/index.ts";
import { NotFoundError } from "../../db/index.ts";
import { requireUser, type AuthContext } from "../auth.ts";
import { checkId } from "./documents.ts";

/**
 * `Content-Disposition` for `filename`: `inline` (the browser shows it rather than saving it), an
 * ASCII fallback name and the exact name as RFC 6266 / RFC 8187 `filename*` (UTF-8, percent-encoded).
 */
export function inlineDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `inline; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * The route. Another user's document (or an id that is not a UUID) answers 404 `not_found`, the
 * same as an unknown one; the bytes are sent as stored, never cached by shared caches.
 */
export const documentFileRoutes = (deps: { documents: DocumentService }, auth: AuthContext) =>
  new Elysia({ prefix: "/api/v2" }).use(requireUser(auth)).get(
    "/documents/:id/file",
    async ({ params, userId }) => {
      const id = checkId("document", params.id);
      const file = await deps.documents.read(userId, id);
      if (!file) throw new NotFoundError("document", id);
      return new Response(file.bytes as Uint8Array<ArrayBuffer>, {
        headers: {
          "content-type": "application/pdf",
          "content-disposition": inlineDisposition(file.filename),
          "cache-control": "private, no-store",
          "x-content-type-options": "nosniff",
        },
      });
    },
    {
      params: t.Object({ id: t.String() }),
      response: { 200: t.Any({ description: "the PDF (`application/pdf`, `Content-Disposition: inline`)" }) },
      detail: {
        summary: "The caller's own PDF, shown inline",
        description: "The bytes as uploaded (`application/pdf`, `Content-Disposition: inline`, `Cache-Control: private, no-store`). A citation's `page` is the 1-based physical page. Another user's document answers 404 `not_found`.",
        tags: ["documents"],
      },
    },
  );
