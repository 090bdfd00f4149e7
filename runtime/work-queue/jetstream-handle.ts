/**
 * One delivery of the JetStream work queue: decode, keep the ack timer alive with `working()`,
 * run the handler inside the trace context the item was enqueued in, and settle the message
 * (ack / nak with delay / term) according to the outcome.
 */
import type { JsMsg } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { extractTrace, SpanKind, withSpan } from "../tracing/index.ts";
import type { Logger } from "../types.ts";
import { retryDelayMs, type ResolvedJetStreamWorkQueueOptions } from "./jetstream-options.ts";
import type { WorkHandler, WorkItem, WorkOutcome } from "./types.ts";

/** JetStream's de-duplication header, set by `publish({ msgID })`. */
export const MSG_ID_HEADER = "Nats-Msg-Id";

/** What `handleMessage` needs. */
export interface HandlerContext {
  readonly nc: NatsConnection;
  readonly logger: Logger;
  readonly options: ResolvedJetStreamWorkQueueOptions;
}

/** A message whose handler is running on this node. */
export interface InflightEntry {
  readonly m: JsMsg;
  /** Settles once the handler returned and the message was settled (or abandoned). */
  readonly done: Promise<void>;
  /** True once the handler returned or threw. */
  readonly handlerDone: boolean;
  /** Stops `working()` and makes the handler's eventual outcome be ignored (the caller naks). */
  abandon(): void;
}

/**
 * True when the server understands `+TERM <reason>` (nats-server 2.11+). Older servers (e.g.
 * 2.9.10, measured) ignore an ack body they do not recognise, so the item would be redelivered.
 */
export function termReasonSupported(nc: NatsConnection): boolean {
  const match = /^(\d+)\.(\d+)/.exec(nc.info?.version ?? "");
  if (!match) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > 2 || (major === 2 && minor >= 11);
}

function isOutcome(value: unknown): value is WorkOutcome {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return kind === "ack" || kind === "retry" || kind === "term";
}

async function settle(ctx: HandlerContext, m: JsMsg, item: WorkItem<unknown>, outcome: WorkOutcome, log: Logger): Promise<void> {
  try {
    if (outcome.kind === "ack") {
      await m.ackAck();
      log.debug({}, "work item done");
    } else if (outcome.kind === "retry") {
      const last = item.deliveryCount >= item.maxDeliveries;
      const asked = outcome.delayMs;
      const valid = typeof asked === "number" && Number.isInteger(asked) && asked >= 0;
      // On the last delivery there is no redelivery to delay: nak at once so the broker reports
      // the exhaustion (advisory) without waiting.
      const delayMs = last ? 0 : valid ? asked : retryDelayMs(ctx.options.retryBackoffMs, item.deliveryCount);
      m.nak(delayMs);
      log.warn({ reason: outcome.reason, delayMs, last }, last ? "work item failed on its last delivery" : "work item will be retried");
    } else {
      m.term(termReasonSupported(ctx.nc) ? outcome.reason : undefined);
      log.warn({ reason: outcome.reason }, "work item terminated");
    }
  } catch (error) {
    log.warn({ err: error, outcome: outcome.kind }, "could not settle a work item; it is redelivered after its ack wait");
  }
}

/**
 * Handles one delivered message; never throws. Undecodable payloads are terminated (and logged
 * as errors); a thrown handler error or an invalid outcome counts as `retry`.
 */
export async function handleMessage<T>(ctx: HandlerContext, handler: WorkHandler<T>, m: JsMsg, inflight: Set<InflightEntry>): Promise<void> {
  const id = m.headers?.get(MSG_ID_HEADER) || `seq-${m.seq}`;
  const deliveryCount = m.info.deliveryCount;
  const log = ctx.logger.child({ workItem: id, deliveryCount, seq: m.seq });
  let data: T;
  try {
    data = JSON.parse(new TextDecoder().decode(m.data)) as T;
  } catch (error) {
    log.error({ err: error, bytes: m.data.length }, "undecodable work item; terminating it");
    try {
      m.term(termReasonSupported(ctx.nc) ? "undecodable JSON" : undefined);
    } catch (termError) {
      log.warn({ err: termError }, "could not terminate an undecodable work item");
    }
    return;
  }

  let abandoned = false;
  let handlerDone = false;
  const sendWorking = () => {
    if (abandoned || handlerDone) return;
    try {
      m.working();
    } catch (error) {
      log.debug({ err: error }, "could not send working() for a work item");
    }
  };
  const timer = setInterval(sendWorking, Math.max(1, Math.floor(ctx.options.ackWaitMs / 3)));
  const item: WorkItem<T> = { id, data, deliveryCount, maxDeliveries: ctx.options.maxDeliveries, working: sendWorking };
  let resolveDone!: () => void;
  const entry: InflightEntry = {
    m,
    done: new Promise<void>((resolve) => (resolveDone = resolve)),
    get handlerDone() {
      return handlerDone;
    },
    abandon() {
      abandoned = true;
      clearInterval(timer);
    },
  };
  inflight.add(entry);
  try {
    const parent = extractTrace((key) => m.headers?.get(key));
    const attributes = { "messaging.system": "nats", "messaging.destination.name": m.subject, "messaging.message.id": id, "messaging.delivery_count": deliveryCount };
    let outcome: WorkOutcome;
    try {
      const returned = await withSpan(`work ${ctx.options.stream}`, attributes, () => handler(item), { kind: SpanKind.CONSUMER, parent });
      if (isOutcome(returned)) {
        outcome = returned;
      } else {
        log.error({ returned: String(returned) }, "work handler returned an invalid outcome; retrying the item");
        outcome = { kind: "retry", reason: "invalid outcome" };
      }
    } catch (error) {
      log.warn({ err: error }, "work handler threw; retrying the item");
      outcome = { kind: "retry", reason: error instanceof Error ? error.message : String(error) };
    }
    handlerDone = true;
    clearInterval(timer);
    if (abandoned) {
      log.warn({ outcome: outcome.kind }, "work item finished after the workers stopped; it was already handed back");
      return;
    }
    await settle(ctx, m, item as WorkItem<unknown>, outcome, log);
  } finally {
    handlerDone = true;
    clearInterval(timer);
    inflight.delete(entry);
    resolveDone();
  }
}
