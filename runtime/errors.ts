/**
 * Named errors of the actor runtime. `code` is machine-readable and stable; callers (e.g. the HTTP
 * layer) switch on it instead of on class identity, which does not survive a network transport.
 */

import type { ActorAddress } from "./types.ts";

/** Union of every `code` the runtime's own errors carry. */
export type ActorRuntimeErrorCode =
  | "mailbox_full"
  | "ask_timeout"
  | "dead_letter"
  | "system_stopped"
  | "unknown_actor_kind"
  | "node_unreachable";

function describe(address: ActorAddress): string {
  return `${address.kind}/${address.id}`;
}

/**
 * The activation's mailbox already holds `capacity` queued messages (the one being processed is
 * not counted). Thrown by `ask`; reported to the dead-letter sink (reason "mailbox_full") by `tell`.
 */
export class MailboxFullError extends Error {
  readonly code = "mailbox_full";
  constructor(
    readonly address: ActorAddress,
    /** The mailbox capacity that was reached, in messages. */
    readonly capacity: number,
    options?: { cause?: unknown },
  ) {
    super(`mailbox of actor ${describe(address)} is full (capacity ${capacity})`, options);
    this.name = "MailboxFullError";
  }
}

/**
 * No reply arrived within `timeoutMs`. The message may still be processed if it was already
 * running; if it was still queued it is skipped when its turn comes.
 */
export class AskTimeoutError extends Error {
  readonly code = "ask_timeout";
  constructor(
    readonly address: ActorAddress,
    /** The timeout that elapsed, in milliseconds. */
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(`ask to actor ${describe(address)} timed out after ${timeoutMs} ms`, options);
    this.name = "AskTimeoutError";
  }
}

/**
 * The actor is in the dead-letter state after too many consecutive failures: the message was not
 * processed and was published to the dead-letter sink. `cause` is the last failure, if known.
 */
export class DeadLetterError extends Error {
  readonly code = "dead_letter";
  constructor(
    readonly address: ActorAddress,
    options?: { cause?: unknown },
  ) {
    super(`actor ${describe(address)} is in the dead-letter state after repeated failures`, options);
    this.name = "DeadLetterError";
  }
}

/** The actor system is shutting down or stopped and accepts no more messages or registrations. */
export class ActorSystemStoppedError extends Error {
  readonly code = "system_stopped";
  constructor(options?: { cause?: unknown }) {
    super("the actor system is stopped", options);
    this.name = "ActorSystemStoppedError";
  }
}

/** A message was sent to a kind that has no registered behaviour on the hosting node. */
export class UnknownActorKindError extends Error {
  readonly code = "unknown_actor_kind";
  constructor(
    readonly kind: string,
    options?: { cause?: unknown },
  ) {
    super(`no behaviour is registered for actor kind "${kind}"`, options);
    this.name = "UnknownActorKindError";
  }
}

/** The transport has no listener for the node that placement chose. */
export class NodeUnreachableError extends Error {
  readonly code = "node_unreachable";
  constructor(
    readonly nodeId: string,
    options?: { cause?: unknown },
  ) {
    super(`node "${nodeId}" is not reachable through the transport`, options);
    this.name = "NodeUnreachableError";
  }
}
