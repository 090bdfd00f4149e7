import { mkdir } from "node:fs/promises";
import { createDatabase, migrate as applyMigrations } from "../../db/index.ts";
import { loadConfig } from "../../app/config.ts";
import { databaseOptions } from "../../app/storage.ts";

/**
 * `navigator migrate`: applies pending migrations to `DATABASE_URL` or the embedded database, then
 * creates or rebuilds the HNSW index to match `HNSW_M`, `HNSW_EF_CONSTRUCTION`, `VECTOR_STORAGE`,
 * and adds or drops the chunks' full-text column and index (`TEXT_INDEX`).
 */
export async function migrateCommand(): Promise<number> {
  const config = loadConfig();
  if (!config.databaseUrl) await mkdir(config.dataDir, { recursive: true });
  // Migrations may run longer than a request's statement timeout.
  const handle = await createDatabase({ ...databaseOptions(config), statementTimeoutMs: 0 });
  try {
    const { applied, vectorIndex, textIndex } = await applyMigrations(handle, config.vector.index, {}, config.vector.textIndex);
    console.log(`${handle.kind}: ${applied} migration(s) applied`);
    const { kind, m, efConstruction, storage } = config.vector.index;
    const index = kind === "none" ? "no index, VECTOR_INDEX=none" : `HNSW m=${m} ef_construction=${efConstruction} storage=${storage}`;
    if (vectorIndex.action === "none") console.log(`vector index up to date (${index})`);
    else console.log(`vector index ${vectorIndex.action} (${index}; was: ${vectorIndex.reason}) in ${(vectorIndex.buildMs / 1000).toFixed(1)} s`);
    console.log(`full-text column and index (TEXT_INDEX=${config.vector.textIndex}): ${textIndex === "none" ? "up to date" : textIndex}`);
    return 0;
  } finally {
    await handle.close();
  }
}
