/**
 * Options of the KV lease placement (`createKvLeasePlacement`): defaults and validation.
 */

import { checkInteger, MAX_TIMER_MS } from "../options.ts";

/** Default lease TTL: 10 seconds, in milliseconds. Must equal the bucket's TTL. */
export const DEFAULT_LEASE_TTL_MS = 10_000;
/** Default time a remote owner read from the bucket is trusted without asking again, ms. */
export const DEFAULT_OWNER_CACHE_MS = 1_000;
/** Default upper bound of `close()` releasing the held leases, in milliseconds. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 2_000;

/** Options of `createKvLeasePlacement`. */
export interface KvLeasePlacementOptions {
  /** Kinds this node hosts: it takes the lease of an unowned actor only for these. */
  readonly hostedKinds: readonly string[];
  /** Lease TTL in milliseconds; must equal the bucket's `ttl`. Default: DEFAULT_LEASE_TTL_MS. */
  readonly leaseTtlMs?: number;
  /** Time between two refresh rounds, ms (integer >= 1). Default: `leaseTtlMs / 4` (rounded down). */
  readonly refreshIntervalMs?: number;
  /**
   * How long before the server may drop a lease this node stops trusting it, ms (integer >= 1).
   * Covers timer lateness and clock-rate differences. Default: `leaseTtlMs / 5` (rounded down).
   * `refreshIntervalMs + safetyMarginMs` must be below `leaseTtlMs` (what remains is the time a
   * refresh has to succeed before the lease is given up).
   */
  readonly safetyMarginMs?: number;
  /** How long a remote owner is cached, ms (integer >= 0; 0 = always ask). Default: DEFAULT_OWNER_CACHE_MS. */
  readonly ownerCacheMs?: number;
  /** Upper bound of `close()` deleting the held leases, ms (integer >= 0). Default: DEFAULT_CLOSE_TIMEOUT_MS. */
  readonly closeTimeoutMs?: number;
}

/** Options with every default applied. */
export interface ResolvedKvLeaseOptions {
  readonly hostedKinds: ReadonlySet<string>;
  readonly leaseTtlMs: number;
  readonly refreshIntervalMs: number;
  readonly safetyMarginMs: number;
  readonly ownerCacheMs: number;
  readonly closeTimeoutMs: number;
}

const KEYS = ["hostedKinds", "leaseTtlMs", "refreshIntervalMs", "safetyMarginMs", "ownerCacheMs", "closeTimeoutMs"];

/**
 * Applies defaults and validates.
 * @throws RangeError naming the option: unknown key, `hostedKinds` not an array of non-empty
 *   strings, a value not an integer in range, `leaseTtlMs < 4`, or
 *   `refreshIntervalMs + safetyMarginMs >= leaseTtlMs`.
 */
export function resolveKvLeaseOptions(options: KvLeasePlacementOptions): ResolvedKvLeaseOptions {
  const where = "createKvLeasePlacement";
  for (const key of Object.keys(options)) {
    if (!KEYS.includes(key)) throw new RangeError(`${where}: unknown option "${key}" (allowed: ${KEYS.join(", ")})`);
  }
  const kinds = options.hostedKinds;
  if (!Array.isArray(kinds) || kinds.some((k) => typeof k !== "string" || k.length === 0)) {
    throw new RangeError(`${where}: "hostedKinds" must be an array of non-empty strings, got ${JSON.stringify(kinds)}`);
  }
  const leaseTtlMs = checkInteger(where, "leaseTtlMs", options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS, 4);
  const refreshIntervalMs = checkInteger(where, "refreshIntervalMs", options.refreshIntervalMs ?? Math.floor(leaseTtlMs / 4), 1);
  const safetyMarginMs = checkInteger(where, "safetyMarginMs", options.safetyMarginMs ?? Math.floor(leaseTtlMs / 5), 1);
  if (refreshIntervalMs + safetyMarginMs >= leaseTtlMs) {
    throw new RangeError(
      `${where}: "refreshIntervalMs" + "safetyMarginMs" must be below "leaseTtlMs", got ` +
        `${refreshIntervalMs} + ${safetyMarginMs} >= ${leaseTtlMs}`,
    );
  }
  return {
    hostedKinds: new Set(kinds),
    leaseTtlMs,
    refreshIntervalMs,
    safetyMarginMs,
    ownerCacheMs: checkInteger(where, "ownerCacheMs", options.ownerCacheMs ?? DEFAULT_OWNER_CACHE_MS, 0, MAX_TIMER_MS),
    closeTimeoutMs: checkInteger(where, "closeTimeoutMs", options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS, 0),
  };
}
