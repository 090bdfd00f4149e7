import { describe, expect, test } from "bun:test";
import { createTestUser, useTestDatabase } from "../../test/support/db.ts";
import { chunk, docWithJob, META, MODEL, vec } from "../../test/support/repo-fixtures.ts";

const tdb = useTestDatabase();

const TEXTS = [
  "Your deductible is $1,500 per year before the plan pays.",
  "Specialist visits require a referral from your primary care physician.",
  "Copayments for emergency room visits are $250 per visit.",
  "Hearing aids are covered up to $550 per ear every three years.",
];

async function userWithChunks(texts = TEXTS) {
  const user = await createTestUser(tdb.repos);
  const { document } = await docWithJob(tdb.repos, user.id);
  await tdb.repos.chunks.upsertMany(user.id, document.id, META, texts.map((t, i) => chunk(i, vec({ [i]: 1 }), t)));
  return { user, document };
}

const search = (userId: string, text: string, o: { limit?: number; documentIds?: string[]; model?: string } = {}) =>
  tdb.repos.chunkText.searchText(userId, text, { limit: o.limit ?? 10, embeddingModel: o.model ?? MODEL, vector: vec({ 1: 1 }), documentIds: o.documentIds });

describe("full-text chunk search", () => {
  test("matches any stemmed word of the question, best rank first, with the cosine similarity of each hit", async () => {
    const { user } = await userWithChunks();
    const hits = await search(user.id, "Do I need referrals for specialists?");
    expect(hits.map((h) => h.ordinal)).toEqual([1]);
    expect(hits[0]?.textRank).toBeGreaterThan(0);
    expect(hits[0]?.similarity).toBeCloseTo(1, 5); // chunk 1's vector is the query vector
    const two = await search(user.id, "emergency deductible");
    expect(two.map((h) => h.ordinal).sort()).toEqual([0, 2]);
    for (const h of two) expect(h.similarity).toBeCloseTo(0, 5);
  });

  test("the generated tsvector follows a chunk's text when it is replaced", async () => {
    const { user, document } = await userWithChunks();
    expect(await search(user.id, "acupuncture")).toEqual([]);
    await tdb.repos.chunks.upsertMany(user.id, document.id, META, [{ ...chunk(3, vec({ 3: 1 }), "Acupuncture is covered for 20 visits.") }]);
    expect((await search(user.id, "acupuncture")).map((h) => h.text)).toEqual(["Acupuncture is covered for 20 visits."]);
  });

  test("another user's chunks with the same words are invisible", async () => {
    const a = await userWithChunks();
    const b = await userWithChunks(["Your deductible is $9,999 (user B's plan)."]);
    const hitsA = await search(a.user.id, "deductible");
    expect(hitsA.map((h) => h.documentId)).toEqual([a.document.id]);
    const hitsB = await search(b.user.id, "deductible");
    expect(hitsB.map((h) => h.text)).toEqual(["Your deductible is $9,999 (user B's plan)."]);
    // naming B's document does not let A see it
    expect(await search(a.user.id, "deductible", { documentIds: [b.document.id] })).toEqual([]);
  });

  test("documentIds, the embedding model and limit restrict the hits", async () => {
    const { user, document } = await userWithChunks();
    const other = await docWithJob(tdb.repos, user.id);
    await tdb.repos.chunks.upsertMany(user.id, other.document.id, META, [chunk(0, vec({ 9: 1 }), "Another deductible of $3,000.")]);
    expect((await search(user.id, "deductible")).length).toBe(2);
    expect((await search(user.id, "deductible", { documentIds: [document.id] })).map((h) => h.documentId)).toEqual([document.id]);
    expect(await search(user.id, "deductible", { model: "another-model" })).toEqual([]);
    expect((await search(user.id, "deductible visits", { limit: 1 })).length).toBe(1);
  });

  test("stop words only, empty text and tsquery syntax in the question are harmless", async () => {
    const { user } = await userWithChunks();
    expect(await search(user.id, "")).toEqual([]);
    expect(await search(user.id, "what is the and of it")).toEqual([]);
    for (const q of ["deductible & | ! :* ( ) <->", "it's 'deductible'", "C:\\\\path\\\\deductible", "deductible'); drop table chunks; --"]) {
      expect((await search(user.id, q)).map((h) => h.ordinal)).toContain(0);
    }
    expect((await search(user.id, "hearing")).map((h) => h.ordinal)).toEqual([3]);
  });

  test("a bad limit is refused before querying", async () => {
    const { user } = await userWithChunks();
    await expect(search(user.id, "deductible", { limit: 0 })).rejects.toThrow(RangeError);
  });
});
