/**
 * The one error base of Navigator. Every error thrown on purpose extends {@link NavigatorError}:
 * a stable machine-readable `code` (each layer exports the union of its codes), a human
 * `message`, whether a later attempt may succeed (`retryable`), the layer's own fields as
 * readonly properties, and the `cause`. The HTTP layer maps codes to statuses in one table
 * (http/errors.ts `STATUS_BY_CODE`); callers switch on `code`, never on class identity (which
 * does not survive the NATS transport).
 */

/** Options every {@link NavigatorError} takes. */
export interface NavigatorErrorOptions {
  /** The underlying failure, kept as `Error.cause`. */
  readonly cause?: unknown;
  /** Whether the same request may succeed later (an outage, a full mailbox). Default false. */
  readonly retryable?: boolean;
}

/**
 * Base of every error with a `code`. Subclasses declare `readonly code = "…"` (or take it as an
 * option when one class carries several codes) and pass `{ cause, retryable }` on.
 * `name` is the subclass's class name.
 */
export abstract class NavigatorError<C extends string = string> extends Error {
  /** Stable, machine-readable code (snake_case), e.g. `mailbox_full`. */
  abstract readonly code: C;
  /** Whether the same request may succeed later. */
  readonly retryable: boolean;
  constructor(message: string, options: NavigatorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryable = options.retryable ?? false;
    this.name = new.target.name;
  }
}

/** True when `error` is a {@link NavigatorError}-shaped object (also a RemoteError carried over NATS): it has a string `code`. */
export function hasErrorCode(error: unknown): error is { code: string; message: string; retryable?: boolean } {
  return typeof (error as { code?: unknown } | null)?.code === "string";
}
