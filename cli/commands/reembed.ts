import { parseArgs } from "node:util";
import { createDatabase, createRepositories, migrate, pendingMigrations, SchemaOutdatedError, type Repositories } from "../../db/index.ts";
import { loadConfig } from "../../app/config.ts";
import { databaseOptions } from "../../app/storage.ts";
import { providersFor } from "../../app/providers.ts";
import type { Embedder } from "../../rag/types.ts";
import { createCliLogger } from "../logger.ts";
import { endProgress, renderProgress } from "../progress.ts";

/** Chunks read, embedded and written per round of `navigator reembed`. */
export const DEFAULT_REEMBED_BATCH_CHUNKS = 256;

/** Usage of `navigator reembed`. */
export const REEMBED_USAGE = "usage: navigator reembed [--batch N]";

/** Progress of one document, after each batch. */
export interface ReembedProgress {
  readonly userId: string;
  readonly documentId: string;
  /** Chunks of this document re-embedded so far, and to do in all. */
  readonly done: number;
  readonly total: number;
}

/** What {@link reembedChunks} did. */
export interface ReembedResult {
  readonly model: string;
  readonly documents: number;
  readonly chunks: number;
  /** Models the re-embedded chunks had before, with their chunk counts. */
  readonly previous: readonly { model: string; chunks: number }[];
}

/**
 * Re-embeds every stored chunk whose `embedding_model` differs from `embedder.model`, document by
 * document (per user), `batchChunks` at a time, recording the new model on each chunk.
 * Idempotent: chunks already of `embedder.model` are never touched, so an interrupted run
 * continues where it stopped, and a second run does nothing.
 * @throws whatever the embedder or the database throws (the chunks done so far stay done)
 */
export async function reembedChunks(
  deps: { repos: Pick<Repositories, "embeddingModels">; embedder: Embedder },
  options: { batchChunks?: number; onProgress?: (p: ReembedProgress) => void } = {},
): Promise<ReembedResult> {
  const batch = options.batchChunks ?? DEFAULT_REEMBED_BATCH_CHUNKS;
  if (!Number.isInteger(batch) || batch < 1) throw new RangeError(`batchChunks must be a positive integer, got ${batch}`);
  const { embeddingModels } = deps.repos;
  const model = deps.embedder.model;
  const previous = await embeddingModels.otherModels(model);
  const documents = await embeddingModels.documentsToReembed(model);
  let chunks = 0;
  for (const doc of documents) {
    let done = 0;
    for (;;) {
      const rows = await embeddingModels.chunksToReembed(doc.userId, doc.documentId, model, batch);
      if (rows.length === 0) break;
      const vectors = await deps.embedder.embedDocuments(rows.map((r) => r.text));
      const updated = await embeddingModels.setEmbeddings(doc.userId, model, rows.map((r, i) => ({ id: r.id, embedding: vectors[i]! })));
      if (updated === 0) break; // the rows vanished (document deleted meanwhile)
      done += updated;
      chunks += updated;
      options.onProgress?.({ userId: doc.userId, documentId: doc.documentId, done, total: Math.max(done, doc.chunks) });
    }
  }
  return { model, documents: documents.length, chunks, previous };
}

/**
 * `navigator reembed [--batch N]`: re-embeds every stored chunk with the configured embedder
 * (`EMBEDDING_PROVIDER`, `OPENAI_EMBEDDING_MODEL` …), so a server configured with a new model
 * starts again (it refuses to while vectors of another model are stored). Progress on stderr, a
 * summary on stdout. Stop servers using the same database first (PGlite allows one process).
 * @returns 0 when done, 2 on bad arguments, 1 on failure (printed)
 */
export async function reembedCommand(argv: readonly string[] = []): Promise<number> {
  let batchChunks = DEFAULT_REEMBED_BATCH_CHUNKS;
  try {
    const { values } = parseArgs({ args: [...argv], options: { batch: { type: "string" } }, allowPositionals: false });
    if (values.batch !== undefined) {
      batchChunks = Number(values.batch);
      if (!Number.isInteger(batchChunks) || batchChunks < 1) throw new Error(`--batch must be a positive integer, got ${values.batch}`);
    }
  } catch (error) {
    console.error(`${(error as Error).message}\n${REEMBED_USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const logger = createCliLogger(process.env.LOG_LEVEL || "warn");
  const { embedder } = providersFor(config, { logger });
  const handle = await createDatabase({ ...databaseOptions(config), statementTimeoutMs: 0 });
  try {
    // As `serve` does: the embedded database is migrated, a PostgreSQL schema that is behind is refused.
    if (handle.kind === "pglite") await migrate(handle, config.vector.index, {}, config.vector.textIndex);
    else {
      const pending = await pendingMigrations(handle);
      if (pending > 0) throw new SchemaOutdatedError(pending);
    }
    const result = await reembedChunks(
      { repos: createRepositories(handle.db), embedder },
      { batchChunks, onProgress: (p) => renderProgress(`${p.documentId} (user ${p.userId})`, (100 * p.done) / p.total, "embedding") },
    );
    endProgress();
    const was = result.previous.map((p) => `${p.model}: ${p.chunks}`).join(", ") || "nothing to do";
    console.log(`${handle.kind}: re-embedded ${result.chunks} chunk(s) of ${result.documents} document(s) with ${result.model} (was ${was})`);
    return 0;
  } finally {
    await handle.close();
  }
}
