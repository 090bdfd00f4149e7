import { describe, expect, test } from "bun:test";
import { createTestUser, useTestDatabase } from "../../test/support/db.ts";
import { chunk, docWithJob, META, MODEL, vec } from "../../test/support/repo-fixtures.ts";

const db = useTestDatabase();

describe("embedding model repository", () => {
  test("finds other models, lists documents and chunks to re-embed, rewrites only the owner's rows", async () => {
    const { repos } = db;
    const alice = await createTestUser(repos, "alice");
    const bob = await createTestUser(repos, "bob");
    const a = (await docWithJob(repos, alice.id)).document;
    const b = (await docWithJob(repos, bob.id)).document;
    const aChunks = [chunk(0, vec({ 0: 1 }), "first"), chunk(1, vec({ 1: 1 }), "second"), chunk(2, vec({ 2: 1 }), "third")];
    await repos.chunks.upsertMany(alice.id, a.id, META, aChunks);
    await repos.chunks.upsertMany(bob.id, b.id, { ...META, embeddingModel: "other-model" }, [chunk(0, vec({ 3: 1 }))]);

    const others = await repos.embeddingModels.otherModels("new-model");
    expect(others.filter((o) => o.model === MODEL || o.model === "other-model")).toEqual([
      { model: "other-model", chunks: 1 },
      { model: MODEL, chunks: 3 },
    ]);
    const docs = await repos.embeddingModels.documentsToReembed("new-model");
    expect(docs.find((d) => d.documentId === a.id)).toEqual({ userId: alice.id, documentId: a.id, chunks: 3 });

    const firstTwo = await repos.embeddingModels.chunksToReembed(alice.id, a.id, "new-model", 2);
    expect(firstTwo.map((c) => c.text)).toEqual(["first", "second"]);
    const rows = firstTwo.map((c) => ({ id: c.id, embedding: vec({ 9: 1 }) }));
    // Another user's id never rewrites Alice's chunks.
    expect(await repos.embeddingModels.setEmbeddings(bob.id, "new-model", rows)).toBe(0);
    expect(await repos.embeddingModels.setEmbeddings(alice.id, "new-model", rows)).toBe(2);
    expect((await repos.embeddingModels.chunksToReembed(alice.id, a.id, "new-model", 10)).map((c) => c.text)).toEqual(["third"]);
    const hits = await repos.chunks.search(alice.id, vec({ 9: 1 }), { limit: 5, embeddingModel: "new-model" });
    expect(hits.map((h) => [h.text, Number(h.similarity.toFixed(3))])).toEqual([["first", 1], ["second", 1]]);
    await expect(repos.embeddingModels.chunksToReembed(alice.id, a.id, "new-model", 0)).rejects.toThrow(RangeError);
  });
});
