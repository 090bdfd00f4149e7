/**
 * `ActorRef` implementation: turns `ask`/`tell` into envelopes handed to the system's router,
 * and owns the caller side of ask timeouts and abort signals.
 */

import { AskTimeoutError } from "./errors.ts";
import { askOutcomeOf, type RuntimeObserver } from "./observer.ts";
import { checkInteger } from "./options.ts";
import type { ActorAddress, ActorRef, AskOptions, Clock, Envelope } from "./types.ts";

/** What a ref needs from its actor system. */
export interface Router {
  readonly clock: Clock;
  /** Timeout of an ask without `timeoutMs`, in milliseconds. */
  readonly defaultAskTimeoutMs: number;
  /** Routes `envelope` to its hosting node; resolves with the reply (undefined for tell). */
  route(envelope: Envelope): Promise<unknown>;
  /** Reports a tell that could not be delivered (dead-letter sink + logger). */
  tellFailed(address: ActorAddress, message: unknown, error: unknown): void;
  /** Told how each ask settled (outcome and duration). */
  readonly observer?: RuntimeObserver;
}

/** Creates a handle on `address`. Holds no activation and allocates nothing else. */
export function createActorRef<M, R>(address: ActorAddress, router: Router): ActorRef<M, R> {
  return {
    address,
    ask(message: M, options: AskOptions = {}): Promise<R> {
      let timeoutMs: number;
      try {
        timeoutMs = checkInteger("ask", "timeoutMs", options.timeoutMs ?? router.defaultAskTimeoutMs, 1);
      } catch (error) {
        return Promise.reject(error);
      }
      const { signal } = options;
      if (signal?.aborted) return Promise.reject(signal.reason);
      const deadline = router.clock.now() + timeoutMs;
      const envelope: Envelope = { to: address, message, mode: "ask", deadline, timeoutMs };
      const startedAt = performance.now();
      return new Promise<R>((resolve, reject) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        let done = false;
        const finish = (error?: unknown): boolean => {
          if (done) return false;
          done = true;
          router.observer?.askCompleted?.(address.kind, askOutcomeOf(error), (performance.now() - startedAt) / 1000);
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
          return true;
        };
        const onAbort = (): void => {
          if (finish(signal?.reason ?? new Error("aborted"))) reject(signal?.reason);
        };
        timer = setTimeout(() => {
          const error = new AskTimeoutError(address, timeoutMs);
          if (finish(error)) reject(error);
        }, timeoutMs);
        signal?.addEventListener("abort", onAbort, { once: true });
        router.route(envelope).then(
          (reply) => {
            if (finish()) resolve(reply as R);
          },
          (error: unknown) => {
            if (finish(error ?? new Error("rejected"))) reject(error);
          },
        );
      });
    },
    tell(message: M): void {
      router.route({ to: address, message, mode: "tell" }).catch((error: unknown) => {
        router.tellFailed(address, message, error);
      });
    },
  };
}
