/**
 * Named errors of the actor runtime. `code` is machine-readable and stable; callers (e.g. the HTTP
 * layer) switch on it instead of on class identity, which does not survive a network transport.
 */

import { NavigatorError } from "./error-base.ts";
import type { ActorAddress } from "./types.ts";
import type { WorkerPoolErrorCode } from "./worker-pool/errors.ts";

/** Union of every `code` the runtime's own errors carry. */
export type ActorRuntimeErrorCode =
  | "mailbox_full"
  | "ask_timeout"
  | "dead_letter"
  | "system_stopped"
  | "unknown_actor_kind"
  | "node_unreachable"
  | "not_owner"
  | "overloaded"
  | "unsupported_protocol"
  | "lease_bucket_mismatch"
  | "invalid_lease_value"
  | "lease_contention";

/**
 * Every `code` of the runtime's errors: the actor runtime's, the wire format's (transport/wire.ts)
 * and the JetStream work queue's (work-queue/).
 */
export type RuntimeErrorCode =
  | ActorRuntimeErrorCode
  | "bad_envelope"
  | "payload_too_large"
  | "work_queue_closed"
  | "work_queue_setup"
  | "counters_unavailable"
  | WorkerPoolErrorCode;

function describe(address: ActorAddress): string {
  return `${address.kind}/${address.id}`;
}

/**
 * The activation's mailbox already holds `capacity` queued messages (the one being processed is
 * not counted). Thrown by `ask`; reported to the dead-letter sink (reason "mailbox_full") by `tell`.
 */
export class MailboxFullError extends NavigatorError {
  readonly code = "mailbox_full";
  /** A later attempt may succeed. */
  override readonly retryable = true;
  constructor(
    readonly address: ActorAddress,
    /** The mailbox capacity that was reached, in messages. */
    readonly capacity: number,
    options?: { cause?: unknown },
  ) {
    super(`mailbox of actor ${describe(address)} is full (capacity ${capacity})`, options);
  }
}

/**
 * No reply arrived within `timeoutMs`. The message may still be processed if it was already
 * running; if it was still queued it is skipped when its turn comes.
 */
export class AskTimeoutError extends NavigatorError {
  readonly code = "ask_timeout";
  /** A later attempt may succeed. */
  override readonly retryable = true;
  constructor(
    readonly address: ActorAddress,
    /** The timeout that elapsed, in milliseconds. */
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(`ask to actor ${describe(address)} timed out after ${timeoutMs} ms`, options);
  }
}

/**
 * The actor is in the dead-letter state after too many consecutive failures: the message was not
 * processed and was published to the dead-letter sink. `cause` is the last failure, if known.
 */
export class DeadLetterError extends NavigatorError {
  readonly code = "dead_letter";
  constructor(
    readonly address: ActorAddress,
    options?: { cause?: unknown },
  ) {
    super(`actor ${describe(address)} is in the dead-letter state after repeated failures`, options);
  }
}

/** The actor system is shutting down or stopped and accepts no more messages or registrations. */
export class ActorSystemStoppedError extends NavigatorError {
  readonly code = "system_stopped";
  constructor(options?: { cause?: unknown }) {
    super("the actor system is stopped", options);
  }
}

/** A message was sent to a kind that has no registered behaviour on the hosting node. */
export class UnknownActorKindError extends NavigatorError {
  readonly code = "unknown_actor_kind";
  constructor(
    readonly kind: string,
    options?: { cause?: unknown },
  ) {
    super(`no behaviour is registered for actor kind "${kind}"`, options);
  }
}

/** The transport has no listener for the node that placement chose. */
export class NodeUnreachableError extends NavigatorError {
  readonly code = "node_unreachable";
  /** A later attempt may succeed. */
  override readonly retryable = true;
  /**
   * True when the message certainly reached no actor (no node listens), so the sender may route
   * it again without risk of processing it twice. Cleared when the error escapes an actor's
   * handler (a nested ask failed), because the outer message *was* delivered.
   */
  undelivered = true;
  constructor(
    readonly nodeId: string,
    options?: { cause?: unknown },
  ) {
    super(`node "${nodeId}" is not reachable through the transport`, options);
  }
}

/**
 * A node received a node-addressed envelope for an actor it does not own (its lease lapsed or
 * moved). The sending system locates the actor again and re-routes; callers see it only when
 * re-routing ran out of time.
 */
export class NotOwnerError extends NavigatorError {
  readonly code = "not_owner";
  /** A later attempt may succeed. */
  override readonly retryable = true;
  /** See NodeUnreachableError.undelivered. */
  undelivered = true;
  constructor(
    readonly address: ActorAddress,
    /** The node that refused. */
    readonly nodeId: string,
    options?: { cause?: unknown },
  ) {
    super(`node "${nodeId}" does not own actor ${describe(address)}`, options);
  }
}

/**
 * The node already holds `limit` unsettled asks for this kind (`maxInflightAsks`): the tier is
 * saturated. Retry later (HTTP: 503 with Retry-After).
 */
export class OverloadedError extends NavigatorError {
  readonly code = "overloaded";
  /** A later attempt may succeed. */
  override readonly retryable = true;
  constructor(
    readonly kind: string,
    /** The bound that was reached, in asks. */
    readonly limit: number,
    options?: { cause?: unknown },
  ) {
    super(`too many requests in flight for "${kind}" on this node (limit ${limit}); retry shortly`, options);
  }
}

/**
 * An envelope arrived in a wire format version this node does not speak (a newer or older
 * release in the same cluster). Answered to the sender, never a crash.
 */
export class UnsupportedProtocolError extends NavigatorError {
  readonly code = "unsupported_protocol";
  constructor(
    /** The version the sender used (header value, verbatim). */
    readonly received: string,
    /** The versions this node accepts. */
    readonly supported: readonly number[],
    options?: { cause?: unknown },
  ) {
    super(`unsupported wire protocol version ${JSON.stringify(received)} (this node speaks ${supported.join(", ")})`, options);
  }
}

/**
 * An error thrown by a handler on another node, carried back over the transport. Keeps the
 * remote `code`, `name`, `message` and enumerable own fields (e.g. `field`, `documentId`), so the
 * HTTP layer maps it exactly as it maps the local error.
 */
export class RemoteError extends NavigatorError {
  readonly code: string;
  readonly remoteName: string;
  [field: string]: unknown;
  constructor(code: string, name: string, message: string, fields: Readonly<Record<string, unknown>> = {}) {
    super(message);
    for (const [key, value] of Object.entries(fields)) {
      if (!(key in this)) (this as Record<string, unknown>)[key] = value;
    }
    this.code = code;
    this.remoteName = name;
  }
}

/**
 * True when `error` proves the message reached no actor (see NodeUnreachableError.undelivered),
 * so routing it again cannot process it twice.
 */
export function isUndelivered(error: unknown): boolean {
  const e = error as { code?: unknown; undelivered?: unknown } | null;
  return (e?.code === "not_owner" || e?.code === "node_unreachable") && e.undelivered === true;
}

/**
 * A shared counter store (counters/, e.g. the JetStream KV bucket of a cluster's rate limits and
 * quotas) could not be read or written: the broker is down or reconnecting. Retryable; callers
 * should refuse the request for now (503) rather than skip the limit.
 */
export class CountersUnavailableError extends NavigatorError {
  readonly code = "counters_unavailable";
  override readonly retryable = true;
  constructor(options?: { cause?: unknown }) {
    super("shared rate-limit counters are unavailable (the message broker is down or reconnecting); try again shortly", options);
  }
}
