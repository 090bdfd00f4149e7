/**
 * A message accepted by the local node and waiting in (or taken from) an activation's mailbox.
 */

import type { Context } from "@opentelemetry/api";
import type { ActorAddress } from "./types.ts";
import { AskTimeoutError } from "./errors.ts";

/** Settles the caller's promise of an `ask`. */
export interface ReplyChannel {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** One queued message. */
export interface Delivery {
  readonly message: unknown;
  /** Epoch milliseconds (system clock) after which nobody awaits the reply; asks only. */
  readonly deadline?: number;
  /** The caller's timeout, in milliseconds, for error messages; asks only. */
  readonly timeoutMs?: number;
  /** Where the reply goes; undefined for `tell`. */
  readonly reply?: ReplyChannel;
  /** Trace context of the sender; the handler runs inside it. */
  readonly context?: Context;
  /** Times the envelope was forwarded before it got here (kept when it is forwarded again). */
  readonly hops?: number;
}

/** True when the caller stopped waiting for `delivery` before `now` (epoch milliseconds). */
export function isExpired(delivery: Delivery, now: number): boolean {
  return delivery.deadline !== undefined && now >= delivery.deadline;
}

/** The error a skipped (expired) delivery is rejected with. */
export function expiredError(address: ActorAddress, delivery: Delivery): AskTimeoutError {
  return new AskTimeoutError(address, delivery.timeoutMs ?? 0);
}
