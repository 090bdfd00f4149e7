/**
 * The chunks' full-text column `tsv` (`to_tsvector('english', text)`, generated and stored) and
 * its GIN index: the lexical side of the `text` and `hybrid` retrieval modes
 * (db/repositories/chunk-text-search.ts). No other mode reads them, and computing the column and
 * indexing it is most of what storing a chunk costs PostgreSQL (the 232-page EOC's 1,274 chunks:
 * ~0.2 s, inserts without them ~0.03 s), so they are configuration (`TEXT_INDEX`, following
 * `RETRIEVAL_MODE` by default, app/vector-config.ts) and {@link ensureTextIndex} adds or drops
 * them after migrations, as db/vector-index.ts does the HNSW index.
 */
import { sql } from "drizzle-orm";
import { NavigatorError } from "../runtime/index.ts";
import type { DatabaseHandle } from "./client.ts";
import { TEXT_SEARCH_CONFIG } from "./schema.ts";

/** `gin`: the `tsv` column and {@link TEXT_INDEX_NAME} exist; `none`: neither (dropped when present). */
export const TEXT_INDEX_KINDS = ["gin", "none"] as const;
/** One of {@link TEXT_INDEX_KINDS}. */
export type TextIndexKind = (typeof TEXT_INDEX_KINDS)[number];

/** Name of the GIN index on `chunks.tsv` (the name migrations 0002–0004 gave it). */
export const TEXT_INDEX_NAME = "chunks_tsv_gin_idx";

/** The text index when a caller names none (`migrate`'s default: every retrieval mode works). */
export const DEFAULT_TEXT_INDEX: TextIndexKind = "gin";

/** @throws RangeError when `kind` is not one of {@link TEXT_INDEX_KINDS}. */
export function assertTextIndexKind(kind: string): asserts kind is TextIndexKind {
  if (!(TEXT_INDEX_KINDS as readonly string[]).includes(kind)) throw new RangeError(`text index must be one of ${TEXT_INDEX_KINDS.join(", ")}, got ${JSON.stringify(kind)}`);
}

/** Whether `chunks.tsv` exists in the current schema (its index is checked by {@link textIndexMismatch}). */
async function readTextIndex(handle: DatabaseHandle): Promise<{ column: boolean; index: boolean }> {
  const result: unknown = await handle.db.execute(sql`
    select exists (select 1 from information_schema.columns where table_schema = current_schema() and table_name = 'chunks' and column_name = 'tsv') as column,
           exists (select 1 from pg_indexes where schemaname = current_schema() and tablename = 'chunks' and indexname = ${TEXT_INDEX_NAME}) as index`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { column: boolean; index: boolean }[];
  return { column: Boolean(rows[0]?.column), index: Boolean(rows[0]?.index) };
}

/**
 * How the database differs from `kind`: `missing` (gin wanted, column or index absent),
 * `present (TEXT_INDEX=none)`, or undefined when it matches. Reads only.
 */
export async function textIndexMismatch(handle: DatabaseHandle, kind: TextIndexKind): Promise<string | undefined> {
  const found = await readTextIndex(handle);
  if (kind === "none") return found.column || found.index ? "present (TEXT_INDEX=none)" : undefined;
  return found.column && found.index ? undefined : "missing";
}

/**
 * Adds the `tsv` column (computed for every stored chunk) and its GIN index when `kind` is
 * `gin` and they are missing; drops both when `kind` is `none`.
 * @returns what it did.
 */
export async function ensureTextIndex(handle: DatabaseHandle, kind: TextIndexKind = DEFAULT_TEXT_INDEX): Promise<"none" | "created" | "dropped"> {
  assertTextIndexKind(kind);
  const mismatch = await textIndexMismatch(handle, kind);
  if (mismatch === undefined) return "none";
  if (kind === "none") {
    await handle.exec(`DROP INDEX IF EXISTS ${TEXT_INDEX_NAME}; ALTER TABLE chunks DROP COLUMN IF EXISTS tsv`);
    return "dropped";
  }
  await handle.exec(
    `ALTER TABLE chunks ADD COLUMN IF NOT EXISTS tsv tsvector GENERATED ALWAYS AS (to_tsvector('${TEXT_SEARCH_CONFIG}', "text")) STORED NOT NULL; ` +
      `CREATE INDEX IF NOT EXISTS ${TEXT_INDEX_NAME} ON chunks USING gin (tsv)`,
  );
  return "created";
}

/** A PostgreSQL server lacks the full-text column a `text`/`hybrid` retrieval mode reads and was not told to migrate. */
export class TextIndexOutdatedError extends NavigatorError {
  readonly code = "text_index_outdated";
  constructor(
    /** What differs (see {@link textIndexMismatch}). */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      `the full-text column chunks.tsv and its index ${TEXT_INDEX_NAME} are ${reason} (TEXT_INDEX=gin); run \`navigator migrate\`, ` +
        "or start with `serve --migrate` / MIGRATE_ON_START=true",
      options,
    );
  }
}
