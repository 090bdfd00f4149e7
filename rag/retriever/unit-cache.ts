/**
 * The in-memory unit indexes of recently active users (rag/bm25), built on a user's first
 * question and rebuilt when the user's chunks change (a new, re-processed or deleted document).
 * A cheap version query (count and hash of the user's chunk ids) decides, per question.
 */
import { buildUnitIndex, type Bm25Options, type FieldWeights, type StoredUnit, type UnitIndex } from "../bm25/index.ts";

/** Users whose indexes are kept (least recently used first out). EOC ≈ 3 MB of index per user. */
export const DEFAULT_UNIT_CACHE_USERS = 64;

/** Where the units come from; implemented by the database layer. */
export interface UnitSource {
  /** A value that changes whenever the user's chunks (of this embedding model) change. */
  version(userId: string, embeddingModel: string): Promise<string>;
  /** Every chunk of the user (of this embedding model), in document and ordinal order. */
  load(userId: string, embeddingModel: string): Promise<StoredUnit[]>;
}

/** A cache of unit indexes. */
export interface UnitCache {
  /** The user's current index (built or rebuilt when needed); `built` says whether this call built it. */
  get(userId: string, embeddingModel: string): Promise<{ index: UnitIndex; built: boolean }>;
}

/**
 * Creates the cache.
 * @param terms the retrieval tokeniser
 * @param options `maxUsers` (default {@link DEFAULT_UNIT_CACHE_USERS}), field weights
 */
export function createUnitCache(source: UnitSource, terms: (text: string) => string[], options: { maxUsers?: number; fieldWeights?: FieldWeights; bm25?: Bm25Options } = {}): UnitCache {
  const maxUsers = options.maxUsers ?? DEFAULT_UNIT_CACHE_USERS;
  if (!Number.isInteger(maxUsers) || maxUsers < 1) throw new RangeError(`maxUsers must be a positive integer, got ${maxUsers}`);
  const entries = new Map<string, { version: string; index: UnitIndex }>();
  return {
    async get(userId, embeddingModel) {
      const key = `${userId}\u0000${embeddingModel}`;
      const version = await source.version(userId, embeddingModel);
      const hit = entries.get(key);
      if (hit && hit.version === version) {
        entries.delete(key);
        entries.set(key, hit);
        return { index: hit.index, built: false };
      }
      const index = buildUnitIndex(await source.load(userId, embeddingModel), terms, options.fieldWeights, options.bm25);
      entries.delete(key);
      entries.set(key, { version, index });
      while (entries.size > maxUsers) entries.delete(entries.keys().next().value as string);
      return { index, built: true };
    },
  };
}
