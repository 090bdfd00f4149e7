/**
 * The HNSW index on `chunks.embedding`, whose parameters are configuration rather than schema:
 * {@link ensureVectorIndex} creates it, or rebuilds it when its definition in the database differs
 * from the configured one; {@link vectorIndexMismatch} tells a server that did not migrate whether
 * it would run on the wrong index. Search-time settings ({@link VectorSearchOptions}) live here too.
 *
 * Defaults and limits are pgvector's (README, "HNSW" → "Index Options" and "Query Options";
 * limits from `src/hnsw.h`: `HNSW_MIN_M` 2, `HNSW_MAX_M` 100, `HNSW_MIN_EF_CONSTRUCTION` 4,
 * `HNSW_MAX_EF_CONSTRUCTION` 1000, `HNSW_MIN_EF_SEARCH` 1, `HNSW_MAX_EF_SEARCH` 1000, and
 * "ef_construction must be greater than or equal to 2 * m").
 */
import { NavigatorError } from "../runtime/index.ts";
import { sql, type SQL } from "drizzle-orm";
import type { DatabaseHandle } from "./client.ts";
import { EMBEDDING_DIMENSIONS } from "./schema.ts";

/** Name of the managed index (the name the static schema used before 0002 dropped it). */
export const VECTOR_INDEX_NAME = "chunks_embedding_hnsw_idx";
/** pgvector's default `m`, max connections per layer ("16 by default", pgvector README, HNSW index options). */
export const DEFAULT_HNSW_M = 16;
/** pgvector's default `ef_construction`, candidate list size while building ("64 by default", pgvector README). */
export const DEFAULT_HNSW_EF_CONSTRUCTION = 64;
/** pgvector's default `hnsw.ef_search`, candidate list size while searching ("40 by default", pgvector README, query options). */
export const DEFAULT_HNSW_EF_SEARCH = 40;
/**
 * How the index stores vectors: `vector` (float4, 6 KB per 1536-d vector) or `halfvec` (float2,
 * half the index size; an expression index on `embedding::halfvec(1536)`, the column stays
 * `vector`, so results are re-scored at full precision).
 */
export const VECTOR_STORAGES = ["vector", "halfvec"] as const;
/** One of {@link VECTOR_STORAGES}. */
export type VectorStorage = (typeof VECTOR_STORAGES)[number];
/** Default {@link VectorStorage}. */
export const DEFAULT_VECTOR_STORAGE: VectorStorage = "vector";
/**
 * Default largest number of a user's comparable chunks searched exactly (no index). The exact
 * scan costs ≈ 20 µs per chunk (mostly reading the 6 KB TOASTed vector), the index path costs
 * more the more selective the user filter is; bench/vector.bench.ts at 100k chunks (p50, ms):
 * exact 4.8 / 10 / 23 / 38 for users of 250 / 500 / 1,000 / 2,000 chunks, index 26 / 21 / 12 / 7
 * on PostgreSQL; on PGlite exact 8.5 / 14 / 24 / 45, index 42 / 37 / 23 / 15. They cross near
 * 1,000, and up to there the result is exact.
 */
export const DEFAULT_EXACT_SEARCH_MAX_CHUNKS = 1_000;

/** Bounds of the HNSW parameters (pgvector `src/hnsw.h`). */
export const HNSW_LIMITS = {
  m: { min: 2, max: 100 },
  efConstruction: { min: 4, max: 1000 },
  efSearch: { min: 1, max: 1000 },
} as const;

/**
 * Whether chunks have an HNSW index: `hnsw`, or `none` (every search is an exact scan).
 * Maintaining the index dominates storing chunks inside PGlite's WASM: the 232-page EOC's 1,274
 * chunks store in 14.5 s with it and 1.9 s without (bench/ingest.bench.ts, 2 cores), while an
 * exact scan of one user's few thousand chunks costs tens of ms (see {@link DEFAULT_EXACT_SEARCH_MAX_CHUNKS}).
 */
export const VECTOR_INDEX_KINDS = ["hnsw", "none"] as const;
/** One of {@link VECTOR_INDEX_KINDS}. */
export type VectorIndexKind = (typeof VECTOR_INDEX_KINDS)[number];

