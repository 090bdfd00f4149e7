/**
 * Storing a document's chunks while they are still being made ({@link streamChunks}): one
 * transaction on one connection, fed batch by batch, committed at the end. The COPY formats and
 * the guard are ./chunk-copy.ts's.
 */
import {
  canCopyDirectly,
  CHUNK_COPY_SQL,
  CHUNK_DIRECT_COPY_SQL,
  CHUNK_DOCUMENT_STORED_SQL,
  CHUNK_LOAD_UPSERT_SQL,
  chunkLoadTableSql,
  encodeChunkCopy,
  type CopyChunk,
  type CopyTransaction,
} from "./chunk-copy.ts";

/**
 * Chunks stored while they are still being made: batches go to the database as they arrive, in
 * one transaction that commits on {@link ChunkStream.finish} (nothing is visible before) and rolls
 * back on {@link ChunkStream.abort}. How an ingestion overlaps storing with embedding.
 */
export interface ChunkStream {
  /** Queues rows to copy (in order). @throws Error after `finish` or `abort` */
  add(rows: readonly CopyChunk[]): void;
  /** Copies what is still queued and commits; resolves with the rows stored. @throws the first failure of the transaction */
  finish(): Promise<number>;
  /** Rolls back (what was copied is discarded); `finish` then rejects with `reason`. */
  abort(reason: unknown): void;
}

/**
 * Opens a {@link ChunkStream} on one transaction of `transaction`. When the document has no chunks
 * yet (checked under {@link CHUNK_COPY_GUARD_SQL}'s locks, held to the end) each batch is copied
 * straight into `chunks`; otherwise into the temporary table, moved into `chunks` by one upsert at
 * `finish`. The transaction holds one connection until then: only for a database with more than
 * one (PostgreSQL), since other statements cannot run meanwhile.
 */
export function streamChunks(
  transaction: CopyTransaction,
  userId: string,
  documentId: string,
  meta: { embeddingModel: string; chunker: string },
  dimensions: number,
): ChunkStream {
  const queue: (readonly CopyChunk[])[] = [];
  let finishing = false;
  let aborted: { reason: unknown } | undefined;
  let wake: (() => void) | undefined;
  const signal = () => {
    wake?.();
    wake = undefined;
  };
  const committed = transaction(async (s) => {
    const direct = await canCopyDirectly(s, userId, documentId, [CHUNK_DOCUMENT_STORED_SQL, [documentId, userId]]);
    if (!direct) await s.query(chunkLoadTableSql(dimensions));
    let stored = 0;
    for (;;) {
      while (queue.length === 0 && !finishing && !aborted) await new Promise<void>((resolve) => (wake = resolve));
      if (aborted) throw aborted.reason;
      const rows = queue.shift();
      if (!rows) break;
      if (direct) await s.copyIn(CHUNK_DIRECT_COPY_SQL, encodeChunkCopy(rows, dimensions, { userId, documentId, ...meta }));
      else await s.copyIn(CHUNK_COPY_SQL, encodeChunkCopy(rows, dimensions));
      stored += rows.length;
    }
    if (!direct) await s.query(CHUNK_LOAD_UPSERT_SQL, [userId, documentId, meta.embeddingModel, meta.chunker]);
    return stored;
  });
  committed.catch(() => {}); // observed by `finish`; an aborted stream's rejection is expected
  return {
    add(rows) {
      if (finishing || aborted) throw new Error("the chunk stream is already finished");
      queue.push(rows);
      signal();
    },
    finish() {
      finishing = true;
      signal();
      return committed;
    },
    abort(reason) {
      aborted ??= { reason };
      signal();
    },
  };
}
