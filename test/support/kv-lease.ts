/**
 * Shared setup of the KV lease placement tests (kv-lease.test.ts, kv-lease-liveness.test.ts):
 * nodes with their own connection, bucket and recording logger, on the calling file's nats-server.
 */
import type { KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import type { NatsFixture } from "./nats.ts";
import { createRecordingLogger, type RecordingLogger } from "../../runtime/testing.ts";
import type { ActorAddress } from "../../runtime/types.ts";
import { createKvLeasePlacement, openLeaseBucket, type KvLeasePlacement, type KvLeasePlacementOptions } from "../../runtime/placement/kv-lease.ts";

/** Lease TTL of most tests, in milliseconds (short, to keep them fast). */
export const TEST_LEASE_TTL_MS = 2_000;

/** Address of the actor `agent/<id>`. */
export const agent = (id: string): ActorAddress => ({ kind: "agent", id });

/** One node of a test cluster. */
export interface LeaseTestNode {
  readonly placement: KvLeasePlacement;
  readonly kv: KV;
  readonly nc: NatsConnection;
  readonly logger: RecordingLogger;
}

/** Helpers bound to one file's NATS fixture. */
export interface LeaseTestKit {
  /** A bucket name unique to this run and call. */
  newBucket(): string;
  /**
   * A node `nodeId` hosting "agent" on `bucket` (opened with its `leaseTtlMs`, default
   * TEST_LEASE_TTL_MS), on a new connection unless `nc` is given.
   */
  node(nodeId: string, bucket: string, options?: Partial<KvLeasePlacementOptions>, nc?: NatsConnection): Promise<LeaseTestNode>;
}

/** Creates the helpers for the fixture of the calling test file. */
export function leaseTestKit(nats: NatsFixture): LeaseTestKit {
  let bucketCounter = 0;
  return {
    newBucket: () => `${nats.unique}_${++bucketCounter}`,
    async node(nodeId, bucket, options = {}, nc) {
      const conn = nc ?? (await nats.connect({ name: nodeId }));
      const leaseTtlMs = options.leaseTtlMs ?? TEST_LEASE_TTL_MS;
      const kv = await openLeaseBucket(conn, { bucket, leaseTtlMs });
      const logger = createRecordingLogger();
      const placement = createKvLeasePlacement({ kv, nodeId, logger }, { hostedKinds: ["agent"], leaseTtlMs, ...options });
      return { placement, kv, nc: conn, logger };
    },
  };
}

/** Number of live keys in `kv` (delete markers are not counted). */
export async function keyCount(kv: KV): Promise<number> {
  let n = 0;
  for await (const _ of await kv.keys()) n++;
  return n;
}

/**
 * Polls `condition` every `stepMs` until it holds; resolves with the time it did (epoch ms).
 * @throws Error naming `what` after `timeoutMs`.
 */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 10): Promise<number> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await Bun.sleep(stepMs);
  }
  return Date.now();
}
