import { createDatabase, migrate as applyMigrations } from "../../db/index.ts";
import { loadConfig } from "../../http/config.ts";
import { databaseOptions } from "../../http/navigator.ts";

/** `navigator migrate`: applies pending migrations to `DATABASE_URL` or the embedded database. */
export async function migrateCommand(): Promise<number> {
  const config = loadConfig();
  // Migrations may run longer than a request's statement timeout.
  const handle = await createDatabase({ ...databaseOptions(config), statementTimeoutMs: 0 });
  try {
    const { applied } = await applyMigrations(handle);
    console.log(`${handle.kind}: ${applied} migration(s) applied`);
    return 0;
  } finally {
    await handle.close();
  }
}
