/**
 * Login and registration abuse limits: attempts per account and per client address in fixed
 * windows (counters shared by the cluster when they live in NATS KV), and a cap on argon2 work in
 * flight in this process (each hash or verify costs ~50–100 ms of one core and 64 MiB).
 */
import type { CounterStore } from "../../runtime/counters/index.ts";
import { LimitError } from "../errors.ts";

/** Login attempts per account per window before 429 (OWASP ASVS 4.0 §2.2.1: at most 100 failed attempts per hour). */
export const DEFAULT_LOGIN_MAX_PER_ACCOUNT = 10;
/** Login attempts per client address per window before 429. */
export const DEFAULT_LOGIN_MAX_PER_ADDRESS = 50;
/** Window of the login counters, milliseconds (15 minutes). */
export const DEFAULT_LOGIN_WINDOW_MS = 15 * 60_000;
/** Registrations per client address per window before 429. */
export const DEFAULT_REGISTER_MAX_PER_ADDRESS = 10;
/** Window of the registration counter, milliseconds (1 hour). */
export const DEFAULT_REGISTER_WINDOW_MS = 60 * 60_000;
/** argon2 hashes or verifies running at once in one process; more answer 429 `auth_busy`. */
export const DEFAULT_ARGON2_MAX_INFLIGHT = 4;

/** Limits of {@link createAuthLimiter}. */
export interface AuthLimitOptions {
  readonly loginMaxPerAccount: number;
  readonly loginMaxPerAddress: number;
  readonly loginWindowMs: number;
  readonly registerMaxPerAddress: number;
  readonly registerWindowMs: number;
  readonly argon2MaxInflight: number;
  /** Take the client address from `X-Forwarded-For` (right-most entry): only behind a proxy that sets it. */
  readonly trustProxy: boolean;
}

/** Defaults of {@link AuthLimitOptions}. */
export const DEFAULT_AUTH_LIMITS: AuthLimitOptions = {
  loginMaxPerAccount: DEFAULT_LOGIN_MAX_PER_ACCOUNT,
  loginMaxPerAddress: DEFAULT_LOGIN_MAX_PER_ADDRESS,
  loginWindowMs: DEFAULT_LOGIN_WINDOW_MS,
  registerMaxPerAddress: DEFAULT_REGISTER_MAX_PER_ADDRESS,
  registerWindowMs: DEFAULT_REGISTER_WINDOW_MS,
  argon2MaxInflight: DEFAULT_ARGON2_MAX_INFLIGHT,
  trustProxy: false,
};

/** One login attempt, counted; tell it how it ended. */
export interface LoginAttempt {
  failed(): Promise<void>;
  /** The right password: the account's counter starts over. */
  succeeded(): Promise<void>;
}

/** The limiter the auth routes use. */
export interface AuthLimiter {
  readonly trustProxy: boolean;
  /**
   * Counts a login attempt for `email` from `address`.
   * @throws LimitError `rate_limited` (429, Retry-After = seconds to the window's end).
   */
  login(email: string, address: string): Promise<LoginAttempt>;
  /** Counts a registration from `address`. @throws LimitError `rate_limited`. */
  register(address: string): Promise<void>;
  /**
   * Runs argon2 work when fewer than `argon2MaxInflight` run.
   * @throws LimitError `auth_busy` (429, Retry-After 1) otherwise.
   */
  hashing<T>(work: () => Promise<T>): Promise<T>;
}

/** Creates the limiter over `counters`. */
export function createAuthLimiter(deps: { counters: CounterStore; clock?: { now(): number } }, options: Partial<AuthLimitOptions> = {}): AuthLimiter {
  const o = { ...DEFAULT_AUTH_LIMITS, ...options };
  for (const [name, value] of Object.entries(o)) {
    if (typeof value === "number" && (!Number.isInteger(value) || value < 1)) throw new RangeError(`auth limits: ${name} must be a positive integer`);
  }
  const now = () => (deps.clock ?? Date).now();
  const refuse = (resetAt: number, what: string) => {
    const seconds = Math.max(1, Math.ceil((resetAt - now()) / 1000));
    return new LimitError("rate_limited", `too many ${what}; try again in ${seconds} s`, seconds);
  };
  let inflight = 0;
  return {
    trustProxy: o.trustProxy,
    async login(email, address) {
      const accountKey = `login:account:${email}`;
      const [account, byAddress] = await Promise.all([
        deps.counters.hit(accountKey, o.loginWindowMs),
        deps.counters.hit(`login:address:${address}`, o.loginWindowMs),
      ]);
      if (account.count > o.loginMaxPerAccount) throw refuse(account.resetAt, "login attempts for this account");
      if (byAddress.count > o.loginMaxPerAddress) throw refuse(byAddress.resetAt, "login attempts from this address");
      return {
        failed: async () => {},
        succeeded: () => deps.counters.reset(accountKey, o.loginWindowMs),
      };
    },
    async register(address) {
      const hit = await deps.counters.hit(`register:address:${address}`, o.registerWindowMs);
      if (hit.count > o.registerMaxPerAddress) throw refuse(hit.resetAt, "registrations from this address");
    },
    async hashing(work) {
      if (inflight >= o.argon2MaxInflight) throw new LimitError("auth_busy", "the server is busy checking passwords; retry in a second", 1);
      inflight++;
      try {
        return await work();
      } finally {
        inflight--;
      }
    },
  };
}
