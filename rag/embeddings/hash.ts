/** FNV-1a (32-bit) constants, from the FNV reference (Fowler, Noll, Vo; IETF draft-eastlake-fnv). */
export const FNV_OFFSET_BASIS = 0x811c9dc5;
/** FNV-1a 32-bit prime. */
export const FNV_PRIME = 0x01000193;

/**
 * FNV-1a hash of a string's UTF-16 code units, seeded so that feature families never collide
 * systematically. Deterministic across runs and platforms.
 * @param text the feature string
 * @param seed mixed into the offset basis (0 = plain FNV-1a)
 * @returns an unsigned 32-bit integer
 */
export function fnv1a(text: string, seed = 0): number {
  let h = (FNV_OFFSET_BASIS ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  // final avalanche (murmur3 fmix32) so low bits, used for the bucket, are well mixed
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
