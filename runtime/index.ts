/**
 * Public API of the actor runtime (in-process virtual actors with a transport/placement seam).
 * Import from here, not from the individual modules.
 */

export type {
  ActorAddress,
  ActorBehavior,
  ActorContext,
  ActorKindOptions,
  ActorRef,
  ActorSystem,
  ActorSystemStats,
  AskOptions,
  Clock,
  DeadLetter,
  DeadLetterListener,
  DeliveryRoute,
  Envelope,
  ListenOptions,
  Logger,
  Placement,
  ShutdownOptions,
  Transport,
} from "./types.ts";
export { createActorSystem, type ActorSystemDeps } from "./actor-system.ts";
export { askOutcomeOf, NOOP_RUNTIME_OBSERVER, type AskOutcome, type LeaseEvent, type RuntimeObserver } from "./observer.ts";
export {
  DEFAULT_ASK_TIMEOUT_MS,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAX_INFLIGHT_ASKS,
  DEFAULT_MAILBOX_CAPACITY,
  DEFAULT_MAX_CONSECUTIVE_FAILURES,
  DEFAULT_MAX_RESTART_BACKOFF_MS,
  DEFAULT_RESTART_BACKOFF_MS,
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  type ActorSystemOptions,
} from "./options.ts";
export {
  ActorSystemStoppedError,
  AskTimeoutError,
  DeadLetterError,
  isUndelivered,
  MailboxFullError,
  NodeUnreachableError,
  CountersUnavailableError,
  NotOwnerError,
  OverloadedError,
  RemoteError,
  UnknownActorKindError,
  UnsupportedProtocolError,
  type ActorRuntimeErrorCode,
  type RuntimeErrorCode,
} from "./errors.ts";
export { createInProcessTransport } from "./transport/in-process.ts";
export { createLocalPlacement } from "./placement/local.ts";
export {
  createNatsTransport,
  DEFAULT_ACTOR_SUBJECT_PREFIX,
  type NatsTransportDeps,
  type NatsTransportOptions,
} from "./transport/nats.ts";
export { BadEnvelopeError, PayloadTooLargeError, WIRE_VERSION } from "./transport/wire.ts";
export {
  activeTraceId,
  activeSpanIds,
  correlationValue,
  withCorrelation,
  extractTrace,
  injectTrace,
  registerTracing,
  withSpan,
  SpanKind,
  type TraceCarrier,
  type TracingHandle,
  type TracingOptions,
} from "./tracing/index.ts";
export {
  createKvLeasePlacement,
  DEFAULT_LEASE_BUCKET,
  DEFAULT_LEASE_TTL_MS,
  LeaseBucketMismatchError,
  openLeaseBucket,
  type KvLeasePlacement,
  type KvLeasePlacementDeps,
  type KvLeasePlacementOptions,
} from "./placement/kv-lease.ts";
export {
  createJetStreamWorkQueue,
  DEFAULT_ACK_WAIT_MS,
  DEFAULT_MAX_DELIVERIES,
  type ExhaustedItem,
  type WorkItem,
  type WorkOutcome,
  type WorkQueue,
  type Workers,
} from "./work-queue/index.ts";
export { percentile } from "./stats.ts";
export { hasErrorCode, NavigatorError, type NavigatorErrorOptions } from "./error-base.ts";
export { COUNTER_CAS_ATTEMPTS, createMemoryCounterStore, createNatsCounterStore, windowOf } from "./counters/index.ts";
export type { CounterStore, NatsCounterOptions, WindowCount } from "./counters/index.ts";
export { MAX_LOGGED_CAUSE_DEPTH, privateLoggerOptions, REDACTED, REDACTED_LOG_PATHS, scrubLogText, serializeErrorPrivately } from "./log-privacy.ts";
