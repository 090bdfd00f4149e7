/**
 * Backup and restore of the embedded PGlite database through PGlite's own dump
 * (`dumpDataDir`, a tarball of the data directory written by the database itself, so the copy is
 * consistent) and load (`loadDataDir`). The server must be stopped: one process owns a PGlite
 * directory.
 */
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { existsSync, readdirSync } from "node:fs";
import { loadableExtension } from "./pglite-bundles.ts";

/** Row counts a backup records and a restore checks. */
export interface EmbeddedCounts {
  readonly users: number;
  readonly documents: number;
  readonly chunks: number;
  readonly conversations: number;
}

async function counts(client: PGlite): Promise<EmbeddedCounts> {
  const one = async (table: string) => Number(((await client.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0] as { n: number }).n);
  return { users: await one("users"), documents: await one("documents"), chunks: await one("chunks"), conversations: await one("conversations") };
}

/**
 * Dumps the PGlite database in `pgliteDir` to a gzip tarball (bytes) and counts its rows.
 * @throws Error when `pgliteDir` holds no database, or PGlite cannot open it.
 */
export async function dumpEmbeddedDatabase(pgliteDir: string): Promise<{ tarball: Uint8Array; counts: EmbeddedCounts }> {
  if (!existsSync(pgliteDir) || !existsSync(`${pgliteDir}/PG_VERSION`)) throw new Error(`no embedded database in ${pgliteDir}`);
  const client = await PGlite.create({ dataDir: pgliteDir, extensions: { vector: loadableExtension(vector) } });
  try {
    const found = await counts(client);
    const dump = await client.dumpDataDir("gzip");
    return { tarball: new Uint8Array(await dump.arrayBuffer()), counts: found };
  } finally {
    await client.close();
  }
}

/**
 * Creates the PGlite database in `pgliteDir` (absent or empty) from a tarball made by
 * {@link dumpEmbeddedDatabase}, and counts its rows.
 * @throws Error when `pgliteDir` is not empty, or PGlite cannot load the tarball.
 */
export async function loadEmbeddedDatabase(pgliteDir: string, tarball: Uint8Array): Promise<EmbeddedCounts> {
  if (existsSync(pgliteDir) && readdirSync(pgliteDir).length > 0) throw new Error(`${pgliteDir} is not empty: restore into a new DATA_DIR`);
  const client = await PGlite.create({ dataDir: pgliteDir, loadDataDir: new Blob([tarball]), extensions: { vector: loadableExtension(vector) } });
  try {
    return await counts(client);
  } finally {
    await client.close();
  }
}
