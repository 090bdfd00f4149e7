/**
 * Routing of envelopes between nodes: where placement says an actor lives (here, its owner, or
 * any node hosting the kind), re-routing when the target provably did not take the message, and
 * the rules for envelopes that arrive through the transport.
 */

import {
  ActorSystemStoppedError,
  isUndelivered,
  NodeUnreachableError,
  NotOwnerError,
  UnknownActorKindError,
} from "./errors.ts";
import { DEFAULT_REROUTE_BACKOFF_MS, MAX_FORWARD_HOPS, MAX_REROUTE_BACKOFF_MS } from "./options.ts";
import type { Clock, DeliveryRoute, Envelope, Logger, Placement, Transport } from "./types.ts";

/** What routing needs from its actor system. */
export interface RoutingHost {
  readonly nodeId: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly placement: Placement;
  readonly transport: Transport;
  /** Give-up time of tells (which have no deadline), in milliseconds. */
  readonly defaultAskTimeoutMs: number;
  /** False once the system is stopping. */
  running(): boolean;
  /** Accepts an envelope for an actor hosted on this node. */
  deliverLocal(envelope: Envelope): Promise<unknown>;
}

/** Routing of one node. */
export interface Routing {
  /**
   * Delivers `envelope` wherever placement says the actor lives: here (no transport), on its
   * owner, or on any node hosting the kind. When the chosen node turns out unreachable or not the
   * owner (the message provably reached no actor), asks placement again and retries with backoff
   * (DEFAULT_REROUTE_BACKOFF_MS doubling to MAX_REROUTE_BACKOFF_MS) until the ask's deadline
   * (tells: `defaultAskTimeoutMs`), which is how a message finds an actor whose owner died once
   * the owner's lease lapses. A failing `locate` (directory unreachable) is retried the same way,
   * then reported as NodeUnreachableError("placement").
   */
  route(envelope: Envelope): Promise<unknown>;
  /**
   * Handles an envelope that arrived through the transport. Node-addressed: delivered here only
   * while this node owns the actor (NotOwnerError otherwise, so the sender re-routes; also while
   * stopping, so callers move to the next owner instead of failing). Kind-addressed: placed here
   * or forwarded to the owner.
   */
  receive(envelope: Envelope, via: DeliveryRoute): Promise<unknown>;
  /** Envelopes sent to another node so far. */
  readonly forwarded: number;
}

/** Creates the routing of a node over `host`. */
export function createRouting(host: RoutingHost): Routing {
  const { nodeId, clock, logger, placement, transport } = host;
  let forwarded = 0;

  async function pause(backoffMs: number): Promise<number> {
    await Bun.sleep(backoffMs);
    return Math.min(backoffMs * 2, MAX_REROUTE_BACKOFF_MS);
  }

  async function route(envelope: Envelope): Promise<unknown> {
    const giveUpAt = envelope.deadline ?? clock.now() + host.defaultAskTimeoutMs;
    let backoffMs = DEFAULT_REROUTE_BACKOFF_MS;
    for (;;) {
      if (!host.running()) throw new ActorSystemStoppedError();
      let target: string | undefined;
      try {
        target = await placement.locate(envelope.to);
      } catch (error) {
        // The directory is unreachable (e.g. NATS reconnecting): nothing was delivered, retry.
        if (!host.running() || clock.now() + backoffMs >= giveUpAt) throw new NodeUnreachableError("placement", { cause: error });
        logger.warn({ address: envelope.to, err: String(error), backoffMs }, "placement unavailable; retrying");
        backoffMs = await pause(backoffMs);
        continue;
      }
      try {
        if (target === nodeId) return await host.deliverLocal(envelope);
        return await forward(target, envelope);
      } catch (error) {
        if (!isUndelivered(error)) throw error;
        if (target !== undefined) placement.invalidate?.(envelope.to, target);
        if (clock.now() + backoffMs >= giveUpAt) throw error;
        logger.debug({ address: envelope.to, target, code: (error as { code?: string }).code, backoffMs }, "re-routing");
        backoffMs = await pause(backoffMs);
      }
    }
  }

  /** Sends `envelope` to `target`, or to any node hosting its kind when `target` is undefined. */
  function forward(target: string | undefined, envelope: Envelope): Promise<unknown> {
    const hops = (envelope.hops ?? 0) + 1;
    if (hops > MAX_FORWARD_HOPS) {
      throw new NodeUnreachableError(target ?? `kind:${envelope.to.kind}`, {
        cause: new Error(`gave up after ${MAX_FORWARD_HOPS} forwards`),
      });
    }
    forwarded++;
    const out: Envelope = { ...envelope, hops };
    if (target !== undefined) return transport.send(target, out);
    if (!transport.sendToKind) throw new UnknownActorKindError(envelope.to.kind);
    return transport.sendToKind(envelope.to.kind, out);
  }

  async function receive(envelope: Envelope, via: DeliveryRoute): Promise<unknown> {
    if (!host.running()) throw new NotOwnerError(envelope.to, nodeId, { cause: new ActorSystemStoppedError() });
    if (via === "kind") return route(envelope);
    if (placement.owns && !placement.owns(envelope.to)) throw new NotOwnerError(envelope.to, nodeId);
    return host.deliverLocal(envelope);
  }

  return {
    route,
    receive,
    get forwarded() {
      return forwarded;
    },
  };
}
