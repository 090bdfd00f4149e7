/**
 * Options of the actor system and of actor kinds: defaults (named, with units) and validation.
 * Options are validated once, when the system is created or a kind registered, so that nonsense
 * fails loudly at start-up instead of misbehaving at run time.
 */

import type { ActorKindOptions } from "./types.ts";

/** Default maximum queued messages per activation (excluding the one being processed). */
export const DEFAULT_MAILBOX_CAPACITY = 1024;
/** Default idle time before an activation is passivated: 5 minutes, in milliseconds. */
export const DEFAULT_IDLE_TIMEOUT_MS = 5 * 60_000;
/** Default `ask` timeout: 30 seconds, in milliseconds. */
export const DEFAULT_ASK_TIMEOUT_MS = 30_000;
/** Default number of consecutive failures after which an actor enters the dead-letter state. */
export const DEFAULT_MAX_CONSECUTIVE_FAILURES = 5;
/** Default delay before the first restart after a failure, in milliseconds (doubles per failure). */
export const DEFAULT_RESTART_BACKOFF_MS = 100;
/** Default upper bound of the restart delay: 10 seconds, in milliseconds. */
export const DEFAULT_MAX_RESTART_BACKOFF_MS = 10_000;
/**
 * Default bound of asks accepted by one node for one kind and not yet settled (queued or running,
 * across all its activations). Beyond it new asks fail with OverloadedError, so a saturated node
 * says so instead of queueing without bound. Default: unbounded (each mailbox is still bounded).
 */
export const DEFAULT_MAX_INFLIGHT_ASKS = Number.MAX_SAFE_INTEGER;
/** Most times one envelope may be forwarded between nodes before the system gives up. */
export const MAX_FORWARD_HOPS = 4;
/** First pause before routing again after the owner was unreachable or not the owner, ms (doubles). */
export const DEFAULT_REROUTE_BACKOFF_MS = 50;
/** Upper bound of that pause, in milliseconds. */
export const MAX_REROUTE_BACKOFF_MS = 250;
/** Default time `shutdown` lets in-flight and queued messages finish: 10 seconds, in milliseconds. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
/** Largest delay a timer accepts (2^31 - 1 ms, about 24.8 days); longer timers would fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/** Options of `createActorSystem`. Every field is optional; defaults are the `DEFAULT_*` constants. */
export interface ActorSystemOptions extends ActorKindOptions {
  /** Id of this node (process). Default: `"node-"` followed by 8 random hex digits. */
  readonly nodeId?: string;
  /** Timeout of an `ask` without `timeoutMs`, in milliseconds. Default: DEFAULT_ASK_TIMEOUT_MS. */
  readonly defaultAskTimeoutMs?: number;
  /** Default `timeoutMs` of `shutdown`, in milliseconds. Default: DEFAULT_SHUTDOWN_TIMEOUT_MS. */
  readonly shutdownTimeoutMs?: number;
  /**
   * Kinds this node hosts, announced to the transport at start (cluster: one NATS queue group
   * per kind, so any node can reach "some node hosting agents"). Registering a kind outside the
   * list throws. Default: not announced (fine for one node, or when every node hosts everything).
   */
  readonly hostedKinds?: readonly string[];
}

/** Kind options with every default applied; what an activation runs with. */
export type ResolvedKindOptions = { readonly [K in Exclude<keyof ActorKindOptions, "isFailure">]-?: number } & {
  readonly isFailure: (error: unknown) => boolean;
};

/** Default `isFailure`: every error thrown by `receive` is a failure of the actor. */
export const EVERY_ERROR_IS_A_FAILURE = (): boolean => true;

/** System options with every default applied. */
export interface ResolvedSystemOptions extends ResolvedKindOptions {
  readonly nodeId: string;
  readonly defaultAskTimeoutMs: number;
  readonly shutdownTimeoutMs: number;
  readonly hostedKinds: readonly string[] | undefined;
}

const KIND_KEYS = [
  "mailboxCapacity",
  "idleTimeoutMs",
  "maxConsecutiveFailures",
  "restartBackoffMs",
  "maxRestartBackoffMs",
  "maxInflightAsks",
  "isFailure",
] as const;
const SYSTEM_KEYS = [...KIND_KEYS, "nodeId", "defaultAskTimeoutMs", "shutdownTimeoutMs", "hostedKinds"] as const;

/**
 * Checks that `value` is an integer in [min, max].
 * @throws RangeError naming `where`, `name`, the bounds and the offending value.
 */
