import { join } from "node:path";
import { createDatabase, migrate as applyMigrations } from "../../db/index.ts";
import { loadConfig } from "../../http/config.ts";

/** `navigator migrate`: applies pending migrations to `DATABASE_URL` or the embedded database. */
export async function migrateCommand(): Promise<number> {
  const config = loadConfig();
  const handle = await createDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: join(config.dataDir, "pglite") });
  try {
    const { applied } = await applyMigrations(handle);
    console.log(`${handle.kind}: ${applied} migration(s) applied`);
    return 0;
  } finally {
    await handle.close();
  }
}
