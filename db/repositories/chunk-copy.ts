/**
 * Storing chunks on PostgreSQL with one binary `COPY` per batch instead of multi-row INSERTs with
 * vectors as text: the vectors travel as 4-byte floats (pgvector's binary input), so neither the
 * server has to parse nor this process has to print 1,536 decimal numbers per chunk. For the
 * 232-page EOC (1,274 chunks) the text form cost ~0.7 s of this thread's CPU in `Array.join`
 * alone and 4.4 s in all (no HNSW index); the binary COPY ~0.15 s of CPU and 0.6 s in all
 * (bench/peers/llamaindex.bench.ts). COPY itself cannot upsert: when some of the rows may already
 * exist (a job run again), they land in a transaction-local temporary table and then move to
 * `chunks` with one `INSERT … SELECT … ON CONFLICT`; when none does (the first run, the usual case)
 * they are copied straight into `chunks`, which writes each row once instead of twice (the EOC's
 * 1,274 rows: ~0.19 → ~0.14 s, loaded 2-core machine). A COPY straight into `chunks` must not fail
 * (postgres.js never settles a COPY … FROM STDIN the server rejects after its last row: the
 * transaction would hang), so each transaction first runs {@link CHUNK_COPY_GUARD_SQL}: it holds a
 * per-document advisory lock (writers of one document's chunks take turns) and a key-share lock on
 * the document and user rows (neither can be deleted meanwhile: no foreign-key failure), and only
 * then are the ids looked for; a missing document takes the upsert path, which fails cleanly.
 *
 * Binary COPY format: PostgreSQL docs, "COPY" → "Binary Format" (header `PGCOPY\n\377\r\n\0`,
 * flags and extension length int32, per tuple an int16 field count and int32-length-prefixed
 * fields in each type's send format, trailer int16 −1). pgvector's `vector_send`: int16
 * dimensions, int16 unused (0), then float4 values, all big-endian.
 */

/** A chunk row to copy (the shape of chunks.ts `NewChunk`). */
export interface CopyChunk {
  readonly id: string;
  readonly ord: number;
  readonly text: string;
  readonly pageStart: number;
  readonly pageEnd: number;
  readonly embedding: Float32Array | readonly number[];
}

/**
 * Chunks per COPY and INSERT on PostgreSQL, each batch its own transaction: well inside the
 * statement timeout with the HNSW index, and encoding a batch holds the event loop ~12 ms
 * (1,274 rows: 50–60 ms). With {@link DEFAULT_CHUNK_COPY_CONCURRENCY} the EOC's 1,274 rows are
 * 6 batches on 2 connections.
 */
export const CHUNK_COPY_BATCH_ROWS = 250;
/**
 * Default batches in flight on PostgreSQL: two backends insert into the HNSW index at once.
 * The EOC's chunks stored in 0.4–1.9 s with 2 × 320 rows against 0.8–4.1 s with 1 × 500 on a
 * loaded 2-core machine (same runs, alternating; 4 × 160 was no better than 2).
 */
export const DEFAULT_CHUNK_COPY_CONCURRENCY = 2;
/**
 * Rows per COPY on the embedded PGlite: it runs one statement at a time, so another user's query
 * waits behind a whole batch. Its HNSW insert costs ~2.3 ms of CPU per 1536-d row in WASM
 * (measured, EOC), so 32 rows hold it for ~75 ms; larger batches were no cheaper per row.
 */
export const PGLITE_CHUNK_COPY_BATCH_ROWS = 32;

/** The binary COPY file header: signature, flags (0), header extension length (0). */
const COPY_SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00];
const HEADER_BYTES = COPY_SIGNATURE.length + 4 + 4;
/** Fields per tuple, in this order: id uuid, ord int4, text text, page_start int4, page_end int4, embedding vector. */
const FIELDS = 6;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** SQL of the temporary table the COPY fills (dropped at commit). */
export function chunkLoadTableSql(dimensions: number): string {
  return `create temporary table if not exists chunk_load (id uuid not null, ord int4 not null, text text not null, page_start int4 not null, page_end int4 not null, embedding vector(${dimensions}) not null) on commit delete rows`;
}
/** The COPY statement matching {@link encodeChunkCopy}. */
export const CHUNK_COPY_SQL = "copy chunk_load (id, ord, text, page_start, page_end, embedding) from stdin (format binary)";
/** The COPY statement straight into `chunks` matching {@link encodeChunkCopy} with its `owner` columns. */
export const CHUNK_DIRECT_COPY_SQL = "copy chunks (id, ord, text, page_start, page_end, embedding, user_id, document_id, embedding_model, chunker) from stdin (format binary)";

/**
 * First statement of every chunk-writing transaction ($1 `navigator.chunks:<document id>` as the
 * advisory lock key, $2 document id, $3 user id): the transaction-scoped advisory lock, and a
 * key-share lock on the document's and its user's rows; `owners` is 1 when both exist.
 */
