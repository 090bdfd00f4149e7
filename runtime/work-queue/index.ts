/**
 * Durable, at-least-once work queues: the contract (./types.ts) and its JetStream implementation
 * (./jetstream.ts). Import from here, not from the individual modules.
 */
export type {
  ExhaustedItem,
  ProcessOptions,
  WorkHandler,
  WorkItem,
  WorkOutcome,
  WorkQueue,
  Workers,
} from "./types.ts";
export { createJetStreamWorkQueue, MAX_WORK_ITEM_ID_LENGTH, WorkQueueClosedError } from "./jetstream.ts";
export {
  DEFAULT_ACK_WAIT_MS,
  DEFAULT_DUPLICATE_WINDOW_MS,
  DEFAULT_MAX_DELIVERIES,
  DEFAULT_RETRY_BACKOFF_MS,
  ENQUEUE_ATTEMPT_TIMEOUT_MS,
  ENQUEUE_ATTEMPTS,
  MAX_PULL_RETRY_BACKOFF_MS,
  MAX_RETRY_BACKOFF_MS,
  MIN_ACK_WAIT_MS,
  PULL_EXPIRES_MS,
  PULL_RETRY_BACKOFF_MS,
  retryDelayMs,
  type JetStreamWorkQueueDeps,
  type JetStreamWorkQueueOptions,
  type ResolvedJetStreamWorkQueueOptions,
} from "./jetstream-options.ts";
export { WorkQueueSetupError } from "./jetstream-setup.ts";
export { exhaustedQueueGroup, maxDeliveriesAdvisorySubject } from "./jetstream-exhausted.ts";
export { MSG_ID_HEADER } from "./jetstream-handle.ts";
