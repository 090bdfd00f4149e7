/**
 * Job events across the cluster: a {@link JobEventBus} over NATS core publish/subscribe, so that
 * the SSE stream or WebSocket of a user on node B sees the progress of a job running on node A.
 *
 * Events go to `<subject>.<userId>.<jobId>` (fire-and-forget, at most once: a NATS restart may drop
 * some, which is why `whenDone` also polls the jobs table). Every bus holds one subscription to
 * `<subject>.>` and fans events out to its local listeners, so a node's own events come back to it
 * through the server (NATS echo) and every listener of every node sees each event exactly once.
 */
import type { NatsConnection } from "@nats-io/transport-node";
import { JOB_STATUSES } from "../../db/index.ts";
import type { Logger } from "../../runtime/index.ts";
import type { JobEvent } from "../messages.ts";
import type { JobEventBus } from "./events.ts";

/** Default subject prefix of job events; an event goes to `${prefix}.${userId}.${jobId}`. */
export const DEFAULT_JOB_EVENTS_SUBJECT = "navigator.events.jobs";

/** A {@link JobEventBus} that must be closed. */
export interface NatsJobEventBus extends JobEventBus {
  /** Drops the NATS subscription and every listener; later publishes are ignored. Idempotent. */
  close(): Promise<void>;
}

/** Options of {@link createNatsJobEventBus}. */
export interface NatsJobEventBusOptions {
  /**
   * Subject prefix: dot-separated tokens without wildcards or whitespace. Default
   * {@link DEFAULT_JOB_EVENTS_SUBJECT}. Every node of a cluster must use the same one.
   */
  readonly subject?: string;
}

const TOKEN = /^[^\s.*>]+$/;

/** True when `value` has the shape of a {@link JobEvent} (as read off the wire). */
function isJobEvent(value: unknown): value is JobEvent {
  const e = value as Partial<JobEvent> | null;
  return (
    typeof e === "object" &&
    e !== null &&
    typeof e.jobId === "string" &&
    typeof e.userId === "string" &&
    typeof e.documentId === "string" &&
    typeof e.status === "string" &&
    (JOB_STATUSES as readonly string[]).includes(e.status) &&
    typeof e.pct === "number" &&
    typeof e.at === "number"
  );
}

/**
 * Creates a job event bus over `deps.nc` (the connection stays the caller's; it must not be opened
 * with `noEcho`, or a node would miss its own events). `publish` never throws: an event that
 * cannot be sent (connection closed, ids that are not subject tokens) is logged and dropped.
 * `subscribe` subscribes to NATS on first use; a throwing listener is logged and does not affect
 * the others; a payload that is not a JSON job event is logged and skipped.
 * @throws RangeError when `options.subject` is not a valid subject without wildcards.
 */
export function createNatsJobEventBus(deps: { nc: NatsConnection; logger: Logger }, options: NatsJobEventBusOptions = {}): NatsJobEventBus {
  const subject = options.subject ?? DEFAULT_JOB_EVENTS_SUBJECT;
  if (typeof subject !== "string" || !subject.split(".").every((t) => TOKEN.test(t))) {
    throw new RangeError(`createNatsJobEventBus: "subject" must be dot-separated tokens without wildcards or whitespace, got ${JSON.stringify(subject)}`);
  }
  const logger = deps.logger.child({ component: "job-events", subject });
  const listeners = new Set<(event: JobEvent) => void>();
  let subscription: ReturnType<NatsConnection["subscribe"]> | undefined;
  let closed = false;

  const deliver = (event: JobEvent) => {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (error) {
        logger.warn({ err: String(error), jobId: event.jobId }, "job event listener failed");
      }
    }
  };

  const ensureSubscribed = () => {
    if (subscription || closed) return;
    subscription = deps.nc.subscribe(`${subject}.>`, {
      callback: (err, msg) => {
        if (err) {
          logger.warn({ err: String(err) }, "job event subscription error");
          return;
        }
        let event: unknown;
        try {
          event = msg.json();
        } catch {
          event = undefined;
        }
        if (!isJobEvent(event)) {
          logger.warn({ natsSubject: msg.subject, bytes: msg.data.byteLength }, "malformed job event skipped");
          return;
        }
        deliver(event);
      },
    });
  };

  return {
    publish(event) {
      if (closed) return;
      if (!TOKEN.test(event.userId) || !TOKEN.test(event.jobId)) {
        logger.warn({ jobId: event.jobId, userId: event.userId }, "job event ids are not subject tokens; dropped");
        return;
      }
      try {
        deps.nc.publish(`${subject}.${event.userId}.${event.jobId}`, JSON.stringify(event));
      } catch (error) {
        logger.warn({ err: String(error), jobId: event.jobId, status: event.status }, "job event could not be published; dropped");
      }
    },
    subscribe(listener) {
      if (closed) return () => {};
      listeners.add(listener);
      ensureSubscribed();
      return () => {
        listeners.delete(listener);
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      const sub = subscription;
      subscription = undefined;
      if (sub && !sub.isClosed()) {
        try {
          sub.unsubscribe();
        } catch (error) {
          logger.debug({ err: String(error) }, "job event unsubscribe failed (connection closed?)");
        }
      }
    },
  };
}