export const CHUNK_COPY_GUARD_SQL = `select pg_advisory_xact_lock(hashtextextended($1, 0)) is null as locked,
  (select count(*)::int from (select 1 from documents d join users u on u.id = d.user_id where d.id = $2::uuid and d.user_id = $3::uuid for key share) k) as owners`;
/** Whether any of the ids ($1, uuid[]) is stored: run after {@link CHUNK_COPY_GUARD_SQL}, in its own snapshot. */
export const CHUNK_IDS_STORED_SQL = "select exists (select 1 from chunks where id = any($1::uuid[])) as stored";
/** Whether the document ($1) has chunks of the user ($2): run after {@link CHUNK_COPY_GUARD_SQL}. */
export const CHUNK_DOCUMENT_STORED_SQL = "select exists (select 1 from chunks where document_id = $1::uuid and user_id = $2::uuid) as stored";

/** The first row of a query's result (postgres.js: an array of rows; PGlite: `{ rows }`). */
function firstRow(result: unknown): Record<string, unknown> | undefined {
  const rows = Array.isArray(result) ? result : (result as { rows?: unknown[] } | null)?.rows;
  return rows?.[0] as Record<string, unknown> | undefined;
}

/**
 * Runs {@link CHUNK_COPY_GUARD_SQL}, then `stored` (a query after it; its locks are held to the end
 * of the transaction): true when the rows can be
 * copied straight into `chunks` (the document and user exist and none of the rows does).
 */
export async function canCopyDirectly(s: CopySession, userId: string, documentId: string, stored: readonly [string, readonly unknown[]]): Promise<boolean> {
  const guard = firstRow(await s.query(CHUNK_COPY_GUARD_SQL, [`navigator.chunks:${documentId}`, documentId, userId]));
  if (Number(guard?.owners) !== 1) return false;
  return firstRow(await s.query(stored[0], stored[1]))?.stored === false;
}

/** The columns every row of one `upsertMany` shares, appended to each tuple for {@link CHUNK_DIRECT_COPY_SQL}. */
export interface ChunkOwner {
  readonly userId: string;
  readonly documentId: string;
  readonly embeddingModel: string;
  readonly chunker: string;
}
/** Moves the loaded rows into `chunks` ($1 user id, $2 document id, $3 embedding model, $4 chunker), as `upsertMany` upserts. */
export const CHUNK_LOAD_UPSERT_SQL = `insert into chunks (id, user_id, document_id, ord, text, page_start, page_end, embedding, embedding_model, chunker)
  select l.id, $1::uuid, $2::uuid, l.ord, l.text, l.page_start, l.page_end, l.embedding, $3, $4 from chunk_load l
  on conflict (id) do update set text = excluded.text, page_start = excluded.page_start, page_end = excluded.page_end,
    embedding = excluded.embedding, embedding_model = excluded.embedding_model`;

/**
 * Encodes chunks as one binary COPY stream for {@link CHUNK_COPY_SQL}, or with `owner` for
 * {@link CHUNK_DIRECT_COPY_SQL} (its four columns appended to every tuple).
 * @param dimensions the vector column's dimensions; every embedding must have exactly this many values
 * @throws RangeError for an id (or owner id) that is not a UUID, a non-integer ordinal or page, or an embedding of the wrong length or with a non-finite value
 */
export function encodeChunkCopy(rows: readonly CopyChunk[], dimensions: number, owner?: ChunkOwner): Uint8Array {
  const encoder = new TextEncoder();
  const texts = rows.map((r) => encoder.encode(r.text));
  const tail = owner ? ownerFields(owner, encoder) : undefined;
  const tupleFixed = 2 + (4 + 16) + (4 + 4) + 4 + (4 + 4) * 2 + (4 + 4 + 4 * dimensions) + (tail?.length ?? 0);
  let size = HEADER_BYTES + 2;
  for (const t of texts) size += tupleFixed + t.length;
  const buf = new Uint8Array(size);
  const view = new DataView(buf.buffer);
  buf.set(COPY_SIGNATURE, 0);
  let o = HEADER_BYTES; // flags and extension length stay 0
  const int4 = (name: string, v: number) => {
    if (!Number.isInteger(v) || v < -2_147_483_648 || v > 2_147_483_647) throw new RangeError(`${name} must be a 32-bit integer, got ${v}`);
    view.setInt32(o, 4);
    view.setInt32(o + 4, v);
    o += 8;
  };
  rows.forEach((r, i) => {
    view.setInt16(o, tail ? FIELDS + OWNER_FIELDS : FIELDS);
    o += 2;
    view.setInt32(o, 16);
    o += 4;
    buf.set(uuidBytes(r.id, "chunk id"), o);
    o += 16;
    int4("ord", r.ord);
    const text = texts[i] as Uint8Array;
    view.setInt32(o, text.length);
    buf.set(text, o + 4);
    o += 4 + text.length;
    int4("pageStart", r.pageStart);
    int4("pageEnd", r.pageEnd);
    const v = r.embedding;
    if (v.length !== dimensions) throw new RangeError(`embedding must have ${dimensions} values, got ${v.length}`);
    view.setInt32(o, 4 + 4 * dimensions);
    view.setInt16(o + 4, dimensions);
    view.setInt16(o + 6, 0);
    o += 8;
    for (let k = 0; k < dimensions; k++) {
      const x = v[k] as number;
      if (!Number.isFinite(x)) throw new RangeError(`embedding value ${k} is not finite`);
      view.setFloat32(o, x);
      o += 4;
    }
    if (tail) {
      buf.set(tail, o);
      o += tail.length;
    }
  });
  view.setInt16(o, -1);
  return buf;
}

