/**
 * Workers of the JetStream work queue: `concurrency` loops, each pulling ONE message at a time
 * from the shared durable pull consumer, so this node never holds more than `concurrency`
 * un-acknowledged items. Pull failures (NATS down or restarting) are logged and retried with a
 * short backoff; workers resume on their own once the connection is back.
 */
import type { Consumer, ConsumerMessages, JsMsg } from "@nats-io/jetstream";
import { checkInteger } from "../options.ts";
import type { Logger } from "../types.ts";
import { MAX_PULL_RETRY_BACKOFF_MS, PULL_EXPIRES_MS, PULL_RETRY_BACKOFF_MS } from "./jetstream-options.ts";
import { handleMessage, type HandlerContext, type InflightEntry } from "./jetstream-handle.ts";
import type { ProcessOptions, WorkHandler, Workers } from "./types.ts";

/** What `startWorkers` needs: the consumer plus everything `handleMessage` uses. */
export interface WorkersContext extends HandlerContext {
  readonly consumer: Consumer;
}

/** Sends `nak()` (no delay), ignoring a closed connection; true when it could be sent. */
export function nakNow(m: JsMsg, logger: Logger): boolean {
  try {
    m.nak();
    return true;
  } catch (error) {
    logger.warn({ err: error, seq: m.seq }, "could not nak a work item; it is redelivered after its ack wait");
    return false;
  }
}

/**
 * Starts `options.concurrency` workers running `handler` (see ./jetstream-handle.ts for one
 * delivery). Each worker loops: pull one item (`fetch`, batch 1, expiring after
 * PULL_EXPIRES_MS), handle it, repeat. While the connection is down the workers wait for the
 * reconnect; a failed pull is logged and retried after PULL_RETRY_BACKOFF_MS, doubling up to
 * MAX_PULL_RETRY_BACKOFF_MS; they end when the connection is closed.
 *
 * `stop({ timeoutMs })` issues no new pull, waits up to `timeoutMs` for the handlers running at
 * that moment, then naks (no delay) those still running, whose later outcome is ignored, and
 * resolves `{ finished, nakked }` (over the handlers running when `stop` was called). An item
 * that still reaches a pull issued before `stop` is nak'ed at once (and not counted). Idempotent:
 * later calls return the first call's promise.
 * @throws RangeError when `concurrency` is not an integer in [1, 10 000]; `stop` rejects with
 *   RangeError when `timeoutMs` is not an integer ≥ 0.
 */
export function startWorkers<T>(ctx: WorkersContext, handler: WorkHandler<T>, options: ProcessOptions): Workers {
  const concurrency = checkInteger("WorkQueue.process", "concurrency", options?.concurrency, 1, 10_000);
  const log = ctx.logger;
  const inflight = new Set<InflightEntry>();
  const batches = new Set<ConsumerMessages>();
  const wakers = new Set<() => void>();
  let stopped = false;
  let stopping: Promise<{ finished: number; nakked: number }> | undefined;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakers.add(done);
    });

  // While disconnected, pulls would only be buffered and replayed at reconnect, racing the
  // server's recovery: wait for the reconnect instead, then pull afresh.
  let connected = true;
  const statuses = ctx.nc.status();
  void (async () => {
    for await (const status of statuses) {
      if (stopped) break;
      if (status.type === "disconnect") {
        connected = false;
        for (const batch of batches) void batch.close();
      } else if (status.type === "reconnect") {
        connected = true;
        for (const wake of wakers) wake();
      }
    }
  })();

  const loop = async (worker: number) => {
    let failures = 0;
    while (!stopped && !ctx.nc.isClosed()) {
      if (!connected) {
        await pause(MAX_PULL_RETRY_BACKOFF_MS);
        continue;
      }
      let batch: ConsumerMessages | undefined;
      try {
        batch = await ctx.consumer.fetch({ max_messages: 1, expires: PULL_EXPIRES_MS });
        batches.add(batch);
        for await (const m of batch) {
          if (stopped) {
            // The pull outlived `stop` (see below): hand the item straight back.
            nakNow(m, log);
            continue;
          }
          await handleMessage(ctx, handler, m, inflight);
        }
        failures = 0;
      } catch (error) {
        if (stopped || ctx.nc.isClosed()) break;
        failures += 1;
        const delayMs = Math.min(PULL_RETRY_BACKOFF_MS * 2 ** Math.min(failures - 1, 10), MAX_PULL_RETRY_BACKOFF_MS);
        log.warn({ err: error, worker, failures, delayMs }, "work queue pull failed; pulling again");
        await pause(delayMs);
      } finally {
        if (batch) batches.delete(batch);
      }
    }
    log.debug({ worker }, "work queue worker stopped");
  };

  for (let worker = 0; worker < concurrency; worker += 1) void loop(worker);
  log.info({ concurrency }, "work queue workers started");

  return {
    get inflight() {
      return inflight.size;
    },
    stop(stopOptions) {
      if (stopping) return stopping;
      let timeoutMs: number;
      try {
        timeoutMs = checkInteger("Workers.stop", "timeoutMs", stopOptions?.timeoutMs, 0);
      } catch (error) {
        return Promise.reject(error);
      }
      stopped = true;
      // nats-core's status iterator is a QueuedIterator: stop() ends it at once.
      (statuses as Partial<{ stop(): void }>).stop?.();
      // No new pulls from here on. A pull already waiting on the server is NOT cancelled: its
      // inbox stays subscribed until it expires (≤ PULL_EXPIRES_MS) and whatever it still
      // receives is nak'ed at once. Unsubscribing instead races the server, which may deliver to
      // the dead inbox; the item would then wait a whole ack wait (measured on 2.9.10).
      for (const wake of wakers) wake();
      const running = [...inflight];
      stopping = (async () => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        if (running.length > 0 && timeoutMs > 0) {
          await Promise.race([
            Promise.allSettled(running.map((entry) => entry.done)),
            new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
          ]);
          clearTimeout(timer);
        }
        let nakked = 0;
        for (const entry of running) {
          if (entry.handlerDone) continue;
          entry.abandon();
          nakNow(entry.m, log);
          nakked += 1;
        }
        const result = { finished: running.length - nakked, nakked };
        log.info(result, "work queue workers stopped");
        return result;
      })();
      return stopping;
    },
  };
}
