import { describe, expect, test } from "bun:test";
import { createTestUser, useTestDatabase } from "../test/support/db.ts";
import { chunk, docWithJob, META, MODEL, vec } from "../test/support/repo-fixtures.ts";
import { migrate } from "./migrate.ts";
import { sql } from "drizzle-orm";
import { chunkSearchFilter, createChunkRepository, indexPathSettings, indexSearchQuery, toVectorLiteral, type ChunkSearchPlan } from "./repositories/chunks.ts";
import {
  DEFAULT_HNSW_EF_CONSTRUCTION,
  DEFAULT_HNSW_M,
  ensureVectorIndex,
  parseVectorIndexDefinition,
  readVectorIndex,
  vectorIndexMismatch,
  vectorIndexOptions,
  vectorIndexStatement,
  vectorSearchOptions,
} from "./vector-index.ts";

describe("vector index definitions", () => {
  test("parses what PostgreSQL prints for the vector and halfvec indexes, with or without WITH", () => {
    expect(
      parseVectorIndexDefinition(
        "CREATE INDEX chunks_embedding_hnsw_idx ON public.chunks USING hnsw (embedding vector_cosine_ops) WITH (m='16', ef_construction='64')",
      ),
    ).toEqual({ m: 16, efConstruction: 64, storage: "vector" });
    expect(
      parseVectorIndexDefinition(
        "CREATE INDEX chunks_embedding_hnsw_idx ON public.chunks USING hnsw (((embedding)::halfvec(1536)) halfvec_cosine_ops) WITH (m='8', ef_construction='20')",
      ),
    ).toEqual({ m: 8, efConstruction: 20, storage: "halfvec" });
    expect(parseVectorIndexDefinition("CREATE INDEX x ON public.chunks USING hnsw (embedding vector_cosine_ops)")).toEqual({
      m: DEFAULT_HNSW_M,
      efConstruction: DEFAULT_HNSW_EF_CONSTRUCTION,
      storage: "vector",
    });
  });

  test("anything this code would not build is unrecognised (so it gets rebuilt)", () => {
    for (const def of [
      "CREATE INDEX x ON public.chunks USING hnsw (embedding vector_l2_ops)",
      "CREATE INDEX x ON public.chunks USING ivfflat (embedding vector_cosine_ops) WITH (lists='100')",
      "CREATE INDEX x ON public.chunks USING hnsw (((embedding)::halfvec(768)) halfvec_cosine_ops)",
      "CREATE INDEX x ON public.chunks USING hnsw (embedding vector_cosine_ops) WITH (m='16', fillfactor='90')",
      "CREATE INDEX x ON public.chunks USING btree (user_id)",
    ]) {
      expect(parseVectorIndexDefinition(def)).toBeUndefined();
    }
  });

  test("options take pgvector's defaults and bounds", () => {
    expect(vectorIndexOptions()).toEqual({ kind: "hnsw", m: 16, efConstruction: 64, storage: "vector" });
    expect(() => vectorIndexOptions({ kind: "ivfflat" as never })).toThrow(RangeError);
    expect(vectorSearchOptions()).toMatchObject({ efSearch: 40, storage: "vector" });
    expect(() => vectorIndexOptions({ m: 1 })).toThrow(RangeError);
    expect(() => vectorIndexOptions({ m: 101 })).toThrow(RangeError);
    expect(() => vectorIndexOptions({ m: 16, efConstruction: 31 })).toThrow(/2·m/);
    expect(() => vectorIndexOptions({ storage: "bit" as never })).toThrow(RangeError);
    expect(() => vectorSearchOptions({ efSearch: 0 })).toThrow(RangeError);
    expect(() => vectorSearchOptions({ efSearch: 1001 })).toThrow(RangeError);
    expect(() => vectorSearchOptions({ exactMaxChunks: -1 })).toThrow(RangeError);
    expect(vectorIndexStatement("i", { m: 8, efConstruction: 32, storage: "halfvec" })).toBe(
      "CREATE INDEX i ON chunks USING hnsw ((embedding::halfvec(1536)) halfvec_cosine_ops) WITH (m = 8, ef_construction = 32)",
    );
  });
});

