/**
 * The actor system of one node: the registry of kinds, the table of activations, routing of every
 * ask/tell through placement (+ transport for other nodes), dead letters, stats and shutdown.
 */

import { Activation } from "./activation.ts";
import type { ActivationHost, RuntimeCounters } from "./activation-host.ts";
import { DeadLetterSink } from "./dead-letters.ts";
import type { Delivery } from "./delivery.ts";
import { ActorSystemStoppedError, OverloadedError, UnknownActorKindError } from "./errors.ts";
import {
  checkInteger,
  resolveKindOptions,
  resolveSystemOptions,
  type ActorSystemOptions,
  type ResolvedKindOptions,
} from "./options.ts";
import type { RuntimeObserver } from "./observer.ts";
import { createLocalPlacement } from "./placement/local.ts";
import { createActorRef, type Router } from "./ref.ts";
import { createRouting } from "./routing.ts";
import { currentContext } from "./tracing/context.ts";
import { createInProcessTransport } from "./transport/in-process.ts";
import type {
  ActorAddress,
  ActorBehavior,
  ActorKindOptions,
  ActorRef,
  ActorSystem,
  ActorSystemStats,
  Clock,
  Envelope,
  Logger,
  Placement,
  ShutdownOptions,
  Transport,
} from "./types.ts";

/** Collaborators of an actor system. */
export interface ActorSystemDeps {
  /** Receives runtime logs (a child with `{ component: "actor-system", nodeId }` is used). */
  readonly logger: Logger;
  /**
   * Source of epoch milliseconds for ask deadlines and dead-letter timestamps. Default: `Date.now`.
   * Timers (ask timeouts, idle, backoff) always use real time; a fake clock that never advances
   * only disables the skipping of queued asks whose caller already timed out.
   */
  readonly clock?: Clock;
  /** Carries envelopes to other nodes. Default: a private in-process transport (closed on shutdown). */
  readonly transport?: Transport;
  /** Decides which node hosts an actor. Default: local placement (closed on shutdown). */
  readonly placement?: Placement;
  /** Told about activations and asks, for metrics. Default: nothing is recorded. */
  readonly observer?: RuntimeObserver;
}

interface RegisteredKind {
  readonly behavior: ActorBehavior<unknown, unknown, unknown>;
  readonly options: ResolvedKindOptions;
}

/**
 * Creates the actor system of this node and starts listening on the transport under `nodeId`.
 * Messages to an actor located on this node are delivered in process without the transport and
 * without serialisation; others go through `transport.send`.
 * @param options validated once; see `ActorSystemOptions` and the `DEFAULT_*` constants.
 * @throws RangeError when an option is unknown, not an integer, or out of range.
 */