/** Build-time definition of the index. */
export interface VectorIndexOptions {
  /** `none`: no index (it is dropped when present). Default `hnsw`. */
  readonly kind?: VectorIndexKind;
  /** Max connections per layer, {@link HNSW_LIMITS}`.m`. Default {@link DEFAULT_HNSW_M}. */
  readonly m: number;
  /** Candidate list size while building, ≥ 2·m, {@link HNSW_LIMITS}`.efConstruction`. Default {@link DEFAULT_HNSW_EF_CONSTRUCTION}. */
  readonly efConstruction: number;
  /** Default {@link DEFAULT_VECTOR_STORAGE}. */
  readonly storage: VectorStorage;
}

/** Query-time settings of the chunk search (`createChunkRepository`). */
export interface VectorSearchOptions {
  /** `hnsw.ef_search` of the index path (raised to the candidate count when that is larger). Default {@link DEFAULT_HNSW_EF_SEARCH}. */
  readonly efSearch: number;
  /** Must match the index's storage, or the planner cannot use the index. Default {@link DEFAULT_VECTOR_STORAGE}. */
  readonly storage: VectorStorage;
  /** A user with at most this many matching chunks is searched exactly; ≥ 0. Default {@link DEFAULT_EXACT_SEARCH_MAX_CHUNKS}. */
  readonly exactMaxChunks: number;
}

/**
 * Fills in defaults and checks the index options.
 * @throws RangeError naming the option out of its {@link HNSW_LIMITS} range, an unknown storage, or ef_construction < 2·m.
 */
export function vectorIndexOptions(options: Partial<VectorIndexOptions> = {}): VectorIndexOptions {
  const o = {
    kind: options.kind ?? "hnsw",
    m: options.m ?? DEFAULT_HNSW_M,
    efConstruction: options.efConstruction ?? DEFAULT_HNSW_EF_CONSTRUCTION,
    storage: options.storage ?? DEFAULT_VECTOR_STORAGE,
  };
  if (!(VECTOR_INDEX_KINDS as readonly string[]).includes(o.kind)) throw new RangeError(`kind must be one of ${VECTOR_INDEX_KINDS.join(", ")}, got ${o.kind}`);
  checkInt("m", o.m, HNSW_LIMITS.m.min, HNSW_LIMITS.m.max);
  checkInt("efConstruction", o.efConstruction, HNSW_LIMITS.efConstruction.min, HNSW_LIMITS.efConstruction.max);
  if (o.efConstruction < 2 * o.m) throw new RangeError(`efConstruction must be ≥ 2·m (pgvector), got ${o.efConstruction} with m ${o.m}`);
  checkStorage(o.storage);
  return o;
}

/**
 * Fills in defaults and checks the search options.
 * @throws RangeError naming the option out of range or an unknown storage.
 */
export function vectorSearchOptions(options: Partial<VectorSearchOptions> = {}): VectorSearchOptions {
  const o = {
    efSearch: options.efSearch ?? DEFAULT_HNSW_EF_SEARCH,
    storage: options.storage ?? DEFAULT_VECTOR_STORAGE,
    exactMaxChunks: options.exactMaxChunks ?? DEFAULT_EXACT_SEARCH_MAX_CHUNKS,
  };
  checkInt("efSearch", o.efSearch, HNSW_LIMITS.efSearch.min, HNSW_LIMITS.efSearch.max);
  checkInt("exactMaxChunks", o.exactMaxChunks, 0, Number.MAX_SAFE_INTEGER);
  checkStorage(o.storage);
  return o;
}

/**
 * SQL of the cosine distance between column `embedding` of table alias `alias` and the query:
 * a `[x,y,…]` literal (sent as a parameter) or an SQL expression of type `vector` (e.g. a
 * scalar subquery, so one parameter serves several uses). For `halfvec`, the index's exact
 * expression `(embedding)::halfvec(1536)`, so the planner can match the expression index.
 */
export function distanceSql(storage: VectorStorage, alias: string, query: string | SQL): SQL {
  const dims = sql.raw(String(EMBEDDING_DIMENSIONS));
  const q = typeof query === "string" ? sql`${query}::vector` : query;
  return storage === "halfvec"
    ? sql`(${sql.raw(alias)}.embedding::halfvec(${dims})) <=> ((${q})::halfvec(${dims}))`
    : sql`${sql.raw(alias)}.embedding <=> (${q})`;
}

