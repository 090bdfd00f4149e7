import { and, eq, lt, sql } from "drizzle-orm";
import type { Database } from "../client.ts";
import { EmailTakenError, isUniqueViolation } from "../errors.ts";
import { documents, revokedTokens, users } from "../schema.ts";

/** A user as stored (the password hash never leaves the data layer except for verification). */
export type UserRow = typeof users.$inferSelect;

/** What a request's authentication needs to know of a token's user (one indexed lookup). */
export interface TokenState {
  /** The user's current token version; tokens with another `ver` are revoked. */
  readonly tokenVersion: number;
  /** True when this token's `jti` was revoked by a logout. */
  readonly revoked: boolean;
}

/** A user's stored usage, for quotas and `GET /api/v2/account`. */
export interface UserUsage {
  readonly documents: number;
  /** Sum of the user's documents' sizes, bytes. */
  readonly storedBytes: number;
}

/**
 * Users: create and look up by email or id; token revocation; deletion. Emails are compared
 * lower-cased.
 */
export interface UserRepository {
  /** @throws EmailTakenError when the email exists. */
  create(input: { id: string; email: string; passwordHash: string; name?: string | null }): Promise<UserRow>;
  findByEmail(email: string): Promise<UserRow | undefined>;
  findById(id: string): Promise<UserRow | undefined>;
  /** The token state of user `id` and token `jti`; undefined when the user does not exist. */
  tokenState(id: string, jti: string | undefined): Promise<TokenState | undefined>;
  /**
   * Replaces the password hash and bumps the token version (revoking every earlier token).
   * @returns the new token version, or undefined when the user does not exist.
   */
  setPassword(id: string, passwordHash: string): Promise<number | undefined>;
  /** Bumps the token version: every token issued so far is refused. @returns the new version. */
  revokeAllTokens(id: string): Promise<number | undefined>;
  /**
   * Revokes one token by `jti` until `expiresAt` (after which it is refused as expired anyway);
   * purges revocations that have expired.
   */
  revokeToken(id: string, jti: string, expiresAt: Date): Promise<void>;
  /** Documents and stored bytes of the user. */
  usage(id: string): Promise<UserUsage>;
  /**
   * Deletes the user and, by cascade, every row of theirs (documents, jobs, chunks,
   * conversations, messages, revocations). @returns the storage keys of their documents (for the
   * caller to delete the bytes), or undefined when the user did not exist.
   */
  delete(id: string): Promise<{ storageKeys: string[] } | undefined>;
}

/** Creates the user repository over `db`. */
export function createUserRepository(db: Database): UserRepository {
  const bump = async (id: string, set: Partial<typeof users.$inferInsert> = {}) => {
    const [row] = await db
      .update(users)
      .set({ ...set, tokenVersion: sql`${users.tokenVersion} + 1` })
      .where(eq(users.id, id))
      .returning({ tokenVersion: users.tokenVersion });
    return row?.tokenVersion;
  };
  return {
    async create(input) {
      try {
        const [row] = await db
          .insert(users)
          .values({ id: input.id, email: input.email.toLowerCase(), passwordHash: input.passwordHash, name: input.name ?? null })
          .returning();
        return row!;
      } catch (error) {
        if (isUniqueViolation(error)) throw new EmailTakenError({ cause: error });
        throw error;
      }
    },
    async findByEmail(email) {
      const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase())).limit(1);
      return row;
    },
    async findById(id) {
      const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
      return row;
    },
    async tokenState(id, jti) {
      const revoked = jti
        ? sql<boolean>`exists (select 1 from ${revokedTokens} r where r.jti = ${jti} and r.user_id = ${users}.id)`
        : sql<boolean>`false`;
      const [row] = await db.select({ tokenVersion: users.tokenVersion, revoked }).from(users).where(eq(users.id, id)).limit(1);
      return row ? { tokenVersion: row.tokenVersion, revoked: Boolean(row.revoked) } : undefined;
    },
    setPassword: (id, passwordHash) => bump(id, { passwordHash }),
    revokeAllTokens: (id) => bump(id),
    async revokeToken(id, jti, expiresAt) {
      await db.delete(revokedTokens).where(lt(revokedTokens.expiresAt, new Date()));
      await db.insert(revokedTokens).values({ jti, userId: id, expiresAt }).onConflictDoNothing();
    },
    async usage(id) {
      const [row] = await db
        .select({ documents: sql<number>`count(*)::int`, storedBytes: sql<number>`coalesce(sum(${documents.bytes}), 0)::bigint` })
        .from(documents)
        .where(eq(documents.userId, id));
      return { documents: Number(row?.documents ?? 0), storedBytes: Number(row?.storedBytes ?? 0) };
    },
    async delete(id) {
      return db.transaction(async (tx) => {
        const keys = await tx.select({ key: documents.storageKey }).from(documents).where(eq(documents.userId, id));
        const [gone] = await tx.delete(users).where(and(eq(users.id, id))).returning({ id: users.id });
        return gone ? { storageKeys: keys.map((k) => k.key) } : undefined;
      });
    },
  };
}
