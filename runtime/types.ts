/**
 * Public contracts of the actor runtime. The runtime knows nothing about insurance, HTTP or SQL:
 * it moves typed messages to virtual actors keyed by (kind, id).
 *
 * Vocabulary (Orleans / Akka): an *actor* is addressed by (kind, id) and always exists virtually;
 * an *activation* is the in-memory instance created on the first message (activation) and dropped
 * after an idle period (passivation). Each activation processes one message at a time from a
 * bounded *mailbox*. A *supervisor* restarts a failed activation from `init`, and routes messages
 * to *dead letters* after too many consecutive failures.
 */

/** Address of a virtual actor. `kind` names the behaviour, `id` the instance (e.g. a user id). */
export interface ActorAddress {
  readonly kind: string;
  readonly id: string;
}

/** Options of one `ask`. */
export interface AskOptions {
  /**
   * How long to wait for the reply, in milliseconds (an integer >= 1). Default: the system's
   * `defaultAskTimeoutMs`. When it elapses the ask rejects with AskTimeoutError; if the message is
   * still queued at that point it is skipped when its turn comes (its `receive` never runs); if it
   * is already running it completes and its reply is discarded.
   */
  readonly timeoutMs?: number;
  /**
   * Aborts the wait: the ask rejects with `signal.reason` (at once if already aborted, in which
   * case nothing is sent). An abort does not recall a message already sent: it may still be processed.
   */
  readonly signal?: AbortSignal;
}

/** A handle on a virtual actor; cheap to create, holds no activation. */
export interface ActorRef<M, R> {
  readonly address: ActorAddress;
  /**
   * Sends `message` and resolves with the handler's reply.
   * @throws MailboxFullError when the activation's mailbox is at capacity.
   * @throws AskTimeoutError when no reply arrives within `timeoutMs`.
   * @throws DeadLetterError when the actor is in the dead-letter state after repeated failures.
   * @throws whatever the handler threw, unchanged, for this message only.
   */
  ask(message: M, options?: AskOptions): Promise<R>;
  /**
   * Fire-and-forget. The message is enqueued (or dead-lettered); failures are observable through
   * the dead-letter sink and the logger, never thrown to the caller. Delivery is asynchronous
   * (placement is consulted first), so a full mailbox cannot be thrown either: it is published
   * to the dead-letter sink with reason "mailbox_full" (and "stopped" after shutdown, "failed"
   * when the handler throws or the actor is in the dead-letter state).
   */
  tell(message: M): void;
}

/** What a behaviour sees of the world while handling a message. */
export interface ActorContext {
  readonly address: ActorAddress;
  /** Unique id of this activation (changes on every activation and restart). */
  readonly activationId: string;
  /** The node (process) hosting the activation. */
  readonly nodeId: string;
  /** Returns a ref to another actor of the same system. */
  ref<M, R>(kind: string, id: string): ActorRef<M, R>;
}

/**
 * The behaviour of an actor kind: how to build its state on activation, and how to handle one
 * message. `receive` is never called concurrently for the same activation.
 */
export interface ActorBehavior<M, R, S> {
  /** Builds the activation's state. Called on activation and after every supervised restart. */
  init(ctx: ActorContext): S | Promise<S>;
  /** Handles one message; the resolved value is the reply to `ask`. */
  receive(state: S, message: M, ctx: ActorContext): R | Promise<R>;
  /**
   * Called once before the activation is dropped (passivation or shutdown). Errors are logged.
   * Not called when a supervised restart discards the state after a failure (the state is then
   * presumed inconsistent), nor for an actor in the dead-letter state (it has no state).
   */
  passivate?(state: S, ctx: ActorContext): void | Promise<void>;
}

/** Per-kind options; every field defaults to the system option of the same name. */
export interface ActorKindOptions {
  /** Maximum queued messages per activation (excluding the one being processed). */
  readonly mailboxCapacity?: number;
  /** Idle time after which an activation is passivated, in milliseconds. */
  readonly idleTimeoutMs?: number;
  /** Consecutive failures after which the actor goes to the dead-letter state. */
  readonly maxConsecutiveFailures?: number;
  /** First restart delay after a failure, in milliseconds; doubles per consecutive failure. */
  readonly restartBackoffMs?: number;
  /** Upper bound of the restart delay, in milliseconds. */
  readonly maxRestartBackoffMs?: number;
  /**
   * Most asks this node accepts for the kind and has not settled yet (queued + running, all
   * activations together); beyond it asks fail with OverloadedError. Default: unbounded.
   */
  readonly maxInflightAsks?: number;
  /**
   * Decides whether an error thrown by `receive` is a failure of the actor (supervised: the state
   * is dropped, `init` runs again after a backoff, repeated failures lead to the dead-letter
   * state) or only the answer to that message (the caller gets it; state and activation stay).
   * Default: every error is a failure. E.g. "not found" or "database unavailable" are answers.
   */
  readonly isFailure?: (error: unknown) => boolean;
}

