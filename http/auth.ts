/**
 * Bearer-token authentication (HS256 JWT through @elysiajs/jwt) and the register / login routes.
 * Passwords are hashed with argon2id (`Bun.password`).
 */
import { jwt } from "@elysiajs/jwt";
import { Elysia, t } from "elysia";
import type { UserRepository, UserRow } from "../db/index.ts";
import { AuthenticationError, InputError } from "./errors.ts";

/** Shortest password accepted, characters (NIST SP 800-63B §5.1.1.2: at least 8). */
export const MIN_PASSWORD_CHARS = 8;
/** Longest password accepted, characters (bounds hashing work per request). */
export const MAX_PASSWORD_CHARS = 1024;

/** What the auth plugin needs. */
export interface AuthOptions {
  readonly secret: string;
  /** Token lifetime, seconds. */
  readonly ttlSeconds: number;
}

/** The jwt decorator, under the name `jwt`. */
export const jwtPlugin = (options: AuthOptions) =>
  jwt({ name: "jwt", secret: options.secret, exp: `${options.ttlSeconds}s` });

/**
 * Derives `userId` from `Authorization: Bearer <token>` before the body is validated, so a request
 * without a valid token is a 401 whatever its body.
 * @throws AuthenticationError `missing_token` | `invalid_token` | `token_expired`.
 */
export const requireUser = (options: AuthOptions) =>
  new Elysia({ name: "navigator-require-user", seed: options.secret })
    .use(jwtPlugin(options))
    .derive({ as: "scoped" }, async ({ jwt, headers }) => {
      const header = headers.authorization ?? "";
      const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
      if (!match) throw new AuthenticationError("missing_token", "an Authorization: Bearer <token> header is required");
      return { userId: (await verifyAccessToken(jwt, match[1]!)).userId };
    });

/** What checks a token's signature and claims: the `jwt` decorator of {@link jwtPlugin}. */
export interface TokenVerifier {
  verify(token?: string): Promise<false | { readonly sub?: unknown; readonly exp?: unknown }>;
}

/**
 * Verifies an access token (HS256 signature, `exp`): the bearer header's token, or the token of a
 * WebSocket's first `auth` message.
 * @returns `userId` (the `sub` claim) and `expiresAt` (epoch milliseconds from `exp`; undefined without one).
 * @throws AuthenticationError `invalid_token` | `token_expired`.
 */
export async function verifyAccessToken(jwt: TokenVerifier, token: string): Promise<{ userId: string; expiresAt?: number }> {
  const payload = await jwt.verify(token);
  if (!payload || typeof payload.sub !== "string") {
    if (isExpired(token)) throw new AuthenticationError("token_expired", "the access token has expired; log in again");
    throw new AuthenticationError("invalid_token", "the access token is not valid");
  }
  return { userId: payload.sub, expiresAt: typeof payload.exp === "number" ? payload.exp * 1000 : undefined };
}

/** True when the (unverified) token's `exp` is in the past. Only used to word the error. */
function isExpired(token: string): boolean {
  try {
    const part = token.split(".")[1];
    if (!part) return false;
    const claims = JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as { exp?: number };
    return typeof claims.exp === "number" && claims.exp * 1000 < Date.now();
  } catch {
    return false;
  }
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const credentials = t.Object({
  email: t.String({ maxLength: 320, description: "account email; compared case-insensitively" }),
  password: t.String({ maxLength: MAX_PASSWORD_CHARS }),
});
const userView = (u: UserRow) => ({ id: u.id, email: u.email, name: u.name, created_at: u.createdAt.toISOString() });
const tokenResponse = t.Object({
  access_token: t.String(),
  token_type: t.Literal("bearer"),
  expires_in: t.Number({ description: "seconds" }),
  user: t.Object({ id: t.String(), email: t.String(), name: t.Nullable(t.String()), created_at: t.String() }),
});

/** `POST /api/v2/auth/register` and `POST /api/v2/auth/login`. */
export const authRoutes = (deps: { users: UserRepository }, options: AuthOptions) => {
  // Login verifies against this hash when the email is unknown, so both paths cost the same.
  const unknownUserHash = Bun.password.hash(crypto.randomUUID(), { algorithm: "argon2id" });
  return new Elysia({ prefix: "/api/v2/auth" })
    .use(jwtPlugin(options))
    .post(
      "/register",
      async ({ body, jwt, set }) => {
        const email = body.email.trim().toLowerCase();
        if (!EMAIL_PATTERN.test(email)) throw new InputError("invalid_email", "email is not a valid address", { field: "email" });
        checkPassword(body.password, email);
        const passwordHash = await Bun.password.hash(body.password, { algorithm: "argon2id" });
        const user = await deps.users.create({ id: Bun.randomUUIDv7(), email, passwordHash, name: body.name?.trim() || null });
        set.status = 201;
        return { access_token: await jwt.sign({ sub: user.id }), token_type: "bearer" as const, expires_in: options.ttlSeconds, user: userView(user) };
      },
      {
        body: t.Object({ email: credentials.properties.email, password: credentials.properties.password, name: t.Optional(t.String({ maxLength: 200 })) }),
        response: { 201: tokenResponse },
        detail: { summary: "Create an account and get an access token", tags: ["auth"] },
      },
    )
    .post(
      "/login",
      async ({ body, jwt }) => {
        const user = await deps.users.findByEmail(body.email.trim());
        const ok = await Bun.password.verify(body.password, user?.passwordHash ?? (await unknownUserHash));
        if (!user || !ok) throw new AuthenticationError("invalid_credentials", "email or password is incorrect");
        return { access_token: await jwt.sign({ sub: user.id }), token_type: "bearer" as const, expires_in: options.ttlSeconds, user: userView(user) };
      },
      { body: credentials, response: { 200: tokenResponse }, detail: { summary: "Log in and get an access token", tags: ["auth"] } },
    );
};

function checkPassword(password: string, email: string): void {
  if (password.length < MIN_PASSWORD_CHARS) {
    throw new InputError("weak_password", `password must be at least ${MIN_PASSWORD_CHARS} characters`, { field: "password" });
  }
  if (new Set(password).size < 4 || password.toLowerCase() === email) {
    throw new InputError("weak_password", "password is too easy to guess (too few distinct characters, or equal to the email)", { field: "password" });
  }
}
