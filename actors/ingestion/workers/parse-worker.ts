/**
 * Entry module of an ingestion worker (a Bun Worker of the pool built by `createIngestionWorkers`):
 * prepares one document per task with {@link prepareDocument} (or reads one slice of its pages,
 * `readPageSlice`) and posts the result back, moving
 * the vectors' buffers instead of copying them. Logs travel to the pool as `log` events.
 */
import { createHashedEmbedder } from "../../../rag/embeddings/index.ts";
import type { ChunkDraft } from "../../../rag/types.ts";
import type { Logger } from "../../../runtime/index.ts";
import { serveWorkerTasks } from "../../../runtime/worker-pool/index.ts";
import { DEFAULT_CHUNKER } from "../chunker.ts";
import type { IngestionTask, IngestionTaskResult, WorkerEvent } from "./protocol.ts";
import { prepareDocument, readerFor, readPageSlice } from "./prepare.ts";

let emitLog: ((e: WorkerEvent) => void) | undefined;
const logger: Logger = {
  debug: () => {},
  info: (obj, msg) => emitLog?.({ kind: "log", level: "info", obj, msg }),
  warn: (obj, msg) => emitLog?.({ kind: "log", level: "warn", obj, msg }),
  error: (obj, msg) => emitLog?.({ kind: "log", level: "error", obj, msg }),
  child: () => logger,
};
let hashed: ReturnType<typeof createHashedEmbedder> | undefined;
const buffersOf = (vectors: readonly Float32Array[]) => [...new Set(vectors.map((v) => v.buffer as ArrayBuffer))];

serveWorkerTasks<IngestionTask, IngestionTaskResult, WorkerEvent>(async (task, ctx) => {
  emitLog = (e) => ctx.emit(e);
  if (task.kind === "slice") {
    const onOpen = (pageCount: number) => ctx.emit({ kind: "opened", pageCount });
    return { data: await readPageSlice(task.bytes, { index: task.index, of: task.of, limits: task.limits, keepEmptyPages: task.keepEmptyPages, onOpen }) };
  }
  const embedder = task.embed === "hashed" ? (hashed ??= createHashedEmbedder()) : undefined;
  const chunkerVersion = DEFAULT_CHUNKER.version;
  const onEmbedded =
    embedder && task.streamEmbedded
      ? (from: number, drafts: readonly ChunkDraft[], vectors: Float32Array[]) =>
          ctx.emit({ kind: "embedded", from, drafts, vectors, embeddingModel: embedder.model, chunkerVersion }, buffersOf(vectors))
      : undefined;
  const prepared = await prepareDocument(
    task.bytes,
    { filename: task.filename, limits: task.limits, keepEmptyPages: task.keepEmptyPages, text: task.text, positioned: task.positioned, slices: task.slices },
    { reader: readerFor(task.reader, task.limits, logger), embedder, onEvent: (event) => ctx.emit({ kind: "progress", event }), onEmbedded },
  );
  // Streamed drafts and vectors left with their events (the vectors' buffers are detached here).
  if (onEmbedded && prepared.vectors) return { data: { ...prepared, drafts: [], vectors: undefined, streamedDrafts: prepared.drafts.length } };
  return { data: prepared, transfer: buffersOf(prepared.vectors ?? []) };
});
