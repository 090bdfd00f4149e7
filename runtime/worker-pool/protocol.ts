/**
 * Messages between a {@link WorkerPool} and its workers (structured-clone data only). The pool
 * sends one {@link TaskMessage} at a time per worker; the worker answers with any number of
 * `event` messages and then exactly one `result` or `error` for that `taskId`.
 */

/** Pool → worker: run one task. */
export interface TaskMessage<Req = unknown> {
  readonly kind: "task";
  readonly taskId: number;
  readonly payload: Req;
}

/** A failure the worker reports for a task (an `Error` does not survive `postMessage` with its fields). */
export interface RemoteError {
  readonly name: string;
  readonly message: string;
  /** Machine-readable code, when the thrown error had one. */
  readonly code?: string;
  /** Whether another attempt may succeed, when the thrown error said so. */
  readonly retryable?: boolean;
  /** The worker asks to be replaced after this failure (e.g. it went past its memory budget). */
  readonly recycle?: boolean;
}

/** Worker → pool: progress, the result, or the failure of a task. */
export type WorkerReply<Res = unknown, Ev = unknown> =
  | { readonly kind: "event"; readonly taskId: number; readonly data: Ev }
  | { readonly kind: "result"; readonly taskId: number; readonly data: Res }
  | { readonly kind: "error"; readonly taskId: number; readonly error: RemoteError };
