/**
 * `ActorRef` implementation: turns `ask`/`tell` into envelopes handed to the system's router,
 * and owns the caller side of ask timeouts and abort signals.
 */

import { AskTimeoutError } from "./errors.ts";
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
      return new Promise<R>((resolve, reject) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        let done = false;
        const finish = (): boolean => {
          if (done) return false;
          done = true;
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
          return true;
        };
        const onAbort = (): void => {
          if (finish()) reject(signal?.reason);
        };
        timer = setTimeout(() => {
          if (finish()) reject(new AskTimeoutError(address, timeoutMs));
        }, timeoutMs);
        signal?.addEventListener("abort", onAbort, { once: true });
        router.route(envelope).then(
          (reply) => {
            if (finish()) resolve(reply as R);
          },
          (error: unknown) => {
            if (finish()) reject(error);
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
