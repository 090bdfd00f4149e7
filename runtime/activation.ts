/**
 * One activation of a virtual actor: a bounded mailbox drained strictly one message at a time,
 * the state built by `init`, supervision (restart from `init` after a backoff, dead-letter state
 * after too many consecutive failures) and passivation after an idle period.
 *
 * Lifecycle (`status`):
 *   idle ──message──▶ running ──mailbox empty──▶ idle ──idleTimeoutMs──▶ passivating ──▶ gone
 *                        │ maxConsecutiveFailures reached
 *                        ▼
 *                      dead ──idleTimeoutMs after entering──▶ passivating ──▶ gone
 * The entry object lives in the system's table for the whole lifecycle; the *incarnation*
 * (state + activationId) is rebuilt on every supervised restart.
 */

import { context } from "@opentelemetry/api";
import { ActorSystemStoppedError, DeadLetterError, isUndelivered, MailboxFullError, NotOwnerError } from "./errors.ts";
import { withSpan } from "./tracing/context.ts";
import { expiredError, isExpired, type Delivery } from "./delivery.ts";
import { Mailbox } from "./mailbox.ts";
import type { ResolvedKindOptions } from "./options.ts";
import { Supervisor } from "./supervisor.ts";
import type { ActivationHost } from "./activation-host.ts";
import type { ActorAddress, ActorBehavior, ActorContext } from "./types.ts";

/** Where an activation is in its lifecycle (see the module comment). */
export type ActivationStatus = "idle" | "running" | "dead" | "passivating" | "gone";

type AnyBehavior = ActorBehavior<unknown, unknown, unknown>;
type Timer = ReturnType<typeof setTimeout>;

/** The table entry of one actor on this node. Created by the actor system, never by users. */
export class Activation {
  #status: ActivationStatus = "idle";
  readonly #mailbox: Mailbox<Delivery>;
  readonly #supervisor: Supervisor;
  #incarnation: { readonly state: unknown; readonly ctx: ActorContext } | undefined;
  #acquired = false;
  /** `performance.now()` before which no restart (`init`) may happen. */
  #restartNotBefore = 0;
  #lastError: unknown;
  #timer: Timer | undefined;
  #wake: (() => void) | undefined;
  #stopRequested = false;
  /** Ownership was lost: queued and late messages are re-routed, the lease is not released. */
  #relinquished = false;
  #settledWaiters: (() => void)[] = [];
  readonly #gone = Promise.withResolvers<void>();

  constructor(
    readonly address: ActorAddress,
    private readonly behavior: AnyBehavior,
    private readonly options: ResolvedKindOptions,
    private readonly host: ActivationHost,
  ) {
    this.#mailbox = new Mailbox(options.mailboxCapacity);
    this.#supervisor = new Supervisor(options);
  }

  /** Messages waiting in the mailbox (not counting the one being processed). */
  get queued(): number {
    return this.#mailbox.size;
  }

  /** Current lifecycle status. */
  get status(): ActivationStatus {
    return this.#status;
  }

