/**
 * Storing a document's chunks while the ingestion worker still embeds them: each batch the worker
 * has embedded is copied into one open transaction (`ChunkRepository.openStream`), which the store
 * step commits, so storing overlaps embedding instead of following it, and nothing of a run that
 * fails is ever visible (the transaction is rolled back). Without `openStream` (PGlite: one
 * connection) or when the batches are not exactly the chunks to store, the store step upserts them.
 */
import type { ChunkStream, Repositories } from "../../db/index.ts";
import type { EmbeddedBatch } from "./workers/protocol.ts";

/** What the chunks are stored as: ids and rows follow from the document, chunker and model. */
export interface EarlyStoreTarget {
  readonly userId: string;
  readonly documentId: string;
  readonly chunker: string;
  readonly embeddingModel: string;
  /** The chunk id of an ordinal (`chunkId(documentId, chunker, ordinal)`). */
  readonly chunkId: (ordinal: number) => string;
}

/** An early store of one run (see the module): hand `onEmbedded` to the preparer, then `take` or `abort`. */
export interface EarlyChunkStore {
  /** For `DocumentPreparer`'s `onEmbedded`; undefined when the repository cannot stream. */
  readonly onEmbedded?: (batch: EmbeddedBatch) => void;
  /**
   * The stream, when it received exactly `rows` chunks of the target's chunker and model in order
   * (`finish` stores them); otherwise undefined, the stream rolled back.
   */
  take(rows: number): ChunkStream | undefined;
  /** Rolls back whatever was copied (the run failed or stores otherwise); idempotent. */
  abort(reason: unknown): void;
}

/** Opens (on the first batch) an {@link EarlyChunkStore} for `target`. */
export function earlyChunkStore(repos: Pick<Repositories, "chunks">, target: EarlyStoreTarget): EarlyChunkStore {
  const open = repos.chunks.openStream?.bind(repos.chunks);
  let stream: ChunkStream | undefined;
  let received = 0;
  let usable = open !== undefined;
  const abort = (reason: unknown) => {
    usable = false;
    stream?.abort(reason);
    stream = undefined;
  };
  const onEmbedded = (batch: EmbeddedBatch) => {
    if (!usable || !open) return;
    if (batch.from !== received || batch.chunkerVersion !== target.chunker || batch.embeddingModel !== target.embeddingModel || batch.vectors.length !== batch.drafts.length) {
      abort(new Error("embedded batches are not this run's chunks"));
      return;
    }
    stream ??= open(target.userId, target.documentId, { embeddingModel: target.embeddingModel, chunker: target.chunker });
    stream.add(
      batch.drafts.map((d, i) => ({ id: target.chunkId(d.ordinal), ord: d.ordinal, text: d.text, pageStart: d.pageStart, pageEnd: d.pageEnd, embedding: batch.vectors[i]! })),
    );
    received += batch.drafts.length;
  };
  return {
    ...(open ? { onEmbedded } : {}),
    take(rows) {
      if (stream && usable && received === rows) return stream;
      abort(new Error("the embedded batches are not the chunks to store"));
      return undefined;
    },
    abort,
  };
}
