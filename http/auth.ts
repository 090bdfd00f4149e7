/**
 * Bearer-token authentication (HS256 JWT through @elysiajs/jwt) and the auth routes: register,
 * login, password change, logout. Passwords are hashed with argon2id (`Bun.password`), at most
 * `argon2MaxInflight` at a time; login and registration are rate limited (http/limits).
 */
import { jwt } from "@elysiajs/jwt";
import { Elysia, t } from "elysia";
import type { UserRepository, UserRow } from "../db/index.ts";
import type { Logger } from "../runtime/index.ts";
import { createAuthenticator, type Authenticator, type Principal } from "./authenticate.ts";
import { AuthenticationError, InputError } from "./errors.ts";
import type { AuthLimiter } from "./limits/index.ts";

/** Shortest password accepted, characters (NIST SP 800-63B §5.1.1.2: at least 8). */
export const MIN_PASSWORD_CHARS = 8;
/** Longest password accepted, characters (bounds hashing work per request). */
export const MAX_PASSWORD_CHARS = 1024;

/** What the auth plugin needs. */
export interface AuthOptions {
  readonly secret: string;
  /** Token lifetime, seconds. */
  readonly ttlSeconds: number;
  /** How long a token check against the database is cached, milliseconds (see http/authenticate.ts). */
  readonly cacheTtlMs?: number;
}

/** Authentication as the routes use it: verify a request's token once, issue tokens. */
export interface AuthContext extends AuthOptions {
  readonly authenticator: Authenticator;
  /**
   * The request's caller from `Authorization: Bearer`, checked once per request (memoised).
   * @throws AuthenticationError `missing_token` | `invalid_token` | `token_expired`.
   */
  principal(request: Request): Promise<Principal>;
  /** Signs an access token for `user` (fresh `jti`, the user's token version). */
  issue(user: Pick<UserRow, "id" | "tokenVersion">): Promise<string>;
}

/** The jwt decorator, under the name `jwt`. */
export const jwtPlugin = (options: AuthOptions) => jwt({ name: "jwt", secret: options.secret, exp: `${options.ttlSeconds}s` });

/** Builds the {@link AuthContext} over the user repository. */
export function createAuthContext(deps: { users: Pick<UserRepository, "tokenState"> }, options: AuthOptions): AuthContext {
  const signer = new Elysia().use(jwtPlugin(options)).decorator.jwt;
  const authenticator = createAuthenticator({ users: deps.users, jwt: signer }, { cacheTtlMs: options.cacheTtlMs });
  const principals = new WeakMap<Request, Promise<Principal>>();
  return {
    ...options,
    authenticator,
    principal(request) {
      let found = principals.get(request);
      if (!found) {
        const match = /^Bearer\s+(\S+)$/i.exec((request.headers.get("authorization") ?? "").trim());
        found = match
          ? authenticator.authenticate(match[1]!)
          : Promise.reject(new AuthenticationError("missing_token", "an Authorization: Bearer <token> header is required"));
        found.catch(() => undefined);
        principals.set(request, found);
      }
      return found;
    },
    issue: (user) => signer.sign({ sub: user.id, jti: crypto.randomUUID(), ver: user.tokenVersion }),
  };
}

/**
 * Derives `userId` (and the token's `jti`, `expiresAt`) from the request's bearer token. The
 * request guard (http/guard) has usually checked it already, before the body was read.
 * @throws AuthenticationError `missing_token` | `invalid_token` | `token_expired`.
 */
export const requireUser = (auth: AuthContext) =>
  new Elysia({ name: "navigator-require-user", seed: auth.secret }).derive({ as: "scoped" }, async ({ request }) => {
    const principal = await auth.principal(request);
    return { userId: principal.userId, principal };
  });

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const emailSchema = t.String({ maxLength: 320, description: "account email; compared case-insensitively" });
const passwordSchema = t.String({ maxLength: MAX_PASSWORD_CHARS });
const userView = (u: UserRow) => ({ id: u.id, email: u.email, name: u.name, created_at: u.createdAt.toISOString() });
const tokenResponse = t.Object({
  access_token: t.String(),
  token_type: t.Literal("bearer"),
  expires_in: t.Number({ description: "seconds" }),
  user: t.Object({ id: t.String(), email: t.String(), name: t.Nullable(t.String()), created_at: t.String() }),
});

/** What `POST /register` answers, whether or not the email already had an account. */
export const REGISTER_ACCEPTED = {
  status: "accepted",
  message: "if this email can be registered, the account now exists: log in with it (POST /api/v2/auth/login)",
} as const;

/** What the auth routes need. */
export interface AuthRouteDeps {
  readonly users: UserRepository;
  readonly limiter: AuthLimiter;
  readonly logger: Logger;
}