  /**
   * Accepts `delivery` into the mailbox and starts draining if idle.
   * @throws MailboxFullError when `mailboxCapacity` messages are already queued.
   * @throws DeadLetterError in the dead state (the message is published to the dead-letter sink).
   * @throws ActorSystemStoppedError after `stop`.
   */
  enqueue(delivery: Delivery): void {
    if (this.#relinquished) throw new NotOwnerError(this.address, this.host.nodeId);
    if (this.#stopRequested || this.#status === "gone") throw new ActorSystemStoppedError();
    if (this.#status === "dead") throw this.#deadLetter(delivery, false);
    if (!this.#mailbox.offer(delivery)) throw new MailboxFullError(this.address, this.options.mailboxCapacity);
    if (this.#status === "idle") this.#spawn(this.#drain());
  }

  /**
   * Stops accepting messages, rejects the queued ones with ActorSystemStoppedError and passivates
   * as soon as the message being processed (if any) completes.
   * @returns a promise resolved once passivated (never rejects).
   */
  stop(): Promise<void> {
    this.#stopRequested = true;
    for (const delivery of this.#mailbox.takeAll()) {
      this.host.undeliverable(this.address, delivery, new ActorSystemStoppedError());
    }
    if (this.#status === "idle" || this.#status === "dead") this.#spawn(this.#passivate());
    else this.#wake?.();
    return this.#gone.promise;
  }

  /**
   * Gives the actor up after this node lost its ownership (placement `onLost`): queued messages
   * are re-routed to wherever the actor lives now, the activation passivates as soon as the
   * message being processed (if any) completes, and the lease is not released (it is not ours).
   * @returns a promise resolved once passivated (never rejects).
   */
  relinquish(): Promise<void> {
    this.#relinquished = true;
    this.#stopRequested = true;
    for (const delivery of this.#mailbox.takeAll()) this.host.reroute(this.address, delivery);
    if (this.#status === "idle" || this.#status === "dead") this.#spawn(this.#passivate());
    else this.#wake?.();
    return this.#gone.promise;
  }

  /** Resolves once nothing is queued or running (status idle, dead or gone). Never rejects. */
  whenSettled(): Promise<void> {
    if (this.#status === "running" || this.#status === "passivating") {
      return new Promise((resolve) => this.#settledWaiters.push(resolve));
    }
    return Promise.resolve();
  }

  #setStatus(status: ActivationStatus): void {
    this.#status = status;
    if (status === "running" || status === "passivating") return;
    const waiters = this.#settledWaiters;
    this.#settledWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Runs a background task; its failure would be a runtime bug, so it is logged, never thrown. */
  #spawn(task: Promise<void>): void {
    task.catch((error: unknown) => {
      this.host.logger.error({ address: this.address, err: error }, "actor runtime internal error");
    });
  }

  #arm(ms: number, action: () => void): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(action, ms);
    this.#timer.unref?.();
  }

  async #drain(): Promise<void> {
    clearTimeout(this.#timer);
    this.#setStatus("running");
    for (;;) {
      if (this.#status === "dead") {
        if (this.#stopRequested) this.#spawn(this.#passivate());
        return;
      }
      if (this.#mailbox.size === 0) break;
      if (!this.#incarnation) {
        const waitMs = this.#restartNotBefore - performance.now();
        if (waitMs > 0) {
          await this.#sleep(waitMs);
          continue;
        }
      }
      const delivery = this.#mailbox.take() as Delivery;
      if (isExpired(delivery, this.host.clock.now())) {
        // The caller already gave up (AskTimeoutError): skip instead of wasting work.
        this.host.counters.expired++;
        delivery.reply?.reject(expiredError(this.address, delivery));
        continue;
      }
      if (!this.#incarnation && !(await this.#start(delivery))) continue;
      await this.#process(delivery);
    }
    if (this.#stopRequested) {
      this.#spawn(this.#passivate());
      return;
    }
    this.#setStatus("idle");
    this.#arm(this.options.idleTimeoutMs, () => this.#spawn(this.#passivate()));
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.#wake?.(), ms);
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
    });
  }

  /** Builds a new incarnation. On failure, fails `delivery` (the message that needed it). */
  async #start(delivery: Delivery): Promise<boolean> {
    const activationId = crypto.randomUUID();
    const { nodeId } = this.host;
    const ctx: ActorContext = Object.freeze({ address: this.address, activationId, nodeId, ref: this.host.ref });
    if (!this.#acquired) {
      try {
        await this.host.placement.acquired?.(this.address);
        this.#acquired = true;
      } catch (error) {
        // Another node owns the actor now: not a failure of the actor. The sender re-routes
        // this message (the error says it was not delivered); the rest follow it.
        delivery.reply?.reject(error);
        if (!delivery.reply) this.host.reroute(this.address, delivery);
        this.#spawn(this.relinquish());
        return false;
      }
    }
    try {
      const state = await this.behavior.init(ctx);
      this.#incarnation = { state, ctx };
      return true;
    } catch (error) {
      this.#fail(delivery, error, activationId, "init");
      return false;
    }
  }

  async #process(delivery: Delivery): Promise<void> {
    const { state, ctx } = this.#incarnation as { state: unknown; ctx: ActorContext };
    let reply: unknown;
    try {
      const { kind, id } = this.address;
      const attributes = { "actor.kind": kind, "actor.id": id, "actor.activation_id": ctx.activationId, "actor.node_id": ctx.nodeId };
      const parent = delivery.context ?? context.active();
      reply = await withSpan(`actor.process ${kind}`, attributes, () => this.behavior.receive(state, delivery.message, ctx), { parent });
    } catch (error) {
      // The message was delivered: an "undelivered" error from a nested ask must not make the
      // sender route it again.
      if (isUndelivered(error)) (error as { undelivered: boolean }).undelivered = false;
      if (!this.options.isFailure(error)) {
        // Only the answer to this message: the actor is fine.
        this.host.counters.processed++;
        if (delivery.reply) delivery.reply.reject(error);
        else this.host.deadLetters.publish({ address: this.address, message: delivery.message, reason: "failed", error });
        return;
      }
      this.#fail(delivery, error, ctx.activationId, "receive");
      return;
    }
    this.#supervisor.succeeded();
    this.host.counters.processed++;
    delivery.reply?.resolve(reply);
  }

  /** Fails `delivery` with the original error, drops the incarnation, applies the policy. */
  #fail(delivery: Delivery, error: unknown, activationId: string, phase: "init" | "receive"): void {
    this.host.counters.failed++;
    this.#incarnation = undefined;
    if (delivery.reply) delivery.reply.reject(error);
    else this.host.deadLetters.publish({ address: this.address, message: delivery.message, reason: "failed", error });
    const decision = this.#supervisor.failed();
    const failures = this.#supervisor.consecutiveFailures;
    const log = { address: this.address, activationId, phase, failures, err: error };
    if (decision.action === "restart") {
      this.#restartNotBefore = performance.now() + decision.delayMs;
      this.host.logger.warn({ ...log, restartInMs: decision.delayMs }, "actor failed; restarting from init");
      return;
    }
    this.#lastError = error;
    this.host.logger.error(log, "actor entered the dead-letter state");
    this.#setStatus("dead");
    for (const queued of this.#mailbox.takeAll()) this.#deadLetter(queued, true);
    // Policy: the dead state lasts idleTimeoutMs from now (rejected messages do not extend it),
    // then the entry is passivated and the next message gets a fresh activation.
    this.#arm(this.options.idleTimeoutMs, () => this.#spawn(this.#passivate()));
  }

  /** Publishes a dead letter for `delivery` and returns (optionally also rejects with) the error. */
  #deadLetter(delivery: Delivery, rejectReply: boolean): DeadLetterError {
    const error = new DeadLetterError(this.address, { cause: this.#lastError });
    this.host.deadLetters.publish({ address: this.address, message: delivery.message, reason: "failed", error });
    if (rejectReply) delivery.reply?.reject(error);
    return error;
  }

  async #passivate(): Promise<void> {
    if (this.#status === "passivating" || this.#status === "gone") return;
    clearTimeout(this.#timer);
    this.#setStatus("passivating");
    const incarnation = this.#incarnation;
    this.#incarnation = undefined;
    const log = { address: this.address, activationId: incarnation?.ctx.activationId };
    if (incarnation && this.behavior.passivate) {
      try {
        await this.behavior.passivate(incarnation.state, incarnation.ctx);
      } catch (error) {
        this.host.logger.error({ ...log, err: error }, "passivate threw");
      }
    }
    if (this.#acquired && !this.#relinquished) {
      try {
        await this.host.placement.released?.(this.address);
      } catch (error) {
        this.host.logger.error({ ...log, err: error }, "placement.released threw");
      }
    }
    this.host.logger.debug(log, "actor passivated");
    const leftovers = this.#mailbox.takeAll();
    this.#setStatus("gone");
    this.#gone.resolve();
    this.host.passivated(this, leftovers);
  }
}
