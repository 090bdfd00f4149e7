/**
 * Drizzle schema: the single source of truth for tables, generated migrations (drizzle-kit) and
 * typed queries, on PGlite (embedded) and PostgreSQL alike.
 *
 * Every row that belongs to a person carries `user_id`, and every repository query filters on it
 * in SQL: a user's documents, jobs, chunks and conversations are invisible to every other user.
 */
import { sql } from "drizzle-orm";
import {
  bigserial,
  customType,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  vector,
} from "drizzle-orm/pg-core";

/** Kinds of documents (rag/documents/types.ts, repeated here so the schema imports nothing of rag/). */
export type DocumentKind = "sbc" | "eoc" | "policy_wording" | "other";
/** Where a profile field came from. */
export type ProfileSource = "text" | "url" | "filename" | "user";
/** Kinds of records. */
export type RecordKind = "question" | "benefit" | "definition";

/** Dimensions of every stored embedding (OpenAI `text-embedding-3-small` and the offline embedder). */
export const EMBEDDING_DIMENSIONS = 1536;

/** Job states, in the only order they may move (`failed` is reachable from any non-terminal state). */
export const JOB_STATUSES = [
  "queued",
  "parsing",
  "ocr",
  "chunking",
  "embedding",
  "storing",
  "complete",
  "failed",
] as const;
/** One of {@link JOB_STATUSES}. */
export type JobStatus = (typeof JOB_STATUSES)[number];

/** `{ code, message }` stored on a failed job. */
export interface JobError {
  readonly code: string;
  readonly message: string;
}

/** A citation persisted with an assistant message. */
export interface StoredSource {
  readonly document_id: string;
  readonly filename: string;
  readonly page: number;
  readonly chunk_index: number;
  readonly score: number;
  readonly text: string;
}

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
/** The owning user; rows go when the user goes. */
const ownerId = () =>
  uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" });
/** The document a row derives from; rows go when the document goes. */
const documentRef = () =>
  uuid("document_id")
    .notNull()
    .references(() => documents.id, { onDelete: "cascade" });

export const users = pgTable("users", {
  id: uuid("id").primaryKey(),
  /** Stored lower-cased; unique. */
  email: text("email").notNull().unique(),
  /** argon2id PHC string from `Bun.password.hash`. */
  passwordHash: text("password_hash").notNull(),
  name: text("name"),
  /**
   * Access tokens carry this number (`ver` claim); bumping it revokes every token issued before
   * (password change, "log out everywhere", account deletion).
   */
  tokenVersion: integer("token_version").notNull().default(0),
  createdAt: createdAt(),
});

/**
 * Single access tokens revoked before they expire (`POST /api/v2/auth/logout`), by `jti`.
 * A row is useless after `expires_at` (the token is refused as expired anyway) and is purged.
 */