/** The index as found in the database. */
export interface VectorIndexState {
  /** `pg_indexes.indexdef`. */
  readonly definition: string;
  /** `pg_index.indisvalid` (false after a failed concurrent build). */
  readonly valid: boolean;
  /** Parsed from `definition`; undefined when it is not an HNSW cosine index on `embedding` this code would build. */
  readonly options?: VectorIndexOptions;
}

/**
 * Reads {@link VECTOR_INDEX_NAME} of the current schema.
 * @returns undefined when the index does not exist.
 */
export async function readVectorIndex(handle: DatabaseHandle): Promise<VectorIndexState | undefined> {
  const result: unknown = await handle.db.execute(sql`
    select i.indexdef, x.indisvalid
    from pg_indexes i
    join pg_namespace n on n.nspname = i.schemaname
    join pg_class c on c.relname = i.indexname and c.relnamespace = n.oid
    join pg_index x on x.indexrelid = c.oid
    where i.schemaname = current_schema() and i.tablename = 'chunks' and i.indexname = ${VECTOR_INDEX_NAME}`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { indexdef: string; indisvalid: boolean }[];
  const row = rows[0];
  if (!row) return undefined;
  return { definition: row.indexdef, valid: Boolean(row.indisvalid), options: parseVectorIndexDefinition(row.indexdef) };
}

/**
 * Parses a `pg_indexes.indexdef` such as `CREATE INDEX … USING hnsw (embedding vector_cosine_ops)
 * WITH (m='16', ef_construction='64')` or `… USING hnsw (((embedding)::halfvec(1536))
 * halfvec_cosine_ops) …`; absent WITH options are pgvector's defaults.
 * @returns undefined for any other definition (another method, operator class, column or dimension).
 */
export function parseVectorIndexDefinition(indexdef: string): VectorIndexOptions | undefined {
  const match = /USING hnsw \((.+?)\)(?: WITH \(([^)]*)\))?\s*$/.exec(indexdef);
  if (!match) return undefined;
  const key = match[1]!.replace(/\s+/g, " ").trim();
  let storage: VectorStorage;
  if (key === "embedding vector_cosine_ops") storage = "vector";
  else if (key === `((embedding)::halfvec(${EMBEDDING_DIMENSIONS})) halfvec_cosine_ops`) storage = "halfvec";
  else return undefined;
  const params = new Map<string, string>();
  for (const part of (match[2] ?? "").split(",")) {
    const kv = /^\s*(\w+)\s*=\s*'?([^']*)'?\s*$/.exec(part);
    if (kv) params.set(kv[1]!, kv[2]!);
  }
  for (const name of params.keys()) if (name !== "m" && name !== "ef_construction") return undefined;
  return {
    m: Number(params.get("m") ?? DEFAULT_HNSW_M),
    efConstruction: Number(params.get("ef_construction") ?? DEFAULT_HNSW_EF_CONSTRUCTION),
    storage,
  };
}

/**
 * Why the database's index is not the one `options` describe: `"missing"`, `"invalid"`,
 * `"unrecognised definition: …"` or `"m 16 → 32, …"`; undefined when it matches. Reads only.
 */
export async function vectorIndexMismatch(handle: DatabaseHandle, options: Partial<VectorIndexOptions> = {}): Promise<string | undefined> {
  const want = vectorIndexOptions(options);
  const found = await readVectorIndex(handle);
  if (want.kind === "none") return found ? "present (VECTOR_INDEX=none)" : undefined;
  if (!found) return "missing";
  if (!found.valid) return "invalid";
  if (!found.options) return `unrecognised definition: ${found.definition}`;
  const have = found.options;
  const diffs: string[] = [];
  if (have.storage !== want.storage) diffs.push(`storage ${have.storage} → ${want.storage}`);
  if (have.m !== want.m) diffs.push(`m ${have.m} → ${want.m}`);
  if (have.efConstruction !== want.efConstruction) diffs.push(`ef_construction ${have.efConstruction} → ${want.efConstruction}`);
  return diffs.length > 0 ? diffs.join(", ") : undefined;
}

