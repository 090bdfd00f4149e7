/**
 * Creates or updates the work-queue stream and its one durable pull consumer, idempotently, so
 * that several nodes starting at once all succeed.
 */
import { NavigatorError } from "../error-base.ts";
import {
  AckPolicy,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type JetStreamManager,
  type StreamConfig,
} from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import type { ResolvedJetStreamWorkQueueOptions } from "./jetstream-options.ts";

/** Server error code "stream name already in use with a different configuration" (JSStreamNameExistErr). */
const STREAM_NAME_EXISTS = 10058;
/**
 * Server error code "subjects overlap with an existing stream" (JSStreamSubjectOverlapErr). nats-server
 * 2.9 answers it instead of 10058 when another node creates the same stream at the same moment.
 */
const STREAM_SUBJECT_OVERLAP = 10065;

/**
 * The stream or consumer exists with a configuration this queue cannot use (e.g. a stream with
 * `limits` retention under the same name), or the server refused to create/update it (`cause`).
 */
export class WorkQueueSetupError extends NavigatorError {
  readonly code = "work_queue_setup";
  constructor(
    /** The stream concerned. */
    readonly stream: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`work queue stream "${stream}": ${message}`, options);
  }
}

/**
 * Ensures the stream (retention `workqueue`, file storage, subjects `[subject]`,
 * `duplicate_window`) and the durable pull consumer (explicit ack, `ack_wait`, `max_deliver`,
 * `filter_subject`). Existing ones are updated to these settings (last writer wins when nodes
 * disagree); concurrent creation by other nodes is tolerated.
 * @throws WorkQueueSetupError when the stream exists with another retention or storage, or the
 *   server refuses the configuration.
 */
export async function ensureWorkQueue(jsm: JetStreamManager, o: ResolvedJetStreamWorkQueueOptions): Promise<void> {
  const wanted: Partial<StreamConfig> = { subjects: [o.subject], duplicate_window: nanos(o.duplicateWindowMs) };
  let info;
  try {
    info = await jsm.streams.add({ name: o.stream, retention: RetentionPolicy.Workqueue, storage: StorageType.File, ...wanted });
  } catch (error) {
    const code = error instanceof JetStreamApiError ? error.code : undefined;
    const ours = code === STREAM_SUBJECT_OVERLAP && (await jsm.streams.info(o.stream).then(() => true, () => false));
    if (code !== STREAM_NAME_EXISTS && !ours) {
      throw new WorkQueueSetupError(o.stream, `cannot create the stream: ${String(error)}`, { cause: error });
    }
    try {
      info = await jsm.streams.update(o.stream, wanted);
    } catch (cause) {
      throw new WorkQueueSetupError(o.stream, `cannot update the stream: ${String(cause)}`, { cause });
    }
  }
  if (info.config.retention !== RetentionPolicy.Workqueue || info.config.storage !== StorageType.File) {
    throw new WorkQueueSetupError(
      o.stream,
      `exists with retention "${info.config.retention}" and storage "${info.config.storage}"; a work queue needs "workqueue" and "file"`,
    );
  }
  const consumer: Partial<ConsumerConfig> = {
    durable_name: o.durable,
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(o.ackWaitMs),
    max_deliver: o.maxDeliveries,
    filter_subject: o.subject,
  };
  try {
    // Servers up to 2.9 create-or-update through this call; newer ones refuse a changed config.
    await jsm.consumers.add(o.stream, consumer);
  } catch (error) {
    const exists = await jsm.consumers.info(o.stream, o.durable).then(() => true, () => false);
    if (!exists) throw new WorkQueueSetupError(o.stream, `cannot create consumer "${o.durable}": ${String(error)}`, { cause: error });
    try {
      await jsm.consumers.update(o.stream, o.durable, {
        ack_wait: consumer.ack_wait,
        max_deliver: consumer.max_deliver,
        filter_subject: consumer.filter_subject,
      });
    } catch (cause) {
      throw new WorkQueueSetupError(o.stream, `cannot update consumer "${o.durable}": ${String(cause)}`, { cause });
    }
  }
}
