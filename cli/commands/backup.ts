import { cp, mkdir, readdir, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { dumpEmbeddedDatabase, loadEmbeddedDatabase, type EmbeddedCounts } from "../../db/index.ts";
import { loadConfig, lockDataDir, preparePrivateDataDir, tightenModes } from "../../app/index.ts";
import { NAVIGATOR_VERSION } from "../../app/version.ts";

/** Format version of a backup folder's manifest.json. */
export const BACKUP_FORMAT = 1;
/** File names inside a backup folder. */
export const BACKUP_FILES = { manifest: "manifest.json", database: "pglite.tar.gz", blobs: "blobs", secret: "jwt-secret" } as const;

/** `manifest.json` of a backup. */
export interface BackupManifest {
  readonly format: typeof BACKUP_FORMAT;
  readonly version: string;
  readonly createdAt: string;
  readonly counts: EmbeddedCounts;
  readonly blobFiles: number;
  readonly blobBytes: number;
  readonly jwtSecret: boolean;
}

const POSTGRES_MESSAGE =
  "DATABASE_URL is set: back up PostgreSQL with pg_dump/pg_restore and the bucket (S3_BUCKET) with its own tooling; see deploy/RUNBOOK.md";

/**
 * `navigator backup DEST`: copies the embedded deployment in DATA_DIR — the PGlite database
 * (through PGlite's dump, `pglite.tar.gz`), uploaded files (`blobs/`, when not in S3) and the
 * generated `jwt-secret` — into the new folder DEST with a `manifest.json` of row counts. Stop
 * the server first (one process owns DATA_DIR).
 * @returns 0 done; 1 failed (message on stderr); 2 bad arguments, DEST not empty, or DATABASE_URL set.
 */
export async function backupCommand(argv: readonly string[]): Promise<number> {
  if (argv.length !== 1 || argv[0]?.startsWith("-")) return usage("usage: navigator backup DEST   (DEST: a new or empty folder)");
  const config = loadConfig();
  if (config.databaseUrl) return usage(`navigator backup: ${POSTGRES_MESSAGE}`);
  const dest = resolve(argv[0] as string);
  if (existsSync(dest) && (await readdir(dest)).length > 0) return usage(`navigator backup: ${dest} is not empty`);
  const started = performance.now();
  // The server must be stopped: holding DATA_DIR's lock proves it (DataDirLockedError names the holder otherwise).
  const lock = existsSync(config.dataDir) ? lockDataDir(config.dataDir, "navigator backup") : undefined;
  try {
    return await backupLocked(config, dest, started);
  } finally {
    lock?.release();
  }
}

async function backupLocked(config: ReturnType<typeof loadConfig>, dest: string, started: number): Promise<number> {
  const { tarball, counts } = await dumpEmbeddedDatabase(join(config.dataDir, "pglite"));
  await mkdir(dest, { recursive: true });
  await Bun.write(join(dest, BACKUP_FILES.database), tarball);
  const blobsDir = join(config.dataDir, "blobs");
  const blobs = existsSync(blobsDir) ? await folderSize(blobsDir) : { files: 0, bytes: 0 };
  if (blobs.files > 0) await cp(blobsDir, join(dest, BACKUP_FILES.blobs), { recursive: true });
  const secret = join(config.dataDir, "jwt-secret");
  const hasSecret = existsSync(secret);
  if (hasSecret) await cp(secret, join(dest, BACKUP_FILES.secret));
  const manifest: BackupManifest = { format: BACKUP_FORMAT, version: NAVIGATOR_VERSION, createdAt: new Date().toISOString(), counts, blobFiles: blobs.files, blobBytes: blobs.bytes, jwtSecret: hasSecret };
  await Bun.write(join(dest, BACKUP_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(
    `backed up ${config.dataDir} to ${dest} in ${((performance.now() - started) / 1000).toFixed(1)} s: ${counts.users} user(s), ${counts.documents} document(s), ` +
      `${counts.chunks} chunk(s), ${counts.conversations} conversation(s); database ${(tarball.byteLength / 1024 / 1024).toFixed(1)} MiB; ${blobs.files} uploaded file(s)` +
      `${config.s3 ? " (uploads are in S3_BUCKET: back the bucket up separately)" : ""}${hasSecret ? "; jwt-secret" : ""}`,
  );
  return 0;
}

/**
 * `navigator restore SRC`: recreates DATA_DIR (absent or empty) from a backup folder made by
 * `navigator backup` (holding the new DATA_DIR's lock meanwhile, files made private as `serve`
 * makes them), then checks the restored row counts against the manifest.
 * @returns 0 done; 1 failed or counts differ; 2 bad arguments, DATA_DIR not empty, or DATABASE_URL set.
 */
export async function restoreCommand(argv: readonly string[]): Promise<number> {
  if (argv.length !== 1 || argv[0]?.startsWith("-")) return usage("usage: navigator restore SRC   (into DATA_DIR, which must be new or empty)");
  const config = loadConfig();
  if (config.databaseUrl) return usage(`navigator restore: ${POSTGRES_MESSAGE}`);
  const src = resolve(argv[0] as string);
  const manifestFile = Bun.file(join(src, BACKUP_FILES.manifest));
  if (!(await manifestFile.exists())) return usage(`navigator restore: ${src} has no ${BACKUP_FILES.manifest}: not a backup made by navigator backup`);
  const manifest = (await manifestFile.json()) as BackupManifest;
  if (manifest.format !== BACKUP_FORMAT) return usage(`navigator restore: backup format ${manifest.format} is not ${BACKUP_FORMAT}`);
  if (existsSync(config.dataDir) && (await readdir(config.dataDir)).length > 0) return usage(`navigator restore: DATA_DIR ${resolve(config.dataDir)} is not empty: restore into a new one`);
  const started = performance.now();
  await preparePrivateDataDir(config.dataDir);
  const lock = lockDataDir(config.dataDir, "navigator restore");
  try {
    return await restoreLocked(config, src, manifest, started);
  } finally {
    lock.release();
  }
}

async function restoreLocked(config: ReturnType<typeof loadConfig>, src: string, manifest: BackupManifest, started: number): Promise<number> {
  const tarball = new Uint8Array(await Bun.file(join(src, BACKUP_FILES.database)).arrayBuffer());
  const counts = await loadEmbeddedDatabase(join(config.dataDir, "pglite"), tarball);
  if (existsSync(join(src, BACKUP_FILES.blobs))) await cp(join(src, BACKUP_FILES.blobs), join(config.dataDir, "blobs"), { recursive: true });
  if (manifest.jwtSecret) await cp(join(src, BACKUP_FILES.secret), join(config.dataDir, "jwt-secret"));
  const blobs = existsSync(join(config.dataDir, "blobs")) ? await folderSize(join(config.dataDir, "blobs")) : { files: 0, bytes: 0 };
  const same = JSON.stringify(counts) === JSON.stringify(manifest.counts) && blobs.files === manifest.blobFiles && blobs.bytes === manifest.blobBytes;
  const summary = `${counts.users} user(s), ${counts.documents} document(s), ${counts.chunks} chunk(s), ${counts.conversations} conversation(s), ${blobs.files} uploaded file(s)`;
  await tightenModes(config.dataDir);
  if (!same) {
    console.error(`navigator restore: restored ${summary}, but the backup's manifest says ${JSON.stringify(manifest.counts)} and ${manifest.blobFiles} file(s) of ${manifest.blobBytes} bytes`);
    return 1;
  }
  console.log(`restored ${src} (made by ${manifest.version} at ${manifest.createdAt}) into ${resolve(config.dataDir)} in ${((performance.now() - started) / 1000).toFixed(1)} s: ${summary}; counts match the manifest`);
  return 0;
}

function usage(message: string): number {
  console.error(message);
  return 2;
}

async function folderSize(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return { files, bytes };
}
