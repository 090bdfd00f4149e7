/**
 * The in-memory unit indexes of recently active users (rag/bm25), built on a user's first
 * question and rebuilt when the user's chunks change (a new, re-processed or deleted document).
 * A cheap version query (count and hash of the user's chunk ids) decides, per question.
 */
import { buildUnitIndex, type Bm25Options, type FieldWeights, type StoredUnit, type UnitIndex } from "../bm25/index.ts";

/**
 * Most units (chunks and record units) held over all cached users' indexes, counting the per-plan
 * sub-indexes each has built (rag/bm25 `UnitIndex.heldUnits`); least recently used users go first. The EOC's index is ≈ 3 MB for its 1,274 units (≈ 2.4 KB a unit), so 80,000
 * units are ≈ 190 MB: the ceiling the earlier bound of 64 users set when every user holds an EOC.
 * A bound by users alone thrashed with short documents: 100 members of one SBC each, asking in
 * turn, rebuilt an index on every question (server CPU 2.5 → 6.3 ms per request,
 * `bun bench/chat-load.bench.ts --users 100`), with memory to spare.
 */
export const DEFAULT_UNIT_CACHE_MAX_UNITS = 80_000;

/** Most users whose indexes are kept, whatever their size (each entry has its own fixed overhead). */
export const DEFAULT_UNIT_CACHE_USERS = 1_024;

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
 * @param options `maxUsers` (default {@link DEFAULT_UNIT_CACHE_USERS}) and `maxUnits` (default
 *   {@link DEFAULT_UNIT_CACHE_MAX_UNITS}; the index just built is kept even when it alone is larger), field weights
 * @throws RangeError when `maxUsers` or `maxUnits` is not a positive integer
 */
export function createUnitCache(
  source: UnitSource,
  terms: (text: string) => string[],
  options: { maxUsers?: number; maxUnits?: number; fieldWeights?: FieldWeights; bm25?: Bm25Options } = {},
): UnitCache {
  const maxUsers = options.maxUsers ?? DEFAULT_UNIT_CACHE_USERS;
  const maxUnits = options.maxUnits ?? DEFAULT_UNIT_CACHE_MAX_UNITS;
  if (!Number.isInteger(maxUsers) || maxUsers < 1) throw new RangeError(`maxUsers must be a positive integer, got ${maxUsers}`);
  if (!Number.isInteger(maxUnits) || maxUnits < 1) throw new RangeError(`maxUnits must be a positive integer, got ${maxUnits}`);
  // In use order, least recent first. Units are counted with each index's sub-indexes
  // (UnitIndex.heldUnits), which grow after the entry is stored, so the sum is taken on each get.
  const entries = new Map<string, { version: string; index: UnitIndex }>();
  const evict = () => {
    let units = 0;
    for (const { index } of entries.values()) units += index.heldUnits();
    while (entries.size > 1 && (entries.size > maxUsers || units > maxUnits)) {
      const oldest = entries.keys().next().value as string;
      units -= (entries.get(oldest) as { index: UnitIndex }).index.heldUnits();
      entries.delete(oldest);
    }
  };
  return {
    async get(userId, embeddingModel) {
      const key = `${userId}\u0000${embeddingModel}`;
      const version = await source.version(userId, embeddingModel);
      const hit = entries.get(key);
      if (hit && hit.version === version) {
        entries.delete(key);
        entries.set(key, hit);
        evict();
        return { index: hit.index, built: false };
      }
      const index = buildUnitIndex(await source.load(userId, embeddingModel), terms, options.fieldWeights, options.bm25);
      entries.delete(key);
      entries.set(key, { version, index });
      evict();
      return { index, built: true };
    },
  };
}
