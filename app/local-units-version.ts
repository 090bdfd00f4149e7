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
 * the member is not known, for everyone.
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

/** Repositories whose writes change the units. */
const WATCHED = ["chunks", "records", "documents"] as const;

/** Repositories that count their changes, and the version they give. */
export interface LocalUnitsVersion {
  /** `repos` with the chunk, record and document repositories counting changes. */
  readonly repos: Repositories;
  /**
   * A value that changes whenever the member's chunks, records or documents may have changed
   * through {@link repos} (this process's count of changes: everyone's, then the member's).
   */
  version(userId: string): string;
}

/**
 * Wraps `repos`. Memory: one number per member whose documents changed since the process
 * started (a few tens of bytes each).
 */
export function createLocalUnitsVersion(repos: Repositories): LocalUnitsVersion {
  let everyone = 0;
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
  const out: Record<string, unknown> = { ...repos };
  for (const name of WATCHED) {
    const repo = repos[name] as unknown as Record<string, unknown>;
    const wrapped: Record<string, unknown> = {};
    for (const [method, value] of Object.entries(repo)) {
      if (typeof value !== "function" || UNIT_READS.has(`${name}.${method}`)) {
        wrapped[method] = value;
        continue;
      }
      const fn = value as (...a: unknown[]) => unknown;
      wrapped[method] = (...args: unknown[]) => {
        const userId = memberOf(args[0]);
        changed(userId);
        let result: unknown;
        try {
          result = fn.apply(repo, args);
        } catch (error) {
          changed(userId);
          throw error;
        }
        if (!(result instanceof Promise)) {
          changed(userId);
          return result;
        }
        return result.finally(() => changed(userId));
      };
    }
    out[name] = wrapped;
  }
  return {
    repos: out as unknown as Repositories,
    version: (userId) => `${everyone}:${members.get(userId.toLowerCase()) ?? 0}`,
  };
}
