/**
 * The caller's account: `GET /api/v2/account` (profile, usage and quotas),
 * `GET /api/v2/account/export` (everything stored about them, as JSON) and
 * `DELETE /api/v2/account` (the user, documents, bytes, chunks, jobs, conversations and
 * messages; every token stops working).
 */
import { Elysia, t } from "elysia";
import type { BlobStore, Repositories } from "../../db/index.ts";
import type { Logger } from "../../runtime/index.ts";
import { requireUser, type AuthContext } from "../auth.ts";
import { AuthenticationError } from "../errors.ts";
import type { Quotas } from "../limits/index.ts";
import { documentView } from "./documents.ts";

/** What the account routes need. */
export interface AccountRouteDeps {
  readonly repos: Repositories;
  readonly blobs: BlobStore;
  readonly quotas: Quotas;
  readonly logger: Logger;
}

/** Account routes. */
export const accountRoutes = (deps: AccountRouteDeps, auth: AuthContext) =>
  new Elysia({ prefix: "/api/v2/account" })
    .use(requireUser(auth))
    .get(
      "",
      async ({ userId }) => {
        const user = await deps.repos.users.findById(userId);
        if (!user) throw new AuthenticationError("invalid_token", "the access token is not valid");
        const usage = await deps.quotas.usage(userId);
        const limits = deps.quotas.limits;
        return {
          user: { id: user.id, email: user.email, name: user.name, created_at: user.createdAt.toISOString() },
          usage,
          limits: { documents: limits.maxDocuments, stored_bytes: limits.maxStoredBytes, uploads_per_hour: limits.maxUploadsPerHour },
        };
      },
      {
        response: {
          200: t.Object({
            user: t.Object({ id: t.String(), email: t.String(), name: t.Nullable(t.String()), created_at: t.String() }),
            usage: t.Object({ documents: t.Number(), stored_bytes: t.Number({ description: "bytes" }), uploads_this_hour: t.Number() }),
            limits: t.Object({ documents: t.Number(), stored_bytes: t.Number({ description: "bytes" }), uploads_per_hour: t.Number() }),
          }),
        },
        detail: { summary: "Your account: profile, usage and quotas", tags: ["account"], security: [{ bearer: [] }] },
      },
    )
    .get(
      "/export",
      async ({ userId, set }) => {
        const user = await deps.repos.users.findById(userId);
        if (!user) throw new AuthenticationError("invalid_token", "the access token is not valid");
        const documents = (await deps.repos.documents.list(userId)).map(documentView);
        const conversations = [];
        for (const c of await deps.repos.conversations.list(userId)) {
          const messages = await deps.repos.conversations.messages(userId, c.id);
          conversations.push({
            conversation_id: c.id,
            title: c.title,
            created_at: c.createdAt.toISOString(),
            updated_at: c.updatedAt.toISOString(),
            messages: messages.map((m) => ({
              message_id: m.id,
              role: m.role,
              content: m.content,
              found: m.found,
              sources: m.sources,
              metadata: m.metadata,
              created_at: m.createdAt.toISOString(),
            })),
          });
        }
        set.headers["content-disposition"] = `attachment; filename="navigator-export-${user.id}.json"`;
        return {
          exported_at: new Date().toISOString(),
          user: { id: user.id, email: user.email, name: user.name, created_at: user.createdAt.toISOString() },
          documents,
          conversations,
        };
      },
      { detail: { summary: "Everything stored about you (documents' metadata, conversations, messages) as JSON", tags: ["account"], security: [{ bearer: [] }] } },
    )
    .delete(
      "",
      async ({ userId, set }) => {
        const gone = await deps.repos.users.delete(userId);
        auth.authenticator.forget(userId);
        if (!gone) throw new AuthenticationError("invalid_token", "the access token is not valid");
        // Rows are gone (cascade); the bytes go after them. A failure here leaves an unreferenced
        // blob, never a reachable one: it is logged (keys only) for an operator to remove.
        const failed: string[] = [];
        await Promise.all(gone.storageKeys.map((key) => deps.blobs.delete(key).catch(() => void failed.push(key))));
        if (failed.length > 0) deps.logger.warn({ userId, keys: failed }, "account deleted; some stored files could not be removed");
        set.status = 204;
        return undefined;
      },
      { detail: { summary: "Delete your account and everything stored for it; every token stops working", tags: ["account"], security: [{ bearer: [] }] } },
    );
