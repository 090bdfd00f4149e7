/**
 * The units version (rag/retriever `UnitSource.version`) kept in memory, for the embedded database
 * only: one process owns a PGlite data directory (app/data-dir.ts lock), so every change to a
 * member's chunks, records or documents goes through this process's repositories, and counting
 * those calls replaces the version query (a scan of the member's chunks and records in PGlite,
 * ≈ 4 ms of this process's CPU per question for the EOC and two SBCs). Never for PostgreSQL: other
 * nodes write there.
 *
 * Every method of the chunk, record and document repositories except the reads listed in
 * {@link UNIT_READS} counts as a change (unknown methods too: a spurious change only rebuilds an
 * index), both when it starts and when it settles, whether it succeeded or not; a change is
 * counted for its member (the first argument, or `userId` of an object first argument) or, when
 * the member is not known, for everyone. `users.delete` (its cascade removes the member's rows)
 * counts for the member too.
 *
 * The same counts, with every write to the job repository (a job's status is a document's status;
 * a job write names a job id, not a member, so it counts for everyone, but in its own counter that
 * leaves the units version alone), key a cache of `documents.statuses` ({@link
 * DEFAULT_STATUSES_CACHE_MEMBERS} members, least recently used first out): a chat turn on the
 * embedded database then reads the member's documents without a PGlite statement (PGlite runs
 * one statement at a time in its own thread, which bounds embedded chat throughput).
 */
import type { Repositories } from "../db/index.ts";

/** Repository methods that never change a member's units (`<repository>.<method>`). */
export const UNIT_READS: ReadonlySet<string> = new Set([
  "chunks.search",
  "chunks.countForDocument",
  "chunks.listUnits",
  "chunks.unitsVersion",
  "records.list",
  "records.search",
  "records.countForDocument",
  "records.listUnits",
  "records.unitsVersion",
  "records.unitsVersionWithChunks",
  "documents.get",
  "documents.statuses",
  "documents.list",
]);

/** Job repository methods that never change a job (`jobs.<method>`). */
export const JOB_READS: ReadonlySet<string> = new Set(["jobs.get", "jobs.findById", "jobs.listUnfinished", "jobs.listOrphans", "jobs.queuedStats"]);

/** Repositories whose writes change the units. */
const WATCHED = ["chunks", "records", "documents"] as const;

/**
 * Members whose `documents.statuses` listing is cached (least recently used evicted first). A
 * listing is a few hundred bytes per document, so ≈ 1 MB for members with a handful of plans.
 */
export const DEFAULT_STATUSES_CACHE_MEMBERS = 1000;

/** Options of {@link createLocalUnitsVersion}. */
export interface LocalUnitsVersionOptions {
  /** Members whose document listing is kept (count, ≥ 0; 0 turns the cache off). Default {@link DEFAULT_STATUSES_CACHE_MEMBERS}. */
  readonly statusesCacheMembers?: number;
}

/** Repositories that count their changes, and the version they give. */
export interface LocalUnitsVersion {
  /** `repos` with the chunk, record and document repositories counting changes. */
  readonly repos: Repositories;
  /**
   * A value that changes whenever the member's chunks, records or documents may have changed
   * through {@link repos} (this process's count of changes: everyone's, then the member's).
   */
  version(userId: string): string;
  /** {@link version} and this process's count of job changes: keys the cached `documents.statuses`. */
  statusesVersion(userId: string): string;
}

/**
 * Wraps `repos`. Memory: one number per member whose documents changed since the process
 * started (a few tens of bytes each), and the cached listings (see {@link LocalUnitsVersionOptions}).
 * @throws RangeError when `statusesCacheMembers` is not an integer ≥ 0.
 */
export function createLocalUnitsVersion(repos: Repositories, options: LocalUnitsVersionOptions = {}): LocalUnitsVersion {
  const capacity = options.statusesCacheMembers ?? DEFAULT_STATUSES_CACHE_MEMBERS;
  if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`statusesCacheMembers must be an integer >= 0, got ${capacity}`);
  let everyone = 0;
  let jobChanges = 0;
  const members = new Map<string, number>();
  const changed = (userId: string | undefined) => {
    if (userId === undefined) everyone++;
    else members.set(userId, (members.get(userId) ?? 0) + 1);
  };
  const memberOf = (first: unknown): string | undefined => {
    if (typeof first === "string") return first.toLowerCase();
    const u = (first as { userId?: unknown } | null)?.userId;
    return typeof u === "string" ? u.toLowerCase() : undefined;
  };
  /** `fn` counting `count` when it starts and when it settles (succeeded, threw or rejected). */
  const counting = (repo: object, fn: (...a: unknown[]) => unknown, count: (args: unknown[]) => void) => (...args: unknown[]) => {
    count(args);
    let result: unknown;
    try {
      result = fn.apply(repo, args);
    } catch (error) {
      count(args);
      throw error;
    }
    if (!(result instanceof Promise)) {
      count(args);
      return result;
    }
    return result.finally(() => count(args));
  };
  /** `repo` with each method that `writes` names counting `count`. */
  const wrap = (name: string, writes: (method: string) => boolean, count: (args: unknown[]) => void) => {
    const repo = repos[name as keyof Repositories] as unknown as Record<string, unknown>;
    const wrapped: Record<string, unknown> = {};
    for (const [method, value] of Object.entries(repo)) {
      wrapped[method] = typeof value === "function" && writes(method) ? counting(repo, value as (...a: unknown[]) => unknown, count) : value;
    }
    return wrapped;
  };
  const out: Record<string, unknown> = { ...repos };
  const memberChanged = (args: unknown[]) => changed(memberOf(args[0]));
  for (const name of WATCHED) out[name] = wrap(name, (method) => !UNIT_READS.has(`${name}.${method}`), memberChanged);
  out.jobs = wrap("jobs", (method) => !JOB_READS.has(`jobs.${method}`), () => jobChanges++);
  out.users = wrap("users", (method) => method === "delete", memberChanged);

  const version = (userId: string) => `${everyone}:${members.get(userId.toLowerCase()) ?? 0}`;
  const statusesVersion = (userId: string) => `${version(userId)}:${jobChanges}`;
  type Listing = Awaited<ReturnType<Repositories["documents"]["statuses"]>>;
  const listings = new Map<string, { version: string; listing: Listing }>();
  const documents = out.documents as Repositories["documents"];
  out.documents = {
    ...documents,
    // The version is read before the query: a write that starts meanwhile changes it, so a
    // listing that may predate the write is never served after it.
    async statuses(userId: string): Promise<Listing> {
      const v = statusesVersion(userId);
      const hit = listings.get(userId);
      if (hit && hit.version === v) {
        listings.delete(userId);
        listings.set(userId, hit);
        return hit.listing.slice();
      }
      const listing = await documents.statuses(userId);
      if (capacity > 0) {
        listings.delete(userId);
        listings.set(userId, { version: v, listing: listing.map((row) => Object.freeze(row)) });
        if (listings.size > capacity) listings.delete(listings.keys().next().value!);
      }
      return listing.slice();
    },
  } satisfies Repositories["documents"];
  return { repos: out as unknown as Repositories, version, statusesVersion };
}