/** A message that could not be delivered or processed. */
export interface DeadLetter {
  readonly address: ActorAddress;
  readonly message: unknown;
  /**
   * "failed": a told message's handler threw (error: what it threw), the actor is in the
   * dead-letter state (error: DeadLetterError whose `cause` is the last failure; asks too), or the
   * tell could not be routed (unknown kind, unreachable node). "stopped": told after/while the
   * system shut down. "mailbox_full": told to a full mailbox.
   */
  readonly reason: "failed" | "stopped" | "mailbox_full";
  /** The error the message was rejected with, if any. */
  readonly error?: unknown;
  /** Epoch milliseconds. */
  readonly at: number;
}

/** Something that knows the current time; tests pass a fake one. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

/** A sink for dead letters. Returns an unsubscribe function. */
export type DeadLetterListener = (letter: DeadLetter) => void;

/** Minimal structured logger (pino-compatible subset). */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: object): Logger;
}

/** A serialisable envelope, as the transport carries it. */
export interface Envelope {
  readonly to: ActorAddress;
  readonly message: unknown;
  /**
   * Epoch milliseconds after which the reply is no longer awaited (asks only). The hosting node
   * skips the message if it is still queued at that time (see `AskOptions.timeoutMs`).
   */
  readonly deadline?: number;
  /** The caller's ask timeout in milliseconds (asks only; informational, for error messages). */
  readonly timeoutMs?: number;
  /** `ask` expects a reply; `tell` does not. */
  readonly mode: "ask" | "tell";
  /**
   * How many times a node has already forwarded this envelope (kind-addressed delivery, lease
   * moves). Bounded by the system so a confused placement cannot bounce a message forever.
   */
  readonly hops?: number;
}

/** How an envelope reached this node: addressed to this node, or to any node hosting its kind. */
export type DeliveryRoute = "node" | "kind";

/** Options of `Transport.listen`. */
export interface ListenOptions {
  /**
   * Kinds this node hosts. A transport that supports kind-addressed delivery (`sendToKind`)
   * subscribes this node to each of them (NATS: one queue group per kind).
   */
  readonly kinds?: readonly string[];
}

/**
 * How envelopes travel to the node that hosts an actor. The in-process transport delivers to the
 * local system; the NATS transport (cluster) carries them as request/reply or publish.
 */
export interface Transport {
  /**
   * Delivers an envelope to `nodeId` and resolves with the reply (undefined for `tell`).
   * @throws NodeUnreachableError when nothing listens on `nodeId`; the remote handler's error
   *   (runtime errors keep their class and `code`; others arrive as RemoteError with their `code`).
   */
  send(nodeId: string, envelope: Envelope): Promise<unknown>;
  /**
   * Delivers an envelope to any one node that hosts `kind` (`ListenOptions.kinds`), which then
   * places the actor. Optional: a transport without it can only reach actors that already have
   * an owner, or that this node hosts itself.
   * @throws NodeUnreachableError when no node hosts `kind`.
   */
  sendToKind?(kind: string, envelope: Envelope): Promise<unknown>;
  /**
   * Registers the local node's handler for incoming envelopes; `route` says how each reached
   * this node. Resolves once the node can receive.
   */
  listen(
    nodeId: string,
    handler: (envelope: Envelope, route: DeliveryRoute) => Promise<unknown>,
    options?: ListenOptions,
  ): Promise<void>;
  close(): Promise<void>;
}

/**
 * Decides which node hosts an actor. In-process: always this node. Cluster: a lease per actor in
 * a NATS KV bucket, so that at most one node holds a live activation of `(kind, id)`.
 */
