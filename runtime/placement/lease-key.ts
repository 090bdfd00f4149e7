/**
 * Keys and values of actor leases in the NATS KV bucket (see `kv-lease.ts`), and the named errors
 * of the lease placement.
 */

import { NavigatorError } from "../error-base.ts";
import type { KvEntry } from "@nats-io/kv";
import type { ActorAddress } from "../types.ts";

/**
 * Tokens used in a key as they are. NATS KV keys allow only `[-/_=.a-zA-Z0-9]` (nats.js
 * `validateKey`), and `.` separates tokens, so this is the safe subset for one token.
 */
const PLAIN_TOKEN = /^[A-Za-z0-9_-]+$/;
/** Prefix of an encoded token. A plain-looking token that starts with it is encoded too. */
export const ENCODED_TOKEN_PREFIX = "b64_";

/**
 * Encodes one key token: a string matching `/^[A-Za-z0-9_-]+$/` (a UUID, a slug) that does not
 * start with `"b64_"` is kept as it is; anything else becomes `"b64_" + base64url(utf8(s))`
 * (no padding), so distinct strings always give distinct tokens. Lone UTF-16 surrogates are not
 * representable in UTF-8 and are encoded as U+FFFD.
 */
export function encodeKeyToken(s: string): string {
  if (PLAIN_TOKEN.test(s) && !s.startsWith(ENCODED_TOKEN_PREFIX)) return s;
  return ENCODED_TOKEN_PREFIX + Buffer.from(s, "utf8").toString("base64url");
}

/** Inverse of `encodeKeyToken`. */
export function decodeKeyToken(token: string): string {
  if (!token.startsWith(ENCODED_TOKEN_PREFIX)) return token;
  return Buffer.from(token.slice(ENCODED_TOKEN_PREFIX.length), "base64url").toString("utf8");
}

/**
 * The KV key of an actor's lease: `${kind}.${id}`, each part encoded by `encodeKeyToken`
 * (e.g. `agent.6f1c…-uuid`, `agent.b64_YW5hQGV4YW1wbGUuY29t` for "ana@example.com").
 */
export function leaseKey(address: ActorAddress): string {
  return `${encodeKeyToken(address.kind)}.${encodeKeyToken(address.id)}`;
}

/** The JSON value stored under a lease key. */
export interface LeaseValue {
  /** Node holding the lease. */
  readonly node: string;
  /** When that node first took the lease, epoch milliseconds (kept across refreshes). */
  readonly since: number;
  /** The lease TTL the holder works with, in milliseconds (informational). */
  readonly ttl_ms: number;
}

/** Serialises a lease value as UTF-8 JSON. */
export function encodeLeaseValue(value: LeaseValue): string {
  return JSON.stringify({ node: value.node, since: value.since, ttl_ms: value.ttl_ms });
}

/**
 * Parses the value of a live (`PUT`) KV entry.
 * @throws InvalidLeaseValueError when it is not JSON with a non-empty string `node`.
 */
export function parseLeaseValue(entry: KvEntry): LeaseValue {
  let parsed: unknown;
  try {
    parsed = entry.json<unknown>();
  } catch (error) {
    throw new InvalidLeaseValueError(entry.key, { cause: error });
  }
  const v = parsed as Partial<LeaseValue> | null;
  if (typeof v !== "object" || v === null || typeof v.node !== "string" || v.node.length === 0) {
    throw new InvalidLeaseValueError(entry.key);
  }
  return {
    node: v.node,
    since: typeof v.since === "number" ? v.since : 0,
    ttl_ms: typeof v.ttl_ms === "number" ? v.ttl_ms : 0,
  };
}

/** True when `error` is JetStream's "wrong last sequence" answer to a compare-and-set write. */
export function isWrongLastSequence(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // JetStreamApiCodes.StreamWrongLastSequence (10071) / StreamWrongLastSequenceUnknown (10164).
  return code === 10071 || code === 10164;
}

/** A lease entry in the bucket holds something this placement cannot read (not our JSON). */
export class InvalidLeaseValueError extends NavigatorError {
  readonly code = "invalid_lease_value";
  constructor(
    /** The KV key of the entry. */
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(`lease entry "${key}" does not hold a lease value ({ node, since, ttl_ms })`, options);
  }
}

/**
 * Taking or reading a lease kept losing compare-and-set races (`attempts` in a row); the key is
 * being written by others faster than this node can read it. Retrying later is safe.
 */
export class LeaseContentionError extends NavigatorError {
  readonly code = "lease_contention";
  constructor(
    readonly key: string,
    /** How many read/write rounds were tried. */
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(`lease "${key}" changed under every one of ${attempts} attempts to read or take it`, options);
  }
}

/** The lease bucket exists with a TTL other than the lease TTL this node works with. */
export class LeaseBucketMismatchError extends NavigatorError {
  readonly code = "lease_bucket_mismatch";
  constructor(
    readonly bucket: string,
    /** The bucket's TTL (stream max_age), in milliseconds; 0 means none. */
    readonly bucketTtlMs: number,
    /** The lease TTL asked for, in milliseconds. */
    readonly leaseTtlMs: number,
  ) {
    super(
      `KV bucket "${bucket}" has ttl ${bucketTtlMs} ms but the lease TTL is ${leaseTtlMs} ms; ` +
        "use the bucket's TTL or recreate the bucket (leases lapse only through the bucket TTL)",
    );
  }
}