/** Fields {@link ChunkOwner} appends to a tuple: user id, document id (uuid), embedding model, chunker (text). */
const OWNER_FIELDS = 4;

/** The 16 bytes of a UUID. @throws RangeError when `id` is not one */
function uuidBytes(id: string, name: string): Uint8Array {
  if (!UUID_RE.test(id)) throw new RangeError(`${name} must be a UUID, got ${JSON.stringify(id)}`);
  const hex = id.replaceAll("-", "");
  const out = new Uint8Array(16);
  for (let k = 0; k < 16; k++) out[k] = Number.parseInt(hex.slice(2 * k, 2 * k + 2), 16);
  return out;
}

/** The {@link OWNER_FIELDS} fields of `owner`, length-prefixed, as they follow each tuple's own six. */
function ownerFields(owner: ChunkOwner, encoder: TextEncoder): Uint8Array {
  const model = encoder.encode(owner.embeddingModel);
  const chunker = encoder.encode(owner.chunker);
  const out = new Uint8Array(2 * (4 + 16) + 4 + model.length + 4 + chunker.length);
  const view = new DataView(out.buffer);
  let o = 0;
  for (const [id, name] of [[owner.userId, "user id"], [owner.documentId, "document id"]] as const) {
    view.setInt32(o, 16);
    out.set(uuidBytes(id, name), o + 4);
    o += 20;
  }
  for (const text of [model, chunker]) {
    view.setInt32(o, text.length);
    out.set(text, o + 4);
    o += 4 + text.length;
  }
  return out;
}

/** One transaction on one connection, able to stream a COPY (PostgreSQL only; see db/client.ts). */
export interface CopySession {
  /** Runs one statement with `$n` parameters. */
  query(text: string, params?: readonly unknown[]): Promise<unknown>;
  /** Runs a `COPY … FROM STDIN` statement with `data` as its input. */
  copyIn(statement: string, data: Uint8Array): Promise<void>;
}

/** Runs `fn` in one transaction (committed when it resolves, rolled back when it rejects). */
export type CopyTransaction = <T>(fn: (session: CopySession) => Promise<T>) => Promise<T>;

/** Options of {@link copyChunks}. */
export interface CopyChunksOptions {
  /** Rows per COPY and transaction, integer ≥ 1. Default {@link CHUNK_COPY_BATCH_ROWS}. */
  readonly batchRows?: number;
  /**
   * Batches in flight at once, integer ≥ 1 (each on its own connection, so PostgreSQL inserts
   * into the HNSW index on that many backends). Default 1.
   */
  readonly concurrency?: number;
}

/**
 * Upserts chunks by binary COPY, `batchRows` per transaction, `concurrency` transactions at once.
 * A batch is encoded just before it is sent, so at most `concurrency` encoded batches are held.
 * @returns the number of rows stored
 * @throws RangeError on invalid options; the first failing batch's error (batches already
 * committed stay: ids are deterministic, so a retry upserts them again)
 */
export async function copyChunks(
  transaction: CopyTransaction,
  userId: string,
  documentId: string,
  meta: { embeddingModel: string; chunker: string },
  rows: readonly CopyChunk[],
  dimensions: number,
  options: CopyChunksOptions = {},
): Promise<number> {
  const batchRows = options.batchRows ?? CHUNK_COPY_BATCH_ROWS;
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(batchRows) || batchRows < 1) throw new RangeError(`batchRows must be an integer ≥ 1, got ${batchRows}`);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be an integer ≥ 1, got ${concurrency}`);
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < rows.length) {
      const start = next;
      next += batchRows;
      const batch = rows.slice(start, start + batchRows);
      const owner = { userId, documentId, ...meta };
      await transaction(async (s) => {
        if (await canCopyDirectly(s, userId, documentId, [CHUNK_IDS_STORED_SQL, [batch.map((r) => r.id)]])) {
          await s.copyIn(CHUNK_DIRECT_COPY_SQL, encodeChunkCopy(batch, dimensions, owner));
          return;
        }
        await s.query(chunkLoadTableSql(dimensions));
        await s.copyIn(CHUNK_COPY_SQL, encodeChunkCopy(batch, dimensions));
        await s.query(CHUNK_LOAD_UPSERT_SQL, [userId, documentId, meta.embeddingModel, meta.chunker]);
      }).catch((error: unknown) => {
        failed = true;
        throw error;
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.ceil(rows.length / batchRows)) }, lane));
  return rows.length;
}