export interface Placement {
  /**
   * Returns the node that owns `address`. When nobody owns it and this node hosts the kind, this
   * node takes ownership (cluster: creates the lease) and returns its own id. Resolves
   * `undefined` when nobody owns it and this node does not host the kind: the envelope then goes
   * to any node that does (`Transport.sendToKind`).
   */
  locate(address: ActorAddress): Promise<string | undefined>;
  /**
   * True while this node holds ownership of `address` (cluster: an unexpired lease). The system
   * refuses a node-addressed envelope for an actor it does not own with NotOwnerError, so the
   * sender locates again. Absent means "always".
   */
  owns?(address: ActorAddress): boolean;
  /** Called when the local node activates / passivates `address` (passivation releases it). */
  acquired?(address: ActorAddress): Promise<void>;
  released?(address: ActorAddress): Promise<void>;
  /**
   * Forgets what this node believed about `address` after `nodeId` proved unreachable or not the
   * owner, so the next `locate` asks the directory again.
   */
  invalidate?(address: ActorAddress, nodeId: string): void;
  /**
   * Subscribes to ownership this node lost without releasing it (the lease could not be
   * refreshed in time, or another node holds it now). The system then passivates the activation
   * and forwards what is queued. Returns an unsubscribe function.
   */
  onLost?(listener: (address: ActorAddress) => void): () => void;
  close(): Promise<void>;
}

/** Options of `ActorSystem.shutdown`. */
export interface ShutdownOptions {
  /**
   * Upper bound of the whole shutdown (draining + passivation), in milliseconds (integer >= 0).
   * Default: the system's `shutdownTimeoutMs`.
   */
  readonly timeoutMs?: number;
}

/** A snapshot of an actor system's counters (`ActorSystem.stats()`). */
export interface ActorSystemStats {
  readonly nodeId: string;
  /** Actors currently in this node's table (running, idle, passivating or dead). */
  readonly activations: number;
  /** `activations` per registered kind (0 for a kind with none). */
  readonly activationsByKind: Readonly<Record<string, number>>;
  /** Messages waiting in the mailboxes of each kind's activations (0 for a kind with none). */
  readonly mailboxDepthByKind: Readonly<Record<string, number>>;
  /** Actors currently in the dead-letter state (included in `activations`). */
  readonly deadActors: number;
  /** Dead letters published since creation. */
  readonly deadLetters: number;
  /** Messages whose `receive` completed successfully since creation. */
  readonly processed: number;
  /** Failures of `init` or `receive` since creation. */
  readonly failed: number;
  /** Asks skipped because their caller had timed out before their turn came. */
  readonly expired: number;
  /** Asks accepted on this node and not yet settled, per hosted kind (see `maxInflightAsks`). */
  readonly inflightByKind: Readonly<Record<string, number>>;
  /** Envelopes sent to another node (or to any node of a kind) because placement said so. */
  readonly forwarded: number;
}

/**
 * A set of virtual actors hosted by one node. Created by `createActorSystem`; every ask and tell
 * goes through `Placement.locate`, then is delivered in process when the actor is placed on this
 * node (no transport, no serialisation: messages are passed by reference, treat them as
 * immutable), or through `Transport.send` otherwise. Messages from one caller to one actor are
 * processed in send order as long as placement answers in call order (always true locally).
 */
export interface ActorSystem {
  /** Id of the node (process) this system runs on. */
  readonly nodeId: string;
  /**
   * Registers the behaviour of `kind`; messages to any `(kind, id)` activate it on demand.
   * @param options per-kind overrides of the system's options (validated here).
   * @throws RangeError on an empty kind or invalid options; Error if `kind` is already registered;
   *   TypeError if `behavior` lacks `init`/`receive`; ActorSystemStoppedError after `shutdown`.
   */
  register<M, R, S>(kind: string, behavior: ActorBehavior<M, R, S>, options?: ActorKindOptions): void;
  /**
   * Returns a cheap handle on the actor `(kind, id)`; no activation happens until a message is
   * sent. An unregistered kind is detected at delivery (UnknownActorKindError).
   * @throws RangeError when `kind` or `id` is not a non-empty string.
   */
  ref<M, R>(kind: string, id: string): ActorRef<M, R>;
  /**
   * Resolves once the node receives messages from other nodes (the transport is listening).
   * @throws (as a rejection) the transport's error when it could not listen.
   */
  ready(): Promise<void>;
  /** Subscribes to dead letters (called synchronously). Returns an unsubscribe function. */
  onDeadLetter(listener: DeadLetterListener): () => void;
  /** Returns a snapshot of the counters. */
  stats(): ActorSystemStats;
  /**
   * Stops accepting messages (new asks reject with ActorSystemStoppedError, tells are
   * dead-lettered with reason "stopped"), lets in-flight and queued messages finish within
   * `timeoutMs`, rejects what is still queued with ActorSystemStoppedError, passivates every
   * activation, then closes the transport/placement it created itself (injected ones belong to
   * the caller). Idempotent: later calls return the same promise. Never rejects once started.
   * @throws RangeError (as a rejection) when `timeoutMs` is invalid.
   */
  shutdown(options?: ShutdownOptions): Promise<void>;
}
