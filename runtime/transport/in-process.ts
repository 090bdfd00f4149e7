/**
 * In-process transport: delivers envelopes to the handler a node registered with `listen` in the
 * same process, by reference (no serialisation: treat messages as immutable). Several actor
 * systems sharing one instance behave like nodes of a cluster, which is how the transport seam
 * is tested before the NATS transport exists.
 */

import { NodeUnreachableError } from "../errors.ts";
import type { Envelope, Transport } from "../types.ts";

/**
 * Creates an empty in-process transport (no shared state with other instances).
 * - `send(nodeId, envelope)` resolves with the handler's result; rejects with
 *   NodeUnreachableError when no handler listens on `nodeId` (or after `close`).
 * - `listen(nodeId, handler)` rejects with an Error when `nodeId` already has a handler.
 * - `close()` forgets every handler.
 */
export function createInProcessTransport(): Transport {
  const handlers = new Map<string, (envelope: Envelope) => Promise<unknown>>();
  return {
    async send(nodeId, envelope) {
      const handler = handlers.get(nodeId);
      if (!handler) throw new NodeUnreachableError(nodeId);
      return handler(envelope);
    },
    async listen(nodeId, handler) {
      if (handlers.has(nodeId)) throw new Error(`node "${nodeId}" is already listening on this transport`);
      handlers.set(nodeId, handler);
    },
    async close() {
      handlers.clear();
    },
  };
}
