/**
 * Feature extraction for the hashed embedder: word unigrams, word bigrams and character n-grams
 * inside words, each hashed with a sign bit into a fixed number of buckets.
 */
import { fnv1a } from "./hash.ts";
import type { Token, TokenKind } from "../text/tokenize.ts";

/** Per-family weights and n-gram range. All weights are relative; each family is L2-normalised first. */
export interface FeatureWeights {
  /** Weight of the unigram family. */
  readonly unigram: number;
  /** Weight of the adjacent-term bigram family. */
  readonly bigram: number;
  /** Weight of the character n-gram family. */
  readonly charGram: number;
  /** Multiplier for numeric tokens (money, percent, phone, number) inside the unigram family. */
  readonly numericBoost: number;
  /** Shortest and longest character n-gram (inclusive), over `<word>` with boundary marks. */
  readonly minGram: number;
  readonly maxGram: number;
}

const SEED_UNI = 0x1;
const SEED_BI = 0x2;
const SEED_CHAR = 0x3;

/**
 * One feature family's bucket → value sums: a dense scratch vector plus the buckets in the order
 * they were first touched (the order a `Map` would iterate them in, so every sum below adds the
 * same numbers in the same order as a `Map<number, number>` did: the vectors are bit-identical).
 * Dense because a `Map` per family was the embedder's hottest spot (~40% of its CPU, EOC profile).
 */
interface Family {
  readonly values: Float64Array;
  readonly seen: Uint8Array;
  readonly order: number[];
}

function family(dims: number): Family {
  return { values: new Float64Array(dims), seen: new Uint8Array(dims), order: [] };
}

/**
 * Scratch space of {@link accumulateFeatures} for vectors of `dimensions` values, reused from one
 * call to the next instead of allocating ~14 KB per text (one per embedder; the function is
 * synchronous, so calls never share it at once). The result is the same with or without.
 */
export type FeatureScratch = Family;

/** A {@link FeatureScratch} for vectors of `dimensions` values. */
export function createFeatureScratch(dimensions: number): FeatureScratch {
  return family(dimensions);
}

function add(f: Family, hash: number, dims: number, weight: number): void {
  const bucket = hash % dims;
  const sign = hash & 0x80000000 ? -1 : 1;
  if (f.seen[bucket] === 0) {
    f.seen[bucket] = 1;
    f.order.push(bucket);
  }
  f.values[bucket] = f.values[bucket]! + sign * weight;
}

const NUMERIC: ReadonlySet<TokenKind> = new Set(["money", "percent", "phone", "number"]);

/**
 * Hashes of a word's character n-grams (`fnv1a` of each n-gram of `<word>`, n = `minGram` …
 * `maxGram`, in that order), by word: a five-sentence window repeats each sentence's words in
 * five chunks, so an embedder keeps them. Its entries depend on the weights' `minGram`/`maxGram`:
 * one cache per embedder. Cleared when it reaches {@link CHAR_GRAM_CACHE_MAX_TERMS} words.
 */
export type CharGramCache = Map<string, Uint32Array>;

/** Most words a {@link CharGramCache} holds before it is cleared (~100 bytes each: a few MB). */
export const CHAR_GRAM_CACHE_MAX_TERMS = 50_000;

/**
 * Adds weighted, sublinear-tf features of `tokens` into `out` (a dense vector).
 * @param tokens tokens of one text, in order
 * @param out dense accumulator (length = dimensions); modified in place
 * @param w feature weights
 * @param scale overall multiplier (e.g. < 1 for glossary-added query wording)
 * @param cache words' character n-gram hashes kept between calls (the result is the same with or without)
 * @param scratch reused scratch space ({@link createFeatureScratch}); ignored when made for another length
 */
export function accumulateFeatures(tokens: readonly Token[], out: Float32Array, w: FeatureWeights, scale = 1, cache?: CharGramCache, scratch?: FeatureScratch): void {
  const dims = out.length;
  const tf = new Map<string, number>();
  for (const t of tokens) tf.set(t.term, (tf.get(t.term) ?? 0) + 1);
  const kinds = new Map<string, TokenKind>();
  for (const t of tokens) kinds.set(t.term, t.kind);
  // One family at a time in one scratch: unigrams, bigrams, then character n-grams, each mixed
  // into `out` before the next (the order their contributions were always added in).
  const f = scratch !== undefined && scratch.values.length === dims ? scratch : family(dims);
  clear(f); // a no-op unless an earlier call stopped half-way
  for (const [term, n] of tf) {
    const weight = 1 + Math.log(n);
    add(f, fnv1a(term, SEED_UNI), dims, NUMERIC.has(kinds.get(term) ?? "word") ? weight * w.numericBoost : weight);
  }
  mix(out, f, w.unigram * scale);
  const biTf = new Map<string, number>();
  for (let i = 1; i < tokens.length; i++) {
    const key = `${tokens[i - 1]?.term} ${tokens[i]?.term}`;
    biTf.set(key, (biTf.get(key) ?? 0) + 1);
  }
  for (const [key, n] of biTf) add(f, fnv1a(key, SEED_BI), dims, 1 + Math.log(n));
  mix(out, f, w.bigram * scale);
  for (const [term, n] of tf) {
    if ((kinds.get(term) ?? "word") === "word" && term.length >= w.minGram - 1) {
      const weight = 1 + Math.log(n);
      for (const h of charGramHashes(term, w, cache)) add(f, h, dims, weight);
    }
  }
  mix(out, f, w.charGram * scale);
}

function charGramHashes(term: string, w: FeatureWeights, cache: CharGramCache | undefined): Uint32Array {
  const known = cache?.get(term);
  if (known) return known;
  const s = `<${term}>`;
  const hashes: number[] = [];
  for (let n = w.minGram; n <= w.maxGram; n++) {
    for (let i = 0; i + n <= s.length; i++) hashes.push(fnv1a(s.slice(i, i + n), SEED_CHAR));
  }
  const out = Uint32Array.from(hashes);
  if (cache) {
    if (cache.size >= CHAR_GRAM_CACHE_MAX_TERMS) cache.clear();
    cache.set(term, out);
  }
  return out;
}

/** Adds `family` (L2-normalised) times `weight` into the dense vector, then clears the family for the next one. */
function mix(out: Float32Array, family: Family, weight: number): void {
  const { values, seen, order } = family;
  if (weight !== 0 && order.length > 0) {
    let norm = 0;
    for (const b of order) norm += values[b]! * values[b]!;
    if (norm !== 0) {
      const f = weight / Math.sqrt(norm);
      for (const b of order) out[b] = (out[b] ?? 0) + values[b]! * f;
    }
  }
  clear(family);
}

/** Zeroes the buckets a family touched. */
function clear(family: Family): void {
  const { values, seen, order } = family;
  for (const b of order) {
    values[b] = 0;
    seen[b] = 0;
  }
  order.length = 0;
}
