/**
 * The data directory: private file modes, and one process at a time.
 *
 * Modes: the process's umask becomes 077 (files it creates are 0600, directories 0700), and what
 * an earlier version left readable is tightened at start (DATA_DIR holds medical documents, the
 * embedded database and the JWT secret).
 *
 * Lock: the embedded PGlite database must have a single writer — two processes on one DATA_DIR
 * corrupted it (`RuntimeError: Aborted()` on the next start, writes silently lost). The first
 * process creates `DATA_DIR/navigator.lock` exclusively (`O_EXCL`) with its PID; a second one is
 * refused with an error naming that PID and the HTTP API as the alternative. A lock whose
 * process is gone (killed, crashed) is stale and taken over.
 */
import { openSync, closeSync, writeSync, readFileSync, unlinkSync, existsSync } from "node:fs";
import { chmod, lstat, mkdir, readdir } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { NavigatorError } from "../runtime/index.ts";

/** Name of the lock file inside DATA_DIR. */
export const DATA_DIR_LOCK_FILE = "navigator.lock";
/** Mode of private files, and of private directories. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** What the lock file records. */
export interface DataDirLockInfo {
  readonly pid: number;
  readonly host: string;
  /** What holds it (`navigator serve`, `navigator ingest`…). */
  readonly command: string;
  readonly startedAt: string;
  /** The HTTP address of the holder, once it listens. */
  readonly url?: string;
}

/** DATA_DIR is in use by another live process. */
export class DataDirLockedError extends NavigatorError<"data_dir_locked"> {
  readonly code = "data_dir_locked";
  constructor(
    readonly dataDir: string,
    readonly holder: DataDirLockInfo,
  ) {
    super(
      `DATA_DIR ${dataDir} is in use by process ${holder.pid} (${holder.command}${holder.host !== hostname() ? ` on ${holder.host}` : ""}` +
        `${holder.url ? `, serving ${holder.url}` : ""}); its embedded database allows one process. ` +
        `Stop that process first, or use its HTTP API instead (POST /api/v2/upload to ingest, POST /chat to ask)` +
        `${holder.url ? ` at ${holder.url}` : ""}. If no such process runs, delete ${join(dataDir, DATA_DIR_LOCK_FILE)}.`,
    );
  }
}

/** A held lock. */
export interface DataDirLock {
  /** Records the holder's HTTP address (shown to a refused second process). */
  setUrl(url: string): void;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): void;
}

/**
 * Creates `dataDir` (0700) and makes this process create private files from now on (umask 077);
 * tightens existing entries to 0600 / 0700.
 */
export async function preparePrivateDataDir(dataDir: string): Promise<void> {
  process.umask(0o077);
  await mkdir(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  await tightenModes(dataDir);
}

/**
 * Sets files under `path` to owner-only (0600 at most) and directories to 0700. PGlite's WASM
 * file system creates some files (`pg_internal.init`) 0644 whatever the umask: the Navigator
 * calls this again once its database is open, and after closing it.
 */
export async function tightenModes(path: string): Promise<void> {
  return tighten(path);
}

async function tighten(path: string): Promise<void> {
  const stat = await lstat(path).catch(() => undefined);
  if (!stat || stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    if ((stat.mode & 0o777) !== PRIVATE_DIR_MODE) await chmod(path, PRIVATE_DIR_MODE).catch(() => undefined);
    for (const entry of await readdir(path).catch(() => [] as string[])) await tighten(join(path, entry));
  } else if ((stat.mode & 0o077) !== 0) {
    await chmod(path, stat.mode & 0o700).catch(() => undefined);
  }
}

/** True when process `pid` exists on this machine (signal 0; EPERM means it exists but is not ours). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM";
  }
}

/**
 * Takes the lock of `dataDir` for `command`.
 * @throws DataDirLockedError when a live process holds it.
 */
export function lockDataDir(dataDir: string, command: string): DataDirLock {
  const file = join(dataDir, DATA_DIR_LOCK_FILE);
  let info: DataDirLockInfo = { pid: process.pid, host: hostname(), command, startedAt: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, "wx", PRIVATE_FILE_MODE);
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== "EEXIST" || attempt >= 3) throw error;
      const holder = readLock(file);
      if (holder && holder.pid !== process.pid && (holder.host !== hostname() || processAlive(holder.pid))) throw new DataDirLockedError(dataDir, holder);
      // Stale (its process is gone), unreadable (a crash mid-write) or our own: take it over.
      try {
        unlinkSync(file);
      } catch {
        // another process removed it first: try again
      }
    }
  }
  let released = false;
  const ours = () => readLock(file)?.pid === process.pid;
  return {
    setUrl(url) {
      if (released || !ours()) return;
      info = { ...info, url };
      try {
        const fd = openSync(file, "w", PRIVATE_FILE_MODE);
        writeSync(fd, JSON.stringify(info));
        closeSync(fd);
      } catch {
        // the lock still holds; only the address is missing from it
      }
    },
    release() {
      if (released) return;
      released = true;
      try {
        if (existsSync(file) && ours()) unlinkSync(file);
      } catch {
        // already gone
      }
    },
  };
}

/** The lock file's content, or undefined when missing or unreadable. */
export function readLock(file: string): DataDirLockInfo | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as DataDirLockInfo;
    return typeof parsed.pid === "number" ? parsed : undefined;
  } catch {
    return undefined;
  }
}
