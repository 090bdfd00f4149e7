/**
 * Hooks through which the runtime reports what it does, for metrics. The runtime imports nothing
 * of ours: the composition root passes an implementation (Prometheus counters and histograms) in
 * `ActorSystemDeps.observer`, the NATS transport's and the lease placement's deps. Every method is
 * optional and must not throw; labels the runtime passes are actor kinds and fixed words, never
 * actor ids (they are user ids).
 */

/** How an ask ended, as seen by its caller. */
export type AskOutcome = "ok" | "timeout" | "mailbox_full" | "dead_letter" | "overloaded" | "unreachable" | "stopped" | "error";

/** What happened to a placement lease: taken fresh, taken after another node's lease ended, or lost. */
export type LeaseEvent = "acquired" | "takeover" | "lost";

/** Receives runtime events (see the module comment). */
export interface RuntimeObserver {
  /** A new activation of `kind` was created on this node. */
  activated?(kind: string): void;
  /** An ask from this node to `kind` settled after `seconds` with `outcome`. */
  askCompleted?(kind: string, outcome: AskOutcome, seconds: number): void;
  /** A lease on an actor of `kind` was acquired, taken over or lost by this node. */
  lease?(event: LeaseEvent, kind: string): void;
  /** A NATS request to an actor of `kind` on another node settled after `seconds`. */
  natsRequest?(kind: string, outcome: AskOutcome, seconds: number): void;
}

/** An observer that records nothing (the default everywhere). */
export const NOOP_RUNTIME_OBSERVER: RuntimeObserver = Object.freeze({});

/**
 * Maps an ask's error (or undefined on success) to an {@link AskOutcome} from its `code`
 * (`ask_timeout`, `mailbox_full`, `dead_letter`, `overloaded`, `node_unreachable`, `system_stopped`).
 */
export function askOutcomeOf(error: unknown): AskOutcome {
  if (error === undefined) return "ok";
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case "ask_timeout":
      return "timeout";
    case "mailbox_full":
      return "mailbox_full";
    case "dead_letter":
      return "dead_letter";
    case "overloaded":
      return "overloaded";
    case "node_unreachable":
      return "unreachable";
    case "system_stopped":
      return "stopped";
    default:
      return "error";
  }
}
