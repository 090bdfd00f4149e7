/**
 * Durable, at-least-once work queues. One implementation: a JetStream work-queue stream with one
 * durable pull consumer shared by every worker node (./jetstream.ts). The embedded default keeps
 * using the jobs table (actors/ingestion/queue.ts) and does not go through this interface.
 */

/** One delivery of a queued item to a worker. */
export interface WorkItem<T> {
  /** The id given to `enqueue` (also the broker's de-duplication id). */
  readonly id: string;
  readonly data: T;
  /** 1 on the first delivery, 2 on the first redelivery, ... */
  readonly deliveryCount: number;
  /** Deliveries after which the broker stops redelivering (the consumer's `max_deliver`). */
  readonly maxDeliveries: number;
  /**
   * Tells the broker the item is still being worked on, resetting its ack timer (JetStream
   * `+WPI`). Workers call it on their own while a handler runs; handlers may call it too.
   */
  working(): void;
}

/** What a handler decided about one delivery. */
export type WorkOutcome =
  /** Done (successfully or with a final, recorded failure): remove it from the queue. */
  | { readonly kind: "ack" }
  /** Failed in a way worth retrying: redeliver after `delayMs` (default: the queue's backoff). */
  | { readonly kind: "retry"; readonly delayMs?: number; readonly reason: string }
  /** Never redeliver (a poison message the handler could not even record as failed). */
  | { readonly kind: "term"; readonly reason: string };

/** Handles one delivery; a throw counts as `{kind: "retry"}` with the error as the reason. */
export type WorkHandler<T> = (item: WorkItem<T>) => Promise<WorkOutcome>;

/** Options of `WorkQueue.process`. */
export interface ProcessOptions {
  /** Items this node works on at once (each worker pulls one item at a time). Integer ≥ 1. */
  readonly concurrency: number;
}

/** A running set of workers. */
export interface Workers {
  /** Items being handled right now on this node. */
  readonly inflight: number;
  /**
   * Stops pulling, waits up to `timeoutMs` (milliseconds, integer ≥ 0) for the items in flight,
   * then naks the rest (so another node takes them at once) and returns how many were finished
   * and nak'ed. A nak'ed item's handler is not interrupted, but its outcome is ignored.
   * Idempotent: later calls return the first call's promise.
   */
  stop(options: { timeoutMs: number }): Promise<{ finished: number; nakked: number }>;
}

/** An item the broker will not deliver again without a final outcome (its deliveries ran out). */
export interface ExhaustedItem<T> {
  readonly id: string;
  readonly data: T;
  readonly deliveries: number;
}

/** A durable work queue. */
export interface WorkQueue<T> {
  /**
   * Stores `data` durably; resolves once the broker has acknowledged it, so an accepted item
   * survives a broker restart. The same `id` within the de-duplication window is stored once.
   * The active trace context travels with the item.
   * @throws the broker's error when it cannot store the item. After a timeout the item may in
   *   fact be stored: retrying with the same `id` is safe (de-duplicated).
   */
  enqueue(id: string, data: T): Promise<void>;
  /**
   * Starts workers on this node. The handler runs inside the trace context the item was
   * enqueued in. While it runs, `working()` is sent every `ackWaitMs / 3`.
   */
  process(handler: WorkHandler<T>, options: ProcessOptions): Workers;
  /**
   * Subscribes to items whose deliveries ran out while no handler returned a final outcome (a
   * worker crashed on the last delivery, or its handler returned `retry` or threw on it).
   * Exactly one subscribed node receives each; the item is removed once the listener resolves
   * (kept, and logged, when it rejects). Events raised while no node is subscribed are lost.
   * Returns an unsubscribe function.
   */
  onExhausted(listener: (item: ExhaustedItem<T>) => Promise<void>): () => void;
  /**
   * Items stored and not yet acknowledged (waiting or in flight, whole cluster); exhausted items
   * are not counted.
   */
  pending(): Promise<number>;
  /**
   * Stops workers still running (no wait: items in flight are nak'ed) and subscriptions; the
   * connection is the caller's. Idempotent.
   */
  close(): Promise<void>;
}
