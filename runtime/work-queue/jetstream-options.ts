/**
 * Options of the JetStream work queue: defaults (named, with units) and validation, done once in
 * `createJetStreamWorkQueue` so that nonsense fails loudly at start-up.
 */
import type { NatsConnection } from "@nats-io/transport-node";
import { checkInteger, MAX_TIMER_MS } from "../options.ts";
import type { Logger } from "../types.ts";

/** Default ack wait of the consumer (JetStream `ack_wait`): 10 seconds, in milliseconds. */
export const DEFAULT_ACK_WAIT_MS = 10_000;
/** Default deliveries of one item before the broker gives up (JetStream `max_deliver`). */
export const DEFAULT_MAX_DELIVERIES = 5;
/** Default delay before the first redelivery of a `retry`, in milliseconds; doubles per delivery. */
export const DEFAULT_RETRY_BACKOFF_MS = 1_000;
/** Upper bound of the retry delay: 60 seconds, in milliseconds. */
export const MAX_RETRY_BACKOFF_MS = 60_000;
/**
 * Default de-duplication window of the stream (JetStream `duplicate_window`, the server's own
 * default): 2 minutes, in milliseconds.
 */
export const DEFAULT_DUPLICATE_WINDOW_MS = 120_000;
/**
 * How long one pull request waits on the server for an item, in milliseconds; an idle worker
 * pulls again after it. The client requires at least 1 000 ms; short enough that a worker whose
 * pull was lost (server restart) re-checks within seconds, long enough not to load the server.
 */
export const PULL_EXPIRES_MS = 5_000;
/**
 * How long `enqueue` waits for the PubAck of one attempt, in milliseconds. Measured on
 * nats-server 2.9.10: a publish sent right after a server restart was sometimes neither stored nor
 * answered, so an attempt gives up early and is repeated (with the same `Nats-Msg-Id`, so an
 * attempt that was in fact stored is de-duplicated).
 */
export const ENQUEUE_ATTEMPT_TIMEOUT_MS = 1_000;
/** Attempts of one `enqueue` on a timeout or "no responders" (the client's backoff in between). */
export const ENQUEUE_ATTEMPTS = 5;
/** First pause after a failed pull (e.g. NATS down), in milliseconds; doubles per failure. */
export const PULL_RETRY_BACKOFF_MS = 100;
/** Upper bound of the pause after failed pulls, in milliseconds. */
export const MAX_PULL_RETRY_BACKOFF_MS = 1_000;
/** Smallest accepted `ackWaitMs`, in milliseconds (`working()` is sent every third of it). */
export const MIN_ACK_WAIT_MS = 100;

/** What the queue needs from its host. */
export interface JetStreamWorkQueueDeps {
  /** An open connection; the queue never closes it. */
  readonly nc: NatsConnection;
  readonly logger: Logger;
}

/** Options of `createJetStreamWorkQueue`. */
export interface JetStreamWorkQueueOptions {
  /** Stream name (letters, digits, `-`, `_`; no `.`, `*`, `>` or spaces). */
  readonly stream: string;
  /** The one subject the stream stores and the consumer filters, e.g. `"navigator.ingest"`. */
  readonly subject: string;
  /** Durable consumer name shared by every worker node (same character rules as `stream`). */
  readonly durable: string;
  /** Consumer `ack_wait`, in milliseconds (integer ≥ 100). Default: DEFAULT_ACK_WAIT_MS. */
  readonly ackWaitMs?: number;
  /** Consumer `max_deliver`, deliveries (integer ≥ 1). Default: DEFAULT_MAX_DELIVERIES. */
  readonly maxDeliveries?: number;
  /**
   * Delay before redelivering a `retry` without `delayMs`, in milliseconds (integer in
   * [0, MAX_RETRY_BACKOFF_MS]); doubles per delivery, capped at MAX_RETRY_BACKOFF_MS.
   * Default: DEFAULT_RETRY_BACKOFF_MS.
   */
  readonly retryBackoffMs?: number;
  /** Stream `duplicate_window`, in milliseconds (integer ≥ 1). Default: DEFAULT_DUPLICATE_WINDOW_MS. */
  readonly duplicateWindowMs?: number;
}

/** Options with every default applied. */
export type ResolvedJetStreamWorkQueueOptions = Required<JetStreamWorkQueueOptions>;

const WHERE = "createJetStreamWorkQueue";
const KEYS = ["stream", "subject", "durable", "ackWaitMs", "maxDeliveries", "retryBackoffMs", "duplicateWindowMs"];
const NAME = /^[A-Za-z0-9_-]+$/;
const SUBJECT = /^[^\s*>]+$/;

function checkName(name: string, value: unknown, pattern: RegExp, rule: string): string {
  if (typeof value !== "string" || !pattern.test(value) || value.startsWith(".") || value.endsWith(".") || value.includes("..")) {
    throw new RangeError(`${WHERE}: "${name}" must be ${rule}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Applies defaults and validates.
 * @throws RangeError naming the option on an unknown key, a bad name/subject, or a number that
 *   is not an integer in range.
 */
export function resolveJetStreamWorkQueueOptions(options: JetStreamWorkQueueOptions): ResolvedJetStreamWorkQueueOptions {
  for (const key of Object.keys(options)) {
    if (!KEYS.includes(key)) throw new RangeError(`${WHERE}: unknown option "${key}" (allowed: ${KEYS.join(", ")})`);
  }
  const nameRule = "a non-empty name of letters, digits, '-' and '_'";
  return {
    stream: checkName("stream", options.stream, NAME, nameRule),
    subject: checkName("subject", options.subject, SUBJECT, "a non-empty subject without wildcards or spaces"),
    durable: checkName("durable", options.durable, NAME, nameRule),
    ackWaitMs: checkInteger(WHERE, "ackWaitMs", options.ackWaitMs ?? DEFAULT_ACK_WAIT_MS, MIN_ACK_WAIT_MS),
    maxDeliveries: checkInteger(WHERE, "maxDeliveries", options.maxDeliveries ?? DEFAULT_MAX_DELIVERIES, 1, 2_147_483_647),
    retryBackoffMs: checkInteger(WHERE, "retryBackoffMs", options.retryBackoffMs ?? DEFAULT_RETRY_BACKOFF_MS, 0, MAX_RETRY_BACKOFF_MS),
    duplicateWindowMs: checkInteger(WHERE, "duplicateWindowMs", options.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS, 1, MAX_TIMER_MS),
  };
}

/**
 * Delay before redelivering the `deliveryCount`-th delivery after a `retry` without `delayMs`:
 * `retryBackoffMs * 2^(deliveryCount - 1)`, capped at MAX_RETRY_BACKOFF_MS, in milliseconds.
 */
export function retryDelayMs(retryBackoffMs: number, deliveryCount: number): number {
  const exponent = Math.max(0, Math.min(deliveryCount - 1, 30));
  return Math.min(retryBackoffMs * 2 ** exponent, MAX_RETRY_BACKOFF_MS);
}
