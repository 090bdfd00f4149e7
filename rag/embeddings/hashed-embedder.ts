/**
 * The offline embedder: deterministic feature hashing, no network, no model weights.
 */
import { expandQuery } from "../glossary/expand.ts";
import type { Embedder } from "../types.ts";
import { accumulateFeatures, createFeatureScratch, type CharGramCache, type FeatureWeights } from "./features.ts";
import { tokenize } from "../text/tokenize.ts";

/** Model id stored with every vector. Bump the version whenever features or weights change. */
export const HASHED_MODEL_ID = "navigator-hashed-v1";
/** Vector length (matches the OpenAI text-embedding-3-small column so one vector column fits both). */
export const DEFAULT_HASHED_DIMENSIONS = 1536;
/** Default per-family feature weights of the hashed embedder (the stored vectors depend on them). */
export const DEFAULT_FEATURE_WEIGHTS: FeatureWeights = {
  unigram: 1.0,
  bigram: 0.5,
  charGram: 0.35,
  numericBoost: 1.5,
  minGram: 3,
  maxGram: 5,
};
/** Weight of glossary-added wording relative to the question's own words in `embedQuery`. */
export const DEFAULT_EXPANSION_WEIGHT = 0.6;

/**
 * Cosine similarity below which a chunk is not a vector-side candidate (model navigator-hashed-v1).
 * A floor that drops only chunks sharing almost nothing with the question. The vector side is not
 * part of the default `fusion` ranking (fused with BM25F it lost 4–5 points of hit@5 on the
 * development set, bench/answers.ts --sweep), so the threshold matters to the `vector` and
 * `hybrid` modes only; whether an answer is found is rag/refusal's decision.
 */
export const HASHED_SIMILARITY_THRESHOLD = 0.05;

/** Options of {@link createHashedEmbedder}. */
export interface HashedEmbedderOptions {
  /** Vector length, 64..65536. Default {@link DEFAULT_HASHED_DIMENSIONS}. */
  readonly dimensions?: number;
  /** Feature weights. Default {@link DEFAULT_FEATURE_WEIGHTS}. */
  readonly weights?: Partial<FeatureWeights>;
  /** Expand queries with the insurance glossary. Default true. */
  readonly expandQueries?: boolean;
  /** Weight of glossary wording in queries, 0..1. Default {@link DEFAULT_EXPANSION_WEIGHT}. */
  readonly expansionWeight?: number;
}

/**
 * Creates the hashed embedder. Vectors are L2-normalised `Float32Array`s of `dimensions`;
 * an empty text yields the zero vector.
 * @throws RangeError on invalid options
 */
export function createHashedEmbedder(options: HashedEmbedderOptions = {}): Embedder {
  const dimensions = options.dimensions ?? DEFAULT_HASHED_DIMENSIONS;
  if (!Number.isInteger(dimensions) || dimensions < 64 || dimensions > 65536)
    throw new RangeError(`dimensions must be an integer in 64..65536, got ${dimensions}`);
  const weights: FeatureWeights = { ...DEFAULT_FEATURE_WEIGHTS, ...options.weights };
  for (const [k, v] of Object.entries(weights))
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`weights.${k} must be a finite number ≥ 0, got ${v}`);
  if (!Number.isInteger(weights.minGram) || weights.minGram < 2 || weights.maxGram < weights.minGram || weights.maxGram > 8)
    throw new RangeError(`need integer 2 ≤ minGram ≤ maxGram ≤ 8, got ${weights.minGram}..${weights.maxGram}`);
  const expandQueries = options.expandQueries ?? true;
  const expansionWeight = options.expansionWeight ?? DEFAULT_EXPANSION_WEIGHT;
  if (!(expansionWeight >= 0 && expansionWeight <= 1)) throw new RangeError(`expansionWeight must be in 0..1, got ${expansionWeight}`);
  const suffix = isDefault(dimensions, weights, expandQueries, expansionWeight) ? "" : `+custom`;
  const model = `${HASHED_MODEL_ID}${suffix}`;

  const cache: CharGramCache = new Map();
  const scratch = createFeatureScratch(dimensions);
  const embedOne = (text: string, extra?: string): Float32Array => {
    const v = new Float32Array(dimensions);
    accumulateFeatures(tokenize(text), v, weights, 1, cache, scratch);
    if (extra) accumulateFeatures(tokenize(extra), v, weights, expansionWeight, cache, scratch);
    return l2normalize(v);
  };
  return {
    model,
    dimensions,
    async embedDocuments(texts) {
      return texts.map((t) => embedOne(t));
    },
    async embedQuery(text) {
      if (!expandQueries) return embedOne(text);
      const e = expandQuery(text);
      return e.spanish ? embedOne(e.added, text) : embedOne(text, e.added);
    },
  };
}

function isDefault(d: number, w: FeatureWeights, e: boolean, ew: number): boolean {
  const same = (Object.keys(DEFAULT_FEATURE_WEIGHTS) as (keyof FeatureWeights)[]).every((k) => w[k] === DEFAULT_FEATURE_WEIGHTS[k]);
  return d === DEFAULT_HASHED_DIMENSIONS && same && e && ew === DEFAULT_EXPANSION_WEIGHT;
}

/**
 * L2-normalises in place and returns the same array (zero vectors stay zero).
 * @param v any vector
 */
export function l2normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] ?? 0) ** 2;
  if (s === 0) return v;
  const f = 1 / Math.sqrt(s);
  for (let i = 0; i < v.length; i++) v[i] = (v[i] ?? 0) * f;
  return v;
}

/**
 * Cosine similarity of two equal-length L2-normalised vectors (their dot product).
 * @throws RangeError when lengths differ
 */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError(`length mismatch ${a.length} vs ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}
