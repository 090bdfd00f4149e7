export {
  chunkSearchFilter,
  createChunkRepository,
  indexPathSettings,
  indexSearchQuery,
  toVectorLiteral,
  CHUNK_UPSERT_BATCH_ROWS,
  PGLITE_CHUNK_UPSERT_BATCH_ROWS,
  HALFVEC_RESCORE_FACTOR,
} from "./chunks.ts";
export type { ChunkHit, ChunkRepository, ChunkRepositoryOptions, ChunkSearchOptions, ChunkSearchPlan, NewChunk } from "./chunks.ts";
export { createChunkTextSearch, TEXT_RANK_NORMALIZATION } from "./chunk-text-search.ts";
export { CHUNK_COPY_BATCH_ROWS, copyChunks, DEFAULT_CHUNK_COPY_CONCURRENCY, PGLITE_CHUNK_COPY_BATCH_ROWS, type CopyChunksOptions, encodeChunkCopy, type CopyChunk, type CopySession, type CopyTransaction } from "./chunk-copy.ts";
export { streamChunks, type ChunkStream } from "./chunk-stream.ts";
export type { ChunkTextHit, ChunkTextSearch, ChunkTextSearchOptions } from "./chunk-text-search.ts";
export { createConversationRepository, DEFAULT_CONVERSATION_PAGE, MAX_CONVERSATION_PAGE } from "./conversations.ts";
export type { ConversationPage, ConversationRepository, ConversationRow, ConversationSummary, MessageRow, NewMessage } from "./conversations.ts";
export { createDocumentRepository } from "./documents.ts";
export { createEmbeddingModelRepository, REEMBED_UPDATE_BATCH_ROWS } from "./embedding-models.ts";
export type { ChunkToReembed, DocumentToReembed, EmbeddingModelRepository } from "./embedding-models.ts";
export type { DocumentRepository, DocumentRow, DocumentView, JobRow, NewDocument, StoredProfile } from "./documents.ts";
export { createRecordRepository, DEFAULT_RECORD_LIMIT, MAX_RECORD_LIMIT, RECORD_UPSERT_BATCH_ROWS } from "./records.ts";
export type { NewRecord, PlanRecord, PlanRecordHit, RecordQuery, RecordRepository } from "./records.ts";
export { createJobRepository, TERMINAL_JOB_STATUSES } from "./jobs.ts";
export type { JobRepository } from "./jobs.ts";
export { createUserRepository } from "./users.ts";
export type { TokenState, UserRepository, UserRow, UserUsage } from "./users.ts";

import type { Database } from "../client.ts";
import { createChunkTextSearch } from "./chunk-text-search.ts";
import { createChunkRepository, type ChunkRepositoryOptions } from "./chunks.ts";
import { createConversationRepository } from "./conversations.ts";
import { createDocumentRepository } from "./documents.ts";
import { createEmbeddingModelRepository } from "./embedding-models.ts";
import { createJobRepository } from "./jobs.ts";
import { createRecordRepository } from "./records.ts";
import { createUserRepository } from "./users.ts";

/** All repositories over one database. */
export interface Repositories {
  readonly users: ReturnType<typeof createUserRepository>;
  readonly documents: ReturnType<typeof createDocumentRepository>;
  readonly jobs: ReturnType<typeof createJobRepository>;
  readonly chunks: ReturnType<typeof createChunkRepository>;
  /** Full-text search over chunks (hybrid retrieval's lexical side). */
  readonly chunkText: ReturnType<typeof createChunkTextSearch>;
  readonly conversations: ReturnType<typeof createConversationRepository>;
  /** Records read from the documents' tables and definitions (rag/documents). */
  readonly records: ReturnType<typeof createRecordRepository>;
  /** Stored vectors by embedding model, across users (start-up guard, `navigator reembed`). */
  readonly embeddingModels: ReturnType<typeof createEmbeddingModelRepository>;
}

/**
 * Builds every repository over `db`; `options.vectorSearch` tunes the chunks' nearest-neighbour
 * search (defaults: db/vector-index.ts).
 * @throws RangeError on invalid vector search options.
 */
export function createRepositories(db: Database, options: { vectorSearch?: ChunkRepositoryOptions } = {}): Repositories {
  return {
    users: createUserRepository(db),
    documents: createDocumentRepository(db),
    jobs: createJobRepository(db),
    chunks: createChunkRepository(db, options.vectorSearch),
    chunkText: createChunkTextSearch(db),
    conversations: createConversationRepository(db),
    records: createRecordRepository(db),
    embeddingModels: createEmbeddingModelRepository(db),
  };
}
