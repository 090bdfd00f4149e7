/**
 * The dead-letter sink of one actor system: counts dead letters, logs them and fans them out to
 * listeners. A throwing listener is logged and never disturbs the others or the runtime.
 */

import type { Clock, DeadLetter, DeadLetterListener, Logger } from "./types.ts";

/** A dead letter before the sink stamps it with the time (`at`). */
export type DeadLetterInput = Omit<DeadLetter, "at">;

/** Fan-out of dead letters to listeners, plus a running count. */
export class DeadLetterSink {
  readonly #listeners = new Set<DeadLetterListener>();
  #count = 0;

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Dead letters published since the sink was created. */
  get count(): number {
    return this.#count;
  }

  /**
   * Adds `listener`; it is called synchronously for every later dead letter.
   * @returns a function that removes the listener (idempotent).
   */
  subscribe(listener: DeadLetterListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Stamps `letter` with `clock.now()`, counts it, logs it at warn and notifies every listener. */
  publish(letter: DeadLetterInput): void {
    this.#count++;
    const stamped: DeadLetter = { ...letter, at: this.clock.now() };
    this.logger.warn(
      { address: stamped.address, reason: stamped.reason, err: stamped.error },
      "dead letter",
    );
    for (const listener of [...this.#listeners]) {
      try {
        listener(stamped);
      } catch (error) {
        this.logger.error({ err: error }, "dead-letter listener threw");
      }
    }
  }
}
