/**
 * In-process transport: delivers envelopes to the handler a node registered with `listen` in the
 * same process, by reference (no serialisation: treat messages as immutable). Several actor
 * systems sharing one instance behave like nodes of a cluster, which is how the transport and
 * placement seams are tested without a broker.
 */

import { NodeUnreachableError } from "../errors.ts";
import type { DeliveryRoute, Envelope, Transport } from "../types.ts";

type Handler = (envelope: Envelope, route: DeliveryRoute) => Promise<unknown>;

/**
 * Creates an empty in-process transport (no shared state with other instances).
 * - `send(nodeId, envelope)` resolves with the handler's result; rejects with
 *   NodeUnreachableError when no handler listens on `nodeId` (or after `close`).
 * - `sendToKind(kind, envelope)` hands the envelope to the nodes that listed `kind` in
 *   `listen`, in turn (round robin); NodeUnreachableError when none did.
 * - `listen(nodeId, handler)` rejects with an Error when `nodeId` already has a handler.
 * - `close()` forgets every handler.
 */
export function createInProcessTransport(): Transport {
  const handlers = new Map<string, Handler>();
  const byKind = new Map<string, string[]>();
  let turn = 0;
  return {
    async send(nodeId, envelope) {
      const handler = handlers.get(nodeId);
      if (!handler) throw new NodeUnreachableError(nodeId);
      return handler(envelope, "node");
    },
    async sendToKind(kind, envelope) {
      const nodes = (byKind.get(kind) ?? []).filter((n) => handlers.has(n));
      if (nodes.length === 0) throw new NodeUnreachableError(`kind:${kind}`);
      const nodeId = nodes[turn++ % nodes.length] as string;
      return (handlers.get(nodeId) as Handler)(envelope, "kind");
    },
    async listen(nodeId, handler, options = {}) {
      if (handlers.has(nodeId)) throw new Error(`node "${nodeId}" is already listening on this transport`);
      handlers.set(nodeId, handler);
      for (const kind of options.kinds ?? []) byKind.set(kind, [...(byKind.get(kind) ?? []), nodeId]);
    },
    async close() {
      handlers.clear();
      byKind.clear();
    },
  };
}