export function checkInteger(where: string, name: string, value: number, min: number, max = MAX_TIMER_MS): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${where}: "${name}" must be an integer in [${min}, ${max}], got ${String(value)}`);
  }
  return value;
}

function checkKeys(where: string, options: object, allowed: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new RangeError(`${where}: unknown option "${key}" (allowed: ${allowed.join(", ")})`);
    }
  }
}

function checkKindOptions(where: string, o: ResolvedKindOptions): ResolvedKindOptions {
  checkInteger(where, "mailboxCapacity", o.mailboxCapacity, 1, Number.MAX_SAFE_INTEGER);
  checkInteger(where, "idleTimeoutMs", o.idleTimeoutMs, 1);
  checkInteger(where, "maxConsecutiveFailures", o.maxConsecutiveFailures, 1, Number.MAX_SAFE_INTEGER);
  checkInteger(where, "restartBackoffMs", o.restartBackoffMs, 0);
  checkInteger(where, "maxRestartBackoffMs", o.maxRestartBackoffMs, o.restartBackoffMs);
  checkInteger(where, "maxInflightAsks", o.maxInflightAsks, 1, Number.MAX_SAFE_INTEGER);
  if (typeof o.isFailure !== "function") throw new RangeError(`${where}: "isFailure" must be a function`);
  return o;
}

/**
 * Applies defaults to system options and validates them.
 * @throws RangeError on an unknown key, a non-integer, a value out of range, an empty `nodeId`, or
 *   `maxRestartBackoffMs < restartBackoffMs`.
 */
export function resolveSystemOptions(options: ActorSystemOptions = {}): ResolvedSystemOptions {
  const where = "createActorSystem";
  checkKeys(where, options, SYSTEM_KEYS);
  const nodeId = options.nodeId ?? `node-${crypto.randomUUID().slice(0, 8)}`;
  if (typeof nodeId !== "string" || nodeId.length === 0) {
    throw new RangeError(`${where}: "nodeId" must be a non-empty string, got ${JSON.stringify(nodeId)}`);
  }
  const kind = checkKindOptions(where, {
    mailboxCapacity: options.mailboxCapacity ?? DEFAULT_MAILBOX_CAPACITY,
    idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    maxConsecutiveFailures: options.maxConsecutiveFailures ?? DEFAULT_MAX_CONSECUTIVE_FAILURES,
    restartBackoffMs: options.restartBackoffMs ?? DEFAULT_RESTART_BACKOFF_MS,
    maxRestartBackoffMs: options.maxRestartBackoffMs ?? DEFAULT_MAX_RESTART_BACKOFF_MS,
    maxInflightAsks: options.maxInflightAsks ?? DEFAULT_MAX_INFLIGHT_ASKS,
    isFailure: options.isFailure ?? EVERY_ERROR_IS_A_FAILURE,
  });
  const hostedKinds = options.hostedKinds;
  if (hostedKinds !== undefined && (!Array.isArray(hostedKinds) || hostedKinds.some((k) => typeof k !== "string" || k.length === 0))) {
    throw new RangeError(`${where}: "hostedKinds" must be an array of non-empty strings`);
  }
  return {
    ...kind,
    nodeId,
    hostedKinds: hostedKinds ? Object.freeze([...hostedKinds]) : undefined,
    defaultAskTimeoutMs: checkInteger(where, "defaultAskTimeoutMs", options.defaultAskTimeoutMs ?? DEFAULT_ASK_TIMEOUT_MS, 1),
    shutdownTimeoutMs: checkInteger(where, "shutdownTimeoutMs", options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS, 0),
  };
}

/**
 * Applies the system's values to the unset fields of a kind's options and validates the result.
 * @throws RangeError as `resolveSystemOptions`, naming the kind.
 */
export function resolveKindOptions(
  kind: string,
  options: ActorKindOptions = {},
  defaults: ResolvedKindOptions,
): ResolvedKindOptions {
  const where = `register("${kind}")`;
  checkKeys(where, options, KIND_KEYS);
  return checkKindOptions(where, {
    mailboxCapacity: options.mailboxCapacity ?? defaults.mailboxCapacity,
    idleTimeoutMs: options.idleTimeoutMs ?? defaults.idleTimeoutMs,
    maxConsecutiveFailures: options.maxConsecutiveFailures ?? defaults.maxConsecutiveFailures,
    restartBackoffMs: options.restartBackoffMs ?? defaults.restartBackoffMs,
    maxRestartBackoffMs: options.maxRestartBackoffMs ?? defaults.maxRestartBackoffMs,
    maxInflightAsks: options.maxInflightAsks ?? defaults.maxInflightAsks,
    isFailure: options.isFailure ?? defaults.isFailure,
  });
}
