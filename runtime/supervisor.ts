/**
 * Supervision policy of one actor: counts consecutive failures and decides between "restart after
 * a backoff" and "dead-letter state". Pure bookkeeping; the activation applies the decision.
 */

/** What to do after a failure. */
export type SupervisionDecision =
  | { readonly action: "restart"; /** Delay before the next `init`, in milliseconds. */ readonly delayMs: number }
  | { readonly action: "dead" };

/** Limits of the policy (validated beforehand by the options module). */
export interface SupervisorLimits {
  /** Consecutive failures that put the actor in the dead-letter state (>= 1). */
  readonly maxConsecutiveFailures: number;
  /** Delay after the first failure, in milliseconds; doubles per further consecutive failure. */
  readonly restartBackoffMs: number;
  /** Upper bound of the delay, in milliseconds. */
  readonly maxRestartBackoffMs: number;
}

/**
 * Restart delay after the `failures`-th consecutive failure (1-based), in milliseconds:
 * `restartBackoffMs * 2^(failures - 1)`, capped at `maxRestartBackoffMs`.
 */
export function restartDelayMs(limits: SupervisorLimits, failures: number): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 52);
  return Math.min(limits.restartBackoffMs * 2 ** exponent, limits.maxRestartBackoffMs);
}

/** Consecutive-failure counter of one actor; survives restarts, reset by a success. */
export class Supervisor {
  #failures = 0;

  constructor(readonly limits: SupervisorLimits) {}

  /** Consecutive failures since the last successful message (or since activation). */
  get consecutiveFailures(): number {
    return this.#failures;
  }

  /** Records a successful message: the failure count goes back to 0. */
  succeeded(): void {
    this.#failures = 0;
  }

  /** Records a failure of `init` or `receive` and returns what to do next. */
  failed(): SupervisionDecision {
    this.#failures++;
    if (this.#failures >= this.limits.maxConsecutiveFailures) return { action: "dead" };
    return { action: "restart", delayMs: restartDelayMs(this.limits, this.#failures) };
  }
}
