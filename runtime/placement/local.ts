/**
 * Single-node placement: every actor lives on the local node.
 */

import type { Placement } from "../types.ts";

/**
 * Creates a placement whose `locate` always resolves with `nodeId`; `acquired`/`released` are
 * not needed (there is nothing to lease) and `close` does nothing.
 */
export function createLocalPlacement(nodeId: string): Placement {
  return {
    async locate() {
      return nodeId;
    },
    async close() {},
  };
}
