/**
 * The retriever's unit source with its version read once per chat turn. A turn over several plans
 * retrieves up to four times (rag/retriever via actors/agent plan-turn: the joint retrieval, then
 * plan by plan), and every retrieval asks the unit cache whether the member's chunks and records
 * changed: a query over all of them. Inside a turn ({@link TurnUnits.scope}) the first answer is
 * kept for the rest of the turn, so the turn reads one snapshot of the member's documents; the
 * memo ends with the turn, so a document added, re-processed or deleted is seen from the next turn
 * on. Outside a turn (the eval, benches) every call asks the source, as before.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { UnitSource } from "../rag/retriever/index.ts";

/** A unit source and the scope within which its version is memoised. */
export interface TurnUnits {
  /** The source to give the retriever: `load` as given; `version` memoised inside {@link scope}. */
  readonly units: UnitSource;
  /** Runs `fn` (one chat turn) with its own version memo; the memo is dropped when `fn` settles. */
  scope<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * Wraps `source`. A version read that fails is not kept (the next read in the turn asks again).
 * Memory: one entry per (user, embedding model) read during a turn, for the turn's duration.
 */
export function createTurnUnits(source: UnitSource): TurnUnits {
  const turn = new AsyncLocalStorage<Map<string, Promise<string>>>();
  return {
    units: {
      version(userId, embeddingModel) {
        const memo = turn.getStore();
        if (!memo) return source.version(userId, embeddingModel);
        const key = `${userId}\u0000${embeddingModel}`;
        let v = memo.get(key);
        if (!v) {
          v = source.version(userId, embeddingModel);
          memo.set(key, v);
          v.catch(() => memo.delete(key));
        }
        return v;
      },
      load: (userId, embeddingModel) => source.load(userId, embeddingModel),
    },
    scope: (fn) => turn.run(new Map(), fn),
  };
}