export const revokedTokens = pgTable(
  "revoked_tokens",
  {
    jti: uuid("jti").primaryKey(),
    userId: ownerId(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("revoked_tokens_expires_idx").on(t.expiresAt), index("revoked_tokens_user_idx").on(t.userId)],
);

export const documents = pgTable(
  "documents",
  {
    /** UUIDv5(user id, sha256 of the bytes): the same user uploading the same bytes gets the same id. */
    id: uuid("id").primaryKey(),
    userId: ownerId(),
    filename: text("filename").notNull(),
    /** Size of the uploaded file in bytes. */
    bytes: integer("bytes").notNull(),
    sha256: text("sha256").notNull(),
    contentType: text("content_type").notNull(),
    /** Where the bytes live in the blob store (a key, not a path). */
    storageKey: text("storage_key").notNull(),
    /** Physical page count, known once parsed. */
    pages: integer("pages"),
    parser: text("parser"),
    /** Regulated form the document follows (`sbc`, `eoc`, `policy_wording`, `other`); null until parsed. */
    kind: text("kind").$type<DocumentKind>(),
    /** Plan name as printed, or as the owner corrected it. */
    planName: text("plan_name"),
    /** Where `plan_name` came from: `text`, `url`, `filename` or `user`. */
    planNameSource: text("plan_name_source").$type<ProfileSource>(),
    insurer: text("insurer"),
    /** Where `insurer` came from: `text`, `url` (a domain in the text) or `filename`. */
    insurerSource: text("insurer_source").$type<ProfileSource>(),
    planType: text("plan_type"),
    coveragePeriod: text("coverage_period"),
    /** ISO 639-1 code. */
    language: text("language"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("documents_user_sha256_uq").on(t.userId, t.sha256)],
);

export const jobs = pgTable(
  "jobs",
  {
    id: uuid("id").primaryKey(),
    userId: ownerId(),
    documentId: documentRef(),
    status: text("status").$type<JobStatus>().notNull().default("queued"),
    /** 0–100. */
    progressPct: integer("progress_pct").notNull().default(0),
    attempts: integer("attempts").notNull().default(0),
    lastError: jsonb("last_error").$type<JobError | null>(),
    /** Node (process) that ran the latest attempt; null until an attempt started. */
    nodeId: text("node_id"),
    /** W3C trace id (32 hex digits) of the latest attempt; null without tracing or before any attempt. */
    traceId: text("trace_id"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("jobs_user_idx").on(t.userId),
    index("jobs_status_idx").on(t.status),
    index("jobs_document_idx").on(t.documentId),
  ],
);

/** PostgreSQL's `tsvector` (full-text search document); drizzle has no built-in column for it. */
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/**
 * Text search configuration of the chunks' `tsv` column and of every full-text query against it.
 * `english`: Snowball stemming and PostgreSQL's English stop words (built into PostgreSQL and PGlite).
 */
export const TEXT_SEARCH_CONFIG = "english";

export const chunks = pgTable(
  "chunks",
  {
    /** UUIDv5(document id, chunker version, ordinal): redelivered jobs upsert, never duplicate. */
    id: uuid("id").primaryKey(),
    userId: ownerId(),
    documentId: documentRef(),
    ord: integer("ord").notNull(),
    text: text("text").notNull(),
    pageStart: integer("page_start").notNull(),
    pageEnd: integer("page_end").notNull(),
    embedding: vector("embedding", { dimensions: EMBEDDING_DIMENSIONS }).notNull(),
    embeddingModel: text("embedding_model").notNull(),
    chunker: text("chunker").notNull(),
    createdAt: createdAt(),
  },
  // The HNSW index on `embedding` is not declared here: its parameters (m, ef_construction,
  // halfvec) are configuration, so db/vector-index.ts creates and rebuilds it after migrations.
  // Nor are the full-text column `tsv` and its GIN index: only the `text`/`hybrid` retrieval
  // modes read them, so db/text-index.ts adds or drops them by TEXT_INDEX after migrations.
  (t) => [index("chunks_user_document_idx").on(t.userId, t.documentId)],
);

/** One row of a plan's tables, or one definition, read at ingestion (rag/documents). */
export const documentRecords = pgTable(
  "document_records",
  {
    /** UUIDv5(document id, extractor version, ordinal): re-ingestion upserts, never duplicates. */
    id: uuid("id").primaryKey(),
    userId: ownerId(),
    documentId: documentRef(),
    ord: integer("ord").notNull(),
    kind: text("kind").$type<RecordKind>().notNull(),
    section: text("section"),
    label: text("label").notNull(),
    network: text("network"),
    outOfNetwork: text("out_of_network"),
    limitations: text("limitations"),
    /** 1-based physical page. */
    page: integer("page").notNull(),
    extractor: text("extractor").notNull(),
    /** Full-text search vector: the label weighs most (A), costs next (B), notes least (C). */
    tsv: tsvector("tsv")
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('english', coalesce("section", '') || ' ' || "label"), 'A') || setweight(to_tsvector('english', coalesce("network", '') || ' ' || coalesce("out_of_network", '')), 'B') || setweight(to_tsvector('english', coalesce("limitations", '')), 'C')`,
      ),
    createdAt: createdAt(),
  },
  (t) => [
    index("document_records_user_document_idx").on(t.userId, t.documentId, t.ord),
    index("document_records_tsv_gin_idx").using("gin", t.tsv),
  ],
);

export const conversations = pgTable(
  "conversations",
  {
    id: uuid("id").primaryKey(),
    userId: ownerId(),
    title: text("title").notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("conversations_user_idx").on(t.userId, t.updatedAt)],
);

export const messages = pgTable(
  "messages",
  {
    /** Monotonic: the order messages were stored in. */
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    id: uuid("id").notNull().unique(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    userId: ownerId(),
    role: text("role").$type<"user" | "assistant">().notNull(),
    content: text("content").notNull(),
    found: boolean("found"),
    sources: jsonb("sources").$type<StoredSource[]>().notNull().default(sql`'[]'::jsonb`),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdAt: createdAt(),
  },
  (t) => [index("messages_conversation_idx").on(t.conversationId, t.seq)],
);

/** Every table, for drizzle's relational API and drizzle-kit. */
export const schema = { users, revokedTokens, documents, jobs, chunks, documentRecords, conversations, messages };