/** The `CREATE INDEX` statement of `options` under `name`. */
export function vectorIndexStatement(name: string, options: VectorIndexOptions): string {
  const key = options.storage === "halfvec" ? `(embedding::halfvec(${EMBEDDING_DIMENSIONS})) halfvec_cosine_ops` : "embedding vector_cosine_ops";
  return `CREATE INDEX ${name} ON chunks USING hnsw (${key}) WITH (m = ${options.m}, ef_construction = ${options.efConstruction})`;
}

/** Extra knobs of {@link ensureVectorIndex} that are not part of the index definition. */
export interface EnsureVectorIndexOptions {
  /**
   * `maintenance_work_mem` of the build, megabytes; unset keeps the server's (PostgreSQL's
   * default is 64 MB). pgvector builds far faster while the graph fits in it, and logs a notice
   * when it no longer does (pgvector README, "Index Build Time"); PGlite (32-bit) accepts at most
   * 2047.
   */
  readonly buildMemoryMb?: number;
}

/** What {@link ensureVectorIndex} did. */
export interface EnsureVectorIndexResult {
  readonly action: "none" | "created" | "rebuilt" | "dropped";
  /** Why it was rebuilt (see {@link vectorIndexMismatch}). */
  readonly reason?: string;
  /** Time spent building, milliseconds (0 for `none`). */
  readonly buildMs: number;
}

/**
 * Creates {@link VECTOR_INDEX_NAME} as `options` describe when it is missing, or rebuilds it when
 * it differs (see {@link vectorIndexMismatch}). One transaction: the new index is built under a
 * temporary name (readers keep using the old one; writers to `chunks` wait, as for any
 * `CREATE INDEX`), then the old one is dropped and the new one renamed, so a failed build
 * leaves the old index in place. `statement_timeout` is lifted for the build. Callers serialise
 * it across processes ({@link migrate} runs it under the migration lock).
 * @throws RangeError on invalid options; the driver's error when the build fails.
 */
export async function ensureVectorIndex(
  handle: DatabaseHandle,
  options: Partial<VectorIndexOptions> = {},
  extra: EnsureVectorIndexOptions = {},
): Promise<EnsureVectorIndexResult> {
  const want = vectorIndexOptions(options);
  const reason = await vectorIndexMismatch(handle, want);
  if (reason === undefined) return { action: "none", buildMs: 0 };
  if (want.kind === "none") {
    await handle.exec(`DROP INDEX IF EXISTS ${VECTOR_INDEX_NAME}`);
    return { action: "dropped", reason, buildMs: 0 };
  }
  if (extra.buildMemoryMb !== undefined) checkInt("buildMemoryMb", extra.buildMemoryMb, 1, 2_000_000);
  const temp = `${VECTOR_INDEX_NAME}_next`;
  const started = performance.now();
  await handle.db.transaction(async (tx) => {
    const statements = [
      "SET LOCAL statement_timeout = 0",
      ...(extra.buildMemoryMb === undefined ? [] : [`SET LOCAL maintenance_work_mem = '${extra.buildMemoryMb}MB'`]),
      `DROP INDEX IF EXISTS ${temp}`,
      vectorIndexStatement(temp, want),
      `DROP INDEX IF EXISTS ${VECTOR_INDEX_NAME}`,
      `ALTER INDEX ${temp} RENAME TO ${VECTOR_INDEX_NAME}`,
    ];
    for (const statement of statements) await tx.execute(sql.raw(statement));
  });
  return { action: reason === "missing" ? "created" : "rebuilt", reason, buildMs: Math.round(performance.now() - started) };
}

/** A PostgreSQL server's vector index differs from the configuration and the server was not told to migrate. */
export class VectorIndexOutdatedError extends NavigatorError {
  readonly code = "vector_index_outdated";
  constructor(
    /** What differs (see {@link vectorIndexMismatch}). */
    readonly reason: string,
    /** The configured index. */
    readonly expected: VectorIndexOptions,
    options?: { cause?: unknown },
  ) {
    super(
      `the vector index ${VECTOR_INDEX_NAME} does not match the configuration (${reason}); run \`navigator migrate\` ` +
        "(it rebuilds the index), or start with `serve --migrate` / MIGRATE_ON_START=true",
      options,
    );
  }
}

function checkInt(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
}

function checkStorage(storage: string): void {
  if (!(VECTOR_STORAGES as readonly string[]).includes(storage)) throw new RangeError(`storage must be one of ${VECTOR_STORAGES.join(", ")}, got ${storage}`);
}
