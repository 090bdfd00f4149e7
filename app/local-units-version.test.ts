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
    users: { delete: async () => true },
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
});
