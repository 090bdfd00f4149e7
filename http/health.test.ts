import { describe, expect, test } from "bun:test";
import { checkReadiness, type ReadinessProbes } from "./health.ts";

const healthy: ReadinessProbes = {
  database: async () => {},
  pendingMigrations: async () => 0,
  nats: () => "connected",
  blobStore: async () => {},
  stopping: () => false,
};

describe("checkReadiness", () => {
  test("ready when every part answers; NATS reported as embedded without a cluster", async () => {
    expect(await checkReadiness(healthy)).toEqual({
      ready: true,
      failing: [],
      checks: { database: "ok", migrations: "ok", nats: "ok", blob_store: "ok", shutdown: "ok" },
    });
    expect((await checkReadiness({ ...healthy, nats: () => "embedded" })).checks.nats).toBe("embedded");
  });

  test("names every failing part and why", async () => {
    const r = await checkReadiness({
      database: async () => {
        throw new Error("connection refused");
      },
      pendingMigrations: async () => 2,
      nats: () => "reconnecting",
      blobStore: () => Promise.reject(new Error("NoSuchBucket")),
      stopping: () => true,
    });
    expect(r.ready).toBe(false);
    expect(r.failing).toEqual(["database", "migrations", "nats", "blob_store", "shutdown"]);
    expect(r.checks).toEqual({
      database: "connection refused",
      migrations: "2 migration(s) pending: run navigator migrate",
      nats: "reconnecting",
      blob_store: "NoSuchBucket",
      shutdown: "stopping",
    });
  });

  test("a probe that hangs fails after the timeout instead of hanging the check", async () => {
    const started = performance.now();
    const r = await checkReadiness({ ...healthy, database: () => new Promise(() => {}) }, 50);
    expect(r.failing).toEqual(["database"]);
    expect(r.checks.database).toBe("no answer within 50 ms");
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