describe("vector index on the database", () => {
  const db = useTestDatabase();

  test("migrate created it with the defaults; ensureVectorIndex rebuilds it only when the options differ", async () => {
    expect(await readVectorIndex(db.handle)).toMatchObject({ valid: true, options: { m: 16, efConstruction: 64, storage: "vector" } });
    expect(await vectorIndexMismatch(db.handle)).toBeUndefined();
    expect(await ensureVectorIndex(db.handle)).toEqual({ action: "none", buildMs: 0 });

    const half = { m: 8, efConstruction: 32, storage: "halfvec" as const };
    expect(await vectorIndexMismatch(db.handle, half)).toBe("storage vector → halfvec, m 16 → 8, ef_construction 64 → 32");
    expect(await ensureVectorIndex(db.handle, half)).toMatchObject({ action: "rebuilt", reason: "storage vector → halfvec, m 16 → 8, ef_construction 64 → 32" });
    expect((await readVectorIndex(db.handle))?.options).toEqual(half);

    // migrate() applies the index options it is given, under its lock.
    const again = await migrate(db.handle, { m: 12, efConstruction: 48 });
    expect(again).toMatchObject({ applied: 0, vectorIndex: { action: "rebuilt" } });
    expect((await readVectorIndex(db.handle))?.options).toEqual({ m: 12, efConstruction: 48, storage: "vector" });
    await expect(migrate(db.handle, { m: 0 })).rejects.toThrow(RangeError);

    await db.handle.exec("DROP INDEX chunks_embedding_hnsw_idx");
    expect(await vectorIndexMismatch(db.handle)).toBe("missing");
    expect(await ensureVectorIndex(db.handle)).toMatchObject({ action: "created", reason: "missing" });
    expect(await vectorIndexMismatch(db.handle)).toBeUndefined();

    // VECTOR_INDEX=none: the index is dropped, and stays away.
    expect(await vectorIndexMismatch(db.handle, { kind: "none" })).toBe("present (VECTOR_INDEX=none)");
    expect(await migrate(db.handle, { kind: "none" })).toMatchObject({ vectorIndex: { action: "dropped" } });
    expect(await readVectorIndex(db.handle)).toBeUndefined();
    expect(await ensureVectorIndex(db.handle, { kind: "none" })).toEqual({ action: "none", buildMs: 0 });
    expect(await ensureVectorIndex(db.handle)).toMatchObject({ action: "created", reason: "missing" });
  });

  test("search through a halfvec index: the index plan finds the nearest chunks, scored at full precision", async () => {
    await ensureVectorIndex(db.handle, { storage: "halfvec" });
    try {
      const user = await createTestUser(db.repos);
      const { document } = await docWithJob(db.repos, user.id);
      const rows = Array.from({ length: 30 }, (_, i) => chunk(i, vec({ [i]: 1, [i + 1]: 0.5 + i / 100 }), `chunk ${i}`));
      await db.repos.chunks.upsertMany(user.id, document.id, META, rows);
      const plans: ChunkSearchPlan[] = [];
      const search = createChunkRepository(db.handle.db, { storage: "halfvec", exactMaxChunks: 0, onSearchPlan: (p) => plans.push(p) });
      const q = vec({ 7: 1, 8: 0.57 });
      const hits = await search.search(user.id, q, { limit: 3, embeddingModel: MODEL });
      const exact = await createChunkRepository(db.handle.db).search(user.id, q, { limit: 3, embeddingModel: MODEL });
      expect(hits.map((h) => h.chunkId)).toEqual(exact.map((h) => h.chunkId));
      expect(hits.map((h) => h.similarity)).toEqual(exact.map((h) => h.similarity));
      expect(hits[0]?.text).toBe("chunk 7");
      expect(plans).toEqual(["index"]);
      // The planner matches the halfvec expression index.
      const plan = await db.handle.db.transaction(async (tx) => {
        await tx.execute(indexPathSettings(40, true));
        const query = indexSearchQuery("halfvec", toVectorLiteral(q), chunkSearchFilter(user.id, MODEL), user.id, 6, 3);
        const result: unknown = await tx.execute(sql`explain ${query}`);
        return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { "QUERY PLAN": string }[];
      });
      expect(plan.map((r) => r["QUERY PLAN"]).join("\n")).toContain("Index Scan using chunks_embedding_hnsw_idx");
    } finally {
      await ensureVectorIndex(db.handle);
    }
  });
});
