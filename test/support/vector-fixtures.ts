/**
 * Synthetic chunks at scale for vector retrieval tests and bench/vector.bench.ts, generated inside
 * the database (`insert … select … generate_series`, the same SQL on PostgreSQL and PGlite), so
 * 100k 1536-d vectors never cross the driver.
 *
 * Vectors: a Gaussian mixture, normalised, with structure at several scales as text embeddings
 * have (rather than uniform noise, in which every neighbour is about equally far): 300 centroids
 * gathered around 30 random unit "topics" (cosine ≈ 0.55 between centroids of one topic, ≈ 0 across
 * topics); each chunk is `l2_normalize(centroid[k] + g[a] + g[b])` with `g` a pool of 256
 * Gaussian vectors (σ {@link SYNTHETIC_SIGMA} per component; cosine ≈ 0.9 within a cluster, ≈
 * 0.95 for chunks sharing a pool vector) and k, a, b pseudo-random per chunk.
 */
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "../../db/index.ts";
import { queryRows } from "./db.ts";

/** Embedding model of the synthetic chunks. */
export const SYNTHETIC_MODEL = "synthetic-model";
/** Length of a centroid's random offset from its topic (1 topic-length): centroids of one topic have cosine ≈ 0.55. */
export const SYNTHETIC_CENTROID_SPREAD = 0.9;
/** Standard deviation of each component of a pool noise vector (two are added: within-cluster cosine to the centre ≈ 0.9). */
export const SYNTHETIC_SIGMA = 0.006;

/** Who owns what in a synthetic corpus. */
export interface SyntheticLayout {
  /** Chunks in all. */
  readonly chunks: number;
  /** Users in all (≥ 1 + the special users below). */
  readonly users: number;
  /** Chunks of user 0, "small" (0 for none). */
  readonly smallUserChunks: number;
  /** Chunks of user 1, "large" (0 for none); its first {@link SyntheticLayout.largeUserSideDocChunks} are in a document of their own. */
  readonly largeUserChunks: number;
  /** Chunks of the large user's side document. */
  readonly largeUserSideDocChunks: number;
  /** Centroids of the mixture. Default 300. */
  readonly centroids?: number;
  /** Topics the centroids gather around (centroid = topic + {@link SYNTHETIC_CENTROID_SPREAD} × a random unit vector). Default 30. */
  readonly topics?: number;
  /** Gaussian pool size. Default 256 (a query then shares a pool vector with a few chunks of its cluster: clear nearest neighbours). */
  readonly noisePool?: number;
}

/** Ids of the generated corpus. */
export interface SyntheticCorpus {
  readonly layout: SyntheticLayout;
  /** User ids by user number (0 small, 1 large when present). */
  userId(n: number): string;
  /** The large user's side document (its first chunks). */
  readonly largeUserSideDocumentId: string;
  /** A query vector near centroid `k` (a fresh combination of pool vectors), as numbers. */
  query(k: number, seed: number): Promise<number[]>;
  /** Drops the generator's helper tables (the chunks stay). */
  dropHelpers(): Promise<void>;
}

/**
 * Creates users, one document per user (two for the large user) and `layout.chunks` chunks of
 * {@link SYNTHETIC_MODEL}: chunk i belongs to user 0 when i < smallUserChunks, then to user 1 for
 * largeUserChunks, the rest round-robin over users 2…users−1 (users 1… when there is no large
 * user). Build the vector index afterwards (faster than maintaining it while inserting).
 * @param salt makes ids unique per call (several corpora may share a database).
 * @param onProgress called with a phase name before each step.
 */