/** `POST /api/v2/auth/register | login | password | logout`. */
export const authRoutes = (deps: AuthRouteDeps, auth: AuthContext) => {
  // Login verifies against this hash when the email is unknown, so both paths cost the same.
  const unknownUserHash = Bun.password.hash(crypto.randomUUID(), { algorithm: "argon2id" });
  const hash = (password: string) => deps.limiter.hashing(() => Bun.password.hash(password, { algorithm: "argon2id" }));
  const verify = (password: string, digest: string) => deps.limiter.hashing(() => Bun.password.verify(password, digest));
  return new Elysia({ prefix: "/api/v2/auth" })
    .post(
      "/register",
      async ({ body, set, request, server }) => {
        await deps.limiter.register(clientAddress(request, server, deps.limiter.trustProxy));
        const email = body.email.trim().toLowerCase();
        if (!EMAIL_PATTERN.test(email)) throw new InputError("invalid_email", "email is not a valid address", { field: "email" });
        checkPassword(body.password, email);
        // Hash whether or not the email is taken: both answers cost the same and look the same.
        const passwordHash = await hash(body.password);
        const existing = await deps.users.findByEmail(email);
        if (!existing) {
          await deps.users.create({ id: Bun.randomUUIDv7(), email, passwordHash, name: body.name?.trim() || null }).catch((error: unknown) => {
            if ((error as { code?: unknown }).code !== "email_taken") throw error; // a concurrent registration won: same answer
          });
        }
        set.status = 202;
        return REGISTER_ACCEPTED;
      },
      {
        body: t.Object({ email: emailSchema, password: passwordSchema, name: t.Optional(t.String({ maxLength: 200 })) }),
        response: { 202: t.Object({ status: t.Literal("accepted"), message: t.String() }) },
        detail: {
          summary: "Create an account (the answer is the same whether or not the email already has one; then log in)",
          tags: ["auth"],
        },
      },
    )
    .post(
      "/login",
      async ({ body, request, server }) => {
        const email = body.email.trim().toLowerCase();
        const attempt = await deps.limiter.login(email, clientAddress(request, server, deps.limiter.trustProxy));
        const user = await deps.users.findByEmail(email);
        const ok = await verify(body.password, user?.passwordHash ?? (await unknownUserHash));
        if (!user || !ok) {
          await attempt.failed();
          throw new AuthenticationError("invalid_credentials", "email or password is incorrect");
        }
        await attempt.succeeded();
        return { access_token: await auth.issue(user), token_type: "bearer" as const, expires_in: auth.ttlSeconds, user: userView(user) };
      },
      {
        body: t.Object({ email: emailSchema, password: passwordSchema }),
        response: { 200: tokenResponse },
        detail: { summary: "Log in and get an access token", tags: ["auth"] },
      },
    )
    .use(requireUser(auth))
    .post(
      "/password",
      async ({ body, userId }) => {
        const user = await deps.users.findById(userId);
        if (!user || !(await verify(body.current_password, user.passwordHash))) {
          throw new AuthenticationError("invalid_credentials", "the current password is incorrect");
        }
        checkPassword(body.new_password, user.email);
        const version = await deps.users.setPassword(userId, await hash(body.new_password));
        if (version === undefined) throw new AuthenticationError("invalid_token", "the access token is not valid");
        auth.authenticator.forget(userId);
        return { access_token: await auth.issue({ id: userId, tokenVersion: version }), token_type: "bearer" as const, expires_in: auth.ttlSeconds, user: userView({ ...user, tokenVersion: version }) };
      },
      {
        body: t.Object({ current_password: passwordSchema, new_password: passwordSchema }),
        response: { 200: tokenResponse },
        detail: { summary: "Change the password: every earlier token is revoked; the answer carries a new one", tags: ["auth"], security: [{ bearer: [] }] },
      },
    )
    .post(
      "/logout",
      async ({ body, userId, principal, set }) => {
        if (body?.all || !principal.jti) await deps.users.revokeAllTokens(userId);
        else await deps.users.revokeToken(userId, principal.jti, new Date(principal.expiresAt ?? Date.now() + auth.ttlSeconds * 1000));
        auth.authenticator.forget(userId);
        set.status = 204;
        return undefined;
      },
      {
        body: t.Optional(t.Object({ all: t.Optional(t.Boolean({ description: "revoke every token of this account, not only this one" })) })),
        detail: { summary: "Revoke this access token (or all of the account's with {all:true})", tags: ["auth"], security: [{ bearer: [] }] },
      },
    );
};

/**
 * The client's address: the socket's peer, or with `trustProxy` the right-most
 * `X-Forwarded-For` entry (the one our proxy appended; earlier entries are the client's word).
 */
export function clientAddress(request: Request, server: { requestIP(request: Request): { address: string } | null } | null | undefined, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = request.headers.get("x-forwarded-for")?.split(",").map((s) => s.trim()).filter(Boolean).pop();
    if (forwarded) return forwarded;
  }
  return server?.requestIP(request)?.address ?? "unknown";
}

function checkPassword(password: string, email: string): void {
  if (password.length < MIN_PASSWORD_CHARS) {
    throw new InputError("weak_password", `password needs ${MIN_PASSWORD_CHARS} characters or more`, { field: "password" });
  }
  if (new Set(password).size < 4 || password.toLowerCase() === email) {
    throw new InputError("weak_password", "password is too easy to guess (too few distinct characters, or equal to the email)", { field: "password" });
  }
}