export function createActorSystem(deps: ActorSystemDeps, options?: ActorSystemOptions): ActorSystem {
  const opts = resolveSystemOptions(options);
  const { nodeId } = opts;
  const logger = deps.logger.child({ component: "actor-system", nodeId });
  const clock: Clock = deps.clock ?? { now: () => Date.now() };
  const transport = deps.transport ?? createInProcessTransport();
  const placement = deps.placement ?? createLocalPlacement(nodeId);
  const deadLetters = new DeadLetterSink(clock, logger);
  const counters: RuntimeCounters = { processed: 0, failed: 0, expired: 0 };
  const inflight = new Map<string, number>();
  const kinds = new Map<string, RegisteredKind>();
  const table = new Map<string, Map<string, Activation>>();
  let phase: "running" | "stopping" | "stopped" = "running";
  let stopped: Promise<void> | undefined;

  function ref<M, R>(kind: string, id: string): ActorRef<M, R> {
    if (typeof kind !== "string" || kind.length === 0) throw new RangeError("ref: kind must be a non-empty string");
    if (typeof id !== "string" || id.length === 0) throw new RangeError("ref: id must be a non-empty string");
    return createActorRef<M, R>(Object.freeze({ kind, id }), router);
  }

  function tellFailed(address: ActorAddress, message: unknown, error: unknown): void {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === "dead_letter") return; // already published where the actor lives
    const reason = code === "mailbox_full" ? "mailbox_full" : code === "system_stopped" ? "stopped" : "failed";
    deadLetters.publish({ address, message, reason, error });
  }

  /** Accepts an envelope for an actor hosted here (from a local ref or from the transport). */
  function deliverLocal(envelope: Envelope): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (phase !== "running") throw new ActorSystemStoppedError();
      const { kind, id } = envelope.to;
      const registered = kinds.get(kind);
      if (!registered) throw new UnknownActorKindError(kind);
      const ask = envelope.mode === "ask";
      let reply: Delivery["reply"];
      if (ask) {
        const count = inflight.get(kind) ?? 0;
        if (count >= registered.options.maxInflightAsks) {
          // Placement may have just taken ownership for this message: give it back if nothing lives here.
          if (!table.get(kind)?.has(id)) void placement.released?.(envelope.to)?.catch(() => undefined);
          throw new OverloadedError(kind, registered.options.maxInflightAsks);
        }
        let settled = false;
        const settle = () => {
          if (settled) return;
          settled = true;
          inflight.set(kind, (inflight.get(kind) ?? 1) - 1);
        };
        reply = {
          resolve: (value) => (settle(), resolve(value)),
          reject: (error) => (settle(), reject(error)),
        };
        inflight.set(kind, count + 1);
      }
      const delivery: Delivery = {
        message: envelope.message,
        deadline: envelope.deadline,
        timeoutMs: envelope.timeoutMs,
        reply,
        context: currentContext(),
        hops: envelope.hops,
      };
      try {
        activationOf(kind, id, registered).enqueue(delivery);
      } catch (error) {
        if (reply) reply.reject(error);
        else reject(error);
        return;
      }
      if (!ask) resolve(undefined);
    });
  }

  function activationOf(kind: string, id: string, registered: RegisteredKind): Activation {
    let byId = table.get(kind);
    if (!byId) table.set(kind, (byId = new Map()));
    let activation = byId.get(id);
    if (!activation) {
      activation = new Activation(Object.freeze({ kind, id }), registered.behavior, registered.options, host);
      deps.observer?.activated?.(kind);
      byId.set(id, activation);
    }
    return activation;
  }

  function undeliverable(address: ActorAddress, delivery: Delivery, error: unknown): void {
    if (delivery.reply) delivery.reply.reject(error);
    else tellFailed(address, delivery.message, error);
  }

  function passivated(activation: Activation, leftovers: Delivery[]): void {
    const { kind, id } = activation.address;
    const byId = table.get(kind);
    if (byId?.get(id) === activation) byId.delete(id);
    for (const delivery of leftovers) reroute(activation.address, delivery);
  }

  /** Routes a delivery that an activation could not keep; settles its reply with the outcome. */
  function reroute(address: ActorAddress, delivery: Delivery): void {
    if (phase !== "running") {
      undeliverable(address, delivery, new ActorSystemStoppedError());
      return;
    }
    const envelope: Envelope = {
      to: address,
      message: delivery.message,
      mode: delivery.reply ? "ask" : "tell",
      deadline: delivery.deadline,
      timeoutMs: delivery.timeoutMs,
      hops: delivery.hops,
    };
    route(envelope).then(
      (value) => delivery.reply?.resolve(value),
      (error: unknown) => undeliverable(address, delivery, error),
    );
  }

  const routing = createRouting({
    nodeId,
    clock,
    logger,
    placement,
    transport,
    defaultAskTimeoutMs: opts.defaultAskTimeoutMs,
    running: () => phase === "running",
    deliverLocal,
  });
  const { route } = routing;
  const router: Router = { clock, defaultAskTimeoutMs: opts.defaultAskTimeoutMs, route, tellFailed, observer: deps.observer };
  const host: ActivationHost = { nodeId, clock, logger, placement, deadLetters, counters, ref, undeliverable, passivated, reroute };

  const unsubscribeLost = placement.onLost?.((address) => {
    const activation = table.get(address.kind)?.get(address.id);
    if (!activation) return;
    logger.warn({ address, activationId: undefined }, "ownership lost; passivating and forwarding queued messages");
    void activation.relinquish();
  });

  const listening = transport.listen(nodeId, routing.receive, { kinds: opts.hostedKinds ?? [] });
  listening.catch((error: unknown) => {
    logger.error({ err: error }, "transport.listen failed; this node cannot receive remote messages");
  });

  function activations(): Activation[] {
    return [...table.values()].flatMap((byId) => [...byId.values()]);
  }

  async function stop(timeoutMs: number): Promise<void> {
    phase = "stopping";
    const started = performance.now();
    const remaining = () => Math.max(0, timeoutMs - (performance.now() - started));
    const drained = await within(Promise.all(activations().map((a) => a.whenSettled())), timeoutMs);
    if (!drained) logger.warn({ timeoutMs }, "shutdown: messages still in flight at timeout; rejecting the queued ones");
    const passivatedAll = await within(Promise.all(activations().map((a) => a.stop())), remaining());
    if (!passivatedAll) {
      logger.warn({ busy: activations().length }, "shutdown: activations still busy; they passivate when their message ends");
    }
    phase = "stopped";
    unsubscribeLost?.();
    for (const [name, owned, close] of [
      ["transport", !deps.transport, () => transport.close()],
      ["placement", !deps.placement, () => placement.close()],
    ] as const) {
      if (!owned) continue;
      await close().catch((error: unknown) => logger.error({ err: error }, `shutdown: ${name}.close failed`));
    }
    logger.info({ stats: stats() }, "actor system stopped");
  }

  function stats(): ActorSystemStats {
    const activationsByKind: Record<string, number> = {};
    const mailboxDepthByKind: Record<string, number> = {};
    for (const kind of kinds.keys()) activationsByKind[kind] = mailboxDepthByKind[kind] = 0;
    let deadActors = 0;
    let total = 0;
    for (const [kind, byId] of table) {
      activationsByKind[kind] = byId.size;
      total += byId.size;
      let queued = 0;
      for (const activation of byId.values()) {
        if (activation.status === "dead") deadActors++;
        queued += activation.queued;
      }
      mailboxDepthByKind[kind] = queued;
    }
    const { processed, failed, expired } = counters;
    const inflightByKind: Record<string, number> = {};
    for (const kind of kinds.keys()) inflightByKind[kind] = inflight.get(kind) ?? 0;
    return {
      nodeId,
      activations: total,
      activationsByKind,
      mailboxDepthByKind,
      deadActors,
      deadLetters: deadLetters.count,
      processed,
      failed,
      expired,
      inflightByKind,
      forwarded: routing.forwarded,
    };
  }

  return {
    nodeId,
    register<M, R, S>(kind: string, behavior: ActorBehavior<M, R, S>, kindOptions?: ActorKindOptions): void {
      if (phase !== "running") throw new ActorSystemStoppedError();
      if (typeof kind !== "string" || kind.length === 0) throw new RangeError("register: kind must be a non-empty string");
      if (kinds.has(kind)) throw new Error(`register: actor kind "${kind}" is already registered`);
      if (opts.hostedKinds && !opts.hostedKinds.includes(kind)) {
        throw new RangeError(`register: kind "${kind}" is not in this node's hostedKinds (${opts.hostedKinds.join(", ")})`);
      }
      if (typeof behavior?.init !== "function" || typeof behavior.receive !== "function") {
        throw new TypeError(`register("${kind}"): behavior must have init and receive functions`);
      }
      const resolved = resolveKindOptions(kind, kindOptions, opts);
      kinds.set(kind, { behavior: behavior as ActorBehavior<unknown, unknown, unknown>, options: resolved });
    },
    ref,
    ready: () => listening,
    onDeadLetter: (listener) => deadLetters.subscribe(listener),
    stats,
    shutdown(shutdownOptions: ShutdownOptions = {}): Promise<void> {
      if (stopped) return stopped;
      let timeoutMs: number;
      try {
        timeoutMs = checkInteger("shutdown", "timeoutMs", shutdownOptions.timeoutMs ?? opts.shutdownTimeoutMs, 0);
      } catch (error) {
        return Promise.reject(error);
      }
      stopped = stop(timeoutMs);
      return stopped;
    },
  };
}

/** Resolves true when `promise` settles within `ms` milliseconds, false otherwise. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