export async function createSyntheticCorpus(
  handle: DatabaseHandle,
  layout: SyntheticLayout,
  options: { salt?: string; onProgress?: (phase: string) => void } = {},
): Promise<SyntheticCorpus> {
  const salt = options.salt ?? crypto.randomUUID().slice(0, 8);
  const centroids = layout.centroids ?? 300;
  const pool = layout.noisePool ?? 256;
  const topics = layout.topics ?? 30;
  const firstShared = layout.largeUserChunks > 0 ? 2 : 1;
  if (layout.users <= firstShared) throw new RangeError(`users must be > ${firstShared}`);
  const t = (name: string) => sql.raw(`synthetic_${name}_${salt.replace(/\W/g, "")}`);
  const uid = (u: unknown) => sql`md5(${salt} || ':u:' || ${u})::uuid`;
  const exec = (q: ReturnType<typeof sql>) => handle.db.execute(q);
  const progress = options.onProgress ?? (() => {});

  progress("centroids and noise pool");
  await exec(sql`create table ${t("topics")} as
    select k, l2_normalize(array(select random()::real - 0.5 from generate_series(1, 1536) g where k >= 0)::vector(1536)) as v
    from generate_series(0, ${topics - 1}) k`);
  await exec(sql`create table ${t("centroids")} as
    select c.k, l2_normalize(t.v + l2_normalize(array(select random()::real - 0.5 from generate_series(1, 1536) g where c.k >= 0)::vector(1536))
                                   * array_fill(${SYNTHETIC_CENTROID_SPREAD}::real, array[1536])::vector(1536)) as v
    from generate_series(0, ${centroids - 1}) c(k) join ${t("topics")} t on t.k = c.k % ${topics}`);
  await exec(sql`create unique index on ${t("centroids")} (k)`);
  await exec(sql`create table ${t("noise")} as
    select j, array(select (sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) * ${SYNTHETIC_SIGMA})::real
                    from generate_series(1, 1536) g where j >= 0)::vector(1536) as v
    from generate_series(0, ${pool - 1}) j`);
  await exec(sql`create unique index on ${t("noise")} (j)`);

  progress("users and documents");
  await exec(sql`insert into users (id, email, password_hash)
    select ${uid(sql`u`)}, ${salt} || '-' || u || '@synthetic.invalid', '!' from generate_series(0, ${layout.users - 1}) u`);
  await exec(sql`insert into documents (id, user_id, filename, bytes, sha256, content_type, storage_key)
    select md5(${salt} || ':d:' || u)::uuid, ${uid(sql`u`)}, 'synthetic-' || u || '.pdf', 1, md5(${salt} || ':d:' || u), 'application/pdf', 'synthetic/' || u
    from generate_series(0, ${layout.users - 1}) u`);
  const sideDoc = sql`md5(${salt} || ':side')::uuid`;
  if (layout.largeUserChunks > 0) {
    await exec(sql`insert into documents (id, user_id, filename, bytes, sha256, content_type, storage_key)
      values (${sideDoc}, ${uid(1)}, 'synthetic-side.pdf', 1, md5(${salt} || ':side'), 'application/pdf', 'synthetic/side')`);
  }

  progress(`${layout.chunks} chunks`);
  const small = layout.smallUserChunks;
  const large = layout.largeUserChunks;
  const shared = layout.users - firstShared;
  const owner = sql`case when i < ${small} then 0 when i < ${small + large} then 1 else ${firstShared} + (i % ${shared}) end`;
  await exec(sql`insert into chunks (id, user_id, document_id, ord, text, page_start, page_end, embedding, embedding_model, chunker)
    select md5(${salt} || ':c:' || i)::uuid, ${uid(sql`o.u`)},
      case when i >= ${small} and i < ${small + layout.largeUserSideDocChunks} then ${sideDoc} else md5(${salt} || ':d:' || o.u)::uuid end,
      i, 'synthetic chunk ' || i, 1, 1, l2_normalize(c.v + a.v + b.v), ${SYNTHETIC_MODEL}, 'synthetic'
    from generate_series(0, ${layout.chunks - 1}) i
    cross join lateral (select ${owner} as u) o
    join ${t("centroids")} c on c.k = (i::bigint * 7919) % ${centroids}
    join ${t("noise")} a on a.j = (i::bigint * 104729 + 13) % ${pool}
    join ${t("noise")} b on b.j = ((i::bigint * 15485863) / 7 + 5) % ${pool}`);
  await exec(sql`analyze chunks`);

  return {
    layout,
    userId: (n) => uuidFromMd5(salt, n),
    largeUserSideDocumentId: md5Uuid(`${salt}:side`),
    async query(k, seed) {
      const [row] = await queryRows<{ v: string }>(
        handle,
        sql`select l2_normalize(c.v + a.v + b.v)::text as v from ${t("centroids")} c, ${t("noise")} a, ${t("noise")} b
            where c.k = ${k % centroids} and a.j = ${(seed * 31 + 7) % pool} and b.j = ${(seed * 17 + 3) % pool}`,
      );
      return JSON.parse(row!.v) as number[];
    },
    async dropHelpers() {
      await exec(sql`drop table if exists ${t("topics")}, ${t("centroids")}, ${t("noise")}`);
    },
  };
}

/** The uuid `md5(salt || ':u:' || n)::uuid` of the SQL above. */
function uuidFromMd5(salt: string, n: number): string {
  return md5Uuid(`${salt}:u:${n}`);
}

function md5Uuid(text: string): string {
  const hex = new Bun.CryptoHasher("md5").update(text).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The exact top-`k` chunk ids of `userId` for `query` (cosine, full precision, no index: a
 * materialised scan), optionally within `documentIds`. Ground truth for recall.
 */
export async function exactTopK(handle: DatabaseHandle, userId: string, query: readonly number[], k: number, documentIds?: readonly string[]): Promise<string[]> {
  const q = `[${query.join(",")}]`;
  const docs = documentIds ? sql`and document_id in (${sql.join(documentIds.map((d) => sql`${d}::uuid`), sql`, `)})` : sql``;
  const rows = await queryRows<{ id: string }>(
    handle,
    sql`with mine as materialized (select id, embedding from chunks where user_id = ${userId}::uuid and embedding_model = ${SYNTHETIC_MODEL} ${docs})
        select id from mine order by embedding <=> ${q}::vector, id limit ${k}`,
  );
  return rows.map((r) => String(r.id));
}

/** |found ∩ truth| / |truth| (1 when truth is empty). */
export function recall(found: readonly string[], truth: readonly string[]): number {
  if (truth.length === 0) return 1;
  const set = new Set(found);
  return truth.filter((id) => set.has(id)).length / truth.length;
}
