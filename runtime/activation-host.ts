/**
 * What an activation needs from the actor system that hosts it. Kept as an interface so the
 * activation can be tested and reasoned about without the whole system.
 */

import type { DeadLetterSink } from "./dead-letters.ts";
import type { Delivery } from "./delivery.ts";
import type { ActorAddress, ActorRef, Clock, Logger, Placement } from "./types.ts";

/** Mutable counters of one actor system (reported by `stats()`). */
export interface RuntimeCounters {
  /** Messages whose `receive` completed successfully. */
  processed: number;
  /** Failures of `init` or `receive`. */
  failed: number;
  /** Asks skipped because their caller had already timed out when their turn came. */
  expired: number;
}

/** The hosting system, as seen by an activation. */
export interface ActivationHost {
  readonly nodeId: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly placement: Placement;
  readonly deadLetters: DeadLetterSink;
  readonly counters: RuntimeCounters;
  /** Returns a ref to another actor of the same system (exposed as `ActorContext.ref`). */
  ref<M, R>(kind: string, id: string): ActorRef<M, R>;
  /** Settles a delivery that will never be processed: rejects an ask, dead-letters a tell. */
  undeliverable(address: ActorAddress, delivery: Delivery, error: unknown): void;
  /**
   * Sends `delivery` through placement again (the actor moved, or this activation is going
   * away); its reply, if any, is settled by wherever it lands.
   */
  reroute(address: ActorAddress, delivery: Delivery): void;
  /**
   * Called once when `activation` (an `Activation`; typed by its address so this file does not
   * import activation.ts, which imports it) has passivated and must leave the table; `leftovers` are the
   * messages that arrived during passivation (the host hands them to a fresh activation).
   */
  passivated(activation: { readonly address: ActorAddress }, leftovers: Delivery[]): void;
}
