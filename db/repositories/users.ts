import { eq } from "drizzle-orm";
import type { Database } from "../client.ts";
import { EmailTakenError, isUniqueViolation } from "../errors.ts";
import { users } from "../schema.ts";

/** A user as stored (the password hash never leaves the data layer except for verification). */
export type UserRow = typeof users.$inferSelect;

/** Users: create and look up by email or id. Emails are compared lower-cased. */
export interface UserRepository {
  /** @throws EmailTakenError when the email exists. */
  create(input: { id: string; email: string; passwordHash: string; name?: string | null }): Promise<UserRow>;
  findByEmail(email: string): Promise<UserRow | undefined>;
  findById(id: string): Promise<UserRow | undefined>;
}

/** Creates the user repository over `db`. */
export function createUserRepository(db: Database): UserRepository {
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
  };
}
