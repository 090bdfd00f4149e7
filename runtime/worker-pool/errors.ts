/** Errors of the worker pool. Each carries a stable `code`; callers classify on it. */
import { NavigatorError } from "../error-base.ts";

/** Codes of {@link WorkerPoolError}s. */
export type WorkerPoolErrorCode = "worker_timeout" | "worker_crashed" | "worker_pool_closed" | "worker_task_failed";

/** A task did not complete in a worker. `retryable` says whether running it again may succeed. */
export class WorkerPoolError extends NavigatorError<WorkerPoolErrorCode> {
  constructor(
    readonly code: WorkerPoolErrorCode,
    message: string,
    options: { readonly retryable?: boolean; readonly cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

/**
 * The task's handler threw inside the worker: `code`, `retryable` and the message are the thrown
 * error's own (`code` `worker_task_failed` when it had none; `retryable` false when it did not say).
 */
export class WorkerTaskError extends NavigatorError {
  constructor(
    readonly code: string,
    message: string,
    options: { readonly retryable?: boolean; readonly remoteName: string },
  ) {
    super(message, { retryable: options.retryable });
    this.remoteName = options.remoteName;
  }
  /** The `name` of the error thrown in the worker. */
  readonly remoteName: string;
}
