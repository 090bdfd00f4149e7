import { describe, expect, test } from "bun:test";
import type { Repositories } from "../db/index.ts";
import { createLocalUnitsVersion } from "./local-units-version.ts";

const A = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
const B = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c";

/** Just the repository methods the test calls (the wrapper sees whatever methods a repository has). */
function fakeRepos() {
  const calls: string[] = [];
  const repos = {
    chunks: {
      upsertMany: async (userId: string) => void calls.push(`upsert ${userId}`),
      listUnits: async () => [],
      unitsVersion: async () => "db",
    },
    records: {
      replaceForDocument: async () => {
        throw new Error("database down");
      },
      listUnits: async () => [],
    },
    documents: {
      statuses: async () => [],
      delete: async () => undefined,
      setPlanName: async () => undefined,
      createWithJob: async (doc: { userId: string }) => ({ document: doc, job: {} }),
      someFutureWrite: async () => undefined,
    },
    users: { delete: async () => true, setPassword: async () => 1 },
    jobs: {
      get: async () => undefined,
      advance: async () => undefined,
    },
  };
  return { calls, repos: repos as unknown as Repositories };
}

describe("createLocalUnitsVersion", () => {
  test("a change to a member's chunks, records or documents changes the member's version; reads do not", async () => {
    const { calls, repos } = fakeRepos();
    const local = createLocalUnitsVersion(repos);
    const v0 = local.version(A);
    await local.repos.chunks.listUnits(A, "m");
    await local.repos.documents.statuses(A);
    expect(local.version(A)).toBe(v0);

    await local.repos.chunks.upsertMany(A, "d", { embeddingModel: "m", chunker: "c" }, []);
    expect(calls).toEqual([`upsert ${A}`]); // the call itself still happens
    const v1 = local.version(A);
    expect(v1).not.toBe(v0);
    expect(local.version(B)).toBe(v0); // another member's index is kept

    await local.repos.documents.setPlanName(A.toUpperCase(), "d", "Gold");
    expect(local.version(A)).not.toBe(v1);
    const v2 = local.version(A);
    await local.repos.documents.delete(A, "d");
    expect(local.version(A)).not.toBe(v2);
  });

  test("a failed write counts (its effects are unknown); an object's userId names the member; an unknown member is everyone", async () => {
    const { repos } = fakeRepos();
    const local = createLocalUnitsVersion(repos);
    const a0 = local.version(A);
    const b0 = local.version(B);
    await expect(local.repos.records.replaceForDocument(A, "d", "x", [])).rejects.toThrow("database down");
    expect(local.version(A)).not.toBe(a0);
    expect(local.version(B)).toBe(b0);

    const a1 = local.version(A);
    await local.repos.documents.createWithJob({ userId: B } as never, "j");
    expect(local.version(B)).not.toBe(b0);
    expect(local.version(A)).toBe(a1);

    const b1 = local.version(B);
    await (local.repos.documents as unknown as { someFutureWrite(x: number): Promise<void> }).someFutureWrite(42);
    expect(local.version(A)).not.toBe(a1);
    expect(local.version(B)).not.toBe(b1);
  });

  test("a version read while a write is running differs from the one after it settles", async () => {
    const { repos } = fakeRepos();
    let release!: () => void;
    (repos.chunks as unknown as { upsertMany: () => Promise<void> }).upsertMany = () => new Promise<void>((r) => (release = r));
    const local = createLocalUnitsVersion(repos);
    const before = local.version(A);
    const write = local.repos.chunks.upsertMany(A, "d", { embeddingModel: "m", chunker: "c" }, []);
    const during = local.version(A);
    release();
    await write;
    expect(new Set([before, during, local.version(A)]).size).toBe(3);
  });

  describe("cached documents.statuses", () => {
    /** Repositories whose statuses query counts its calls and answers with the current `status`. */
    function statusRepos() {
      const { repos } = fakeRepos();
      const state = { queries: 0, status: "queued" };
      let release: (() => void) | undefined;
      (repos.documents as unknown as { statuses: (u: string) => Promise<unknown[]> }).statuses = async (userId: string) => {
        state.queries++;
        return [{ id: `doc-${userId}`, status: state.status }];
      };
      (repos.jobs as unknown as { advance: () => Promise<undefined> }).advance = () => new Promise((r) => (release = () => r(undefined)));
      return { repos, state, release: () => release?.() };
    }

    test("a read is served from memory until the member's documents, chunks or a job change", async () => {
      const { repos, state } = statusRepos();
      const local = createLocalUnitsVersion(repos);
      const first = await local.repos.documents.statuses(A);
      expect(await local.repos.documents.statuses(A)).toEqual(first);
      expect(state.queries).toBe(1);

      await local.repos.documents.setPlanName(A, "d", "Gold");
      await local.repos.documents.statuses(A);
      expect(state.queries).toBe(2);
      await local.repos.chunks.upsertMany(A, "d", { embeddingModel: "m", chunker: "c" }, []);
      await local.repos.documents.statuses(A);
      expect(state.queries).toBe(3);
      await local.repos.users.delete(A);
      await local.repos.documents.statuses(A);
      expect(state.queries).toBe(4);
      // Reads and a user write that leaves the documents alone keep the listing.
      await local.repos.jobs.get(A, "j");
      await local.repos.users.setPassword(A, "h");
      await local.repos.documents.statuses(A);
      expect(state.queries).toBe(4);
    });

    test("a job write (it names a job, not a member) drops everyone's listing, not the units version", async () => {
      const { repos, state, release } = statusRepos();
      const local = createLocalUnitsVersion(repos);
      await local.repos.documents.statuses(A);
      await local.repos.documents.statuses(B);
      const units = local.version(A);
      state.status = "complete";
      const write = local.repos.jobs.advance("j", "complete", 100);
      release();
      await write;
      expect((await local.repos.documents.statuses(A))[0]!.status).toBe("complete");
      expect((await local.repos.documents.statuses(B))[0]!.status).toBe("complete");
      expect(state.queries).toBe(4);
      expect(local.version(A)).toBe(units);
    });

    test("a listing read while a write runs is not served after the write settles", async () => {
      const { repos, state, release } = statusRepos();
      const local = createLocalUnitsVersion(repos);
      const write = local.repos.jobs.advance("j", "complete", 100);
      await local.repos.documents.statuses(A); // may predate the write
      state.status = "complete";
      release();
      await write;
      expect((await local.repos.documents.statuses(A))[0]!.status).toBe("complete");
      expect(state.queries).toBe(2);

      // A write that starts and settles while the query runs: the listing read before it is not kept.
      let answer!: () => void;
      const plain = statusRepos();
      const documents = plain.repos.documents as unknown as { statuses: (u: string) => Promise<unknown[]> };
      const query = documents.statuses;
      let block = true;
      documents.statuses = (u) => (block ? new Promise((r) => (answer = () => r(query(u)))) : query(u));
      const racing = createLocalUnitsVersion(plain.repos);
      const read = racing.repos.documents.statuses(A);
      await racing.repos.documents.setPlanName(A, "d", "Gold");
      answer();
      expect((await read)[0]!.status).toBe("queued");
      plain.state.status = "complete";
      block = false;
      expect((await racing.repos.documents.statuses(A))[0]!.status).toBe("complete");
    });

    test("holds at most statusesCacheMembers members, least recently used out; 0 turns it off", async () => {
      const { repos, state } = statusRepos();
      const local = createLocalUnitsVersion(repos, { statusesCacheMembers: 1 });
      await local.repos.documents.statuses(A);
      await local.repos.documents.statuses(B);
      await local.repos.documents.statuses(A);
      expect(state.queries).toBe(3);
      await local.repos.documents.statuses(A);
      expect(state.queries).toBe(3);

      const off = statusRepos();
      const none = createLocalUnitsVersion(off.repos, { statusesCacheMembers: 0 });
      await none.repos.documents.statuses(A);
      await none.repos.documents.statuses(A);
      expect(off.state.queries).toBe(2);
      expect(() => createLocalUnitsVersion(repos, { statusesCacheMembers: -1 })).toThrow(RangeError);
    });
  });
});
