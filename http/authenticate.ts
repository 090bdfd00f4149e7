/**
 * Who a request is: verifies an access token (signature, expiry), then checks its subject
 * against the database — the user exists, the token's version is the user's current one (a
 * password change or "log out everywhere" bumps it) and its `jti` was not revoked by a logout.
 * The database answer is cached per (user, jti) for `cacheTtlMs`, so a revocation reaches every
 * node of a cluster (they share the database) within that time; the node that revoked forgets
 * its cache entry at once.
 */
import type { UserRepository } from "../db/index.ts";
import { AuthenticationError } from "./errors.ts";

/** How long a token check is trusted before asking the database again, milliseconds. */
export const DEFAULT_AUTH_CACHE_TTL_MS = 1_000;
/** Entries kept in the token check cache before the oldest are dropped. */
export const AUTH_CACHE_MAX_ENTRIES = 10_000;
/**
 * How long a token whose signature verified is trusted without verifying it again, milliseconds
 * (never past its `exp`). The signature check (HMAC of every request's token) is a pure function
 * of the token and the secret, so this only saves CPU; revocation is the database check above.
 */
export const DEFAULT_VERIFIED_TOKEN_TTL_MS = 60_000;
/** Verified tokens kept (least recently verified first out); ~0.5 KiB each. */
export const VERIFIED_TOKEN_CACHE_MAX_ENTRIES = 10_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Claims of a verified access token. */
export interface AccessClaims {
  readonly sub?: unknown;
  readonly exp?: unknown;
  readonly jti?: unknown;
  readonly ver?: unknown;
}

/** What checks a token's signature and claims: the `jti` decorator of @elysiajs/jwt. */
export interface TokenVerifier {
  verify(token?: string): Promise<false | AccessClaims>;
}

/** An authenticated caller. */
export interface Principal {
  readonly userId: string;
  /** Token id (`jti`); absent on tokens issued before revocation existed. */
  readonly jti?: string;
  /** Epoch milliseconds from `exp`; undefined without one. */
  readonly expiresAt?: number;
}

/** Authenticates tokens against the signature and the database. */
export interface Authenticator {
  /**
   * @throws AuthenticationError `invalid_token` (bad signature, malformed subject, unknown user,
   *   revoked) | `token_expired`; the database's error when it cannot be asked.
   */
  authenticate(token: string): Promise<Principal>;
  /** Forgets cached checks of `userId` (after revoking their tokens on this node). */
  forget(userId: string): void;
}

/**
 * Creates an authenticator. `cacheTtlMs` defaults to {@link DEFAULT_AUTH_CACHE_TTL_MS}; 0 disables the cache.
 * `verifiedTtlMs` (default {@link DEFAULT_VERIFIED_TOKEN_TTL_MS}; 0 disables) keeps a token whose
 * signature verified, keyed by the token itself, at most {@link VERIFIED_TOKEN_CACHE_MAX_ENTRIES}
 * of them; a token that failed verification is never kept.
 */
export function createAuthenticator(
  deps: { users: Pick<UserRepository, "tokenState">; jwt: TokenVerifier; clock?: { now(): number } },
  options: { cacheTtlMs?: number; verifiedTtlMs?: number } = {},
): Authenticator {
  const ttl = options.cacheTtlMs ?? DEFAULT_AUTH_CACHE_TTL_MS;
  if (!Number.isInteger(ttl) || ttl < 0) throw new RangeError("cacheTtlMs must be a non-negative integer");
  const verifiedTtl = options.verifiedTtlMs ?? DEFAULT_VERIFIED_TOKEN_TTL_MS;
  if (!Number.isInteger(verifiedTtl) || verifiedTtl < 0) throw new RangeError("verifiedTtlMs must be a non-negative integer");
  const now = () => (deps.clock ?? Date).now();
  const cache = new Map<string, { at: number; ok: boolean; userId: string }>();
  const verified = new Map<string, { claims: AccessClaims; until: number }>();
  /** The token's claims when its signature and `exp` hold (from the cache while it is trusted). */
  const verify = async (token: string): Promise<false | AccessClaims> => {
    const hit = verified.get(token);
    if (hit && now() < hit.until) return hit.claims;
    if (hit) verified.delete(token);
    const claims = await deps.jwt.verify(token);
    if (claims && verifiedTtl > 0) {
      const at = now();
      // Never past `exp` (epoch seconds; the verifier rejects a token from its `exp` second on).
      const until = Math.min(at + verifiedTtl, typeof claims.exp === "number" ? claims.exp * 1000 : Number.POSITIVE_INFINITY);
      if (until > at) {
        if (verified.size >= VERIFIED_TOKEN_CACHE_MAX_ENTRIES) verified.delete(verified.keys().next().value!);
        verified.set(token, { claims, until });
      }
    }
    return claims;
  };
  const invalid = () => new AuthenticationError("invalid_token", "the access token is not valid");
  return {
    async authenticate(token) {
      const claims = await verify(token);
      if (!claims) {
        if (isExpired(token)) throw new AuthenticationError("token_expired", "the access token has expired; log in again");
        throw invalid();
      }
      if (typeof claims.sub !== "string" || !UUID.test(claims.sub)) throw invalid();
      const userId = claims.sub.toLowerCase();
      const jti = typeof claims.jti === "string" && UUID.test(claims.jti) ? claims.jti.toLowerCase() : undefined;
      const version = typeof claims.ver === "number" ? claims.ver : 0;
      const key = `${userId}:${jti ?? ""}:${version}`;
      const hit = cache.get(key);
      let ok: boolean;
      if (hit && now() - hit.at < ttl) {
        ok = hit.ok;
      } else {
        const state = await deps.users.tokenState(userId, jti);
        ok = state !== undefined && !state.revoked && state.tokenVersion === version;
        if (ttl > 0) {
          if (cache.size >= AUTH_CACHE_MAX_ENTRIES) cache.delete(cache.keys().next().value!);
          cache.set(key, { at: now(), ok, userId });
        }
      }
      if (!ok) throw invalid();
      return { userId, jti, expiresAt: typeof claims.exp === "number" ? claims.exp * 1000 : undefined };
    },
    forget(userId) {
      for (const [key, entry] of cache) if (entry.userId === userId) cache.delete(key);
    },
  };
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
