import { describe, expect, test } from "bun:test";
import { createTestUser, useTestDatabase } from "../test/support/db.ts";
import { chunk, docWithJob, META, MODEL, vec } from "../test/support/repo-fixtures.ts";
import { migrate } from "./migrate.ts";
import { ensureTextIndex, textIndexMismatch } from "./text-index.ts";

const tdb = useTestDatabase();

const search = (userId: string, text: string) => tdb.repos.chunkText.searchText(userId, text, { limit: 10, embeddingModel: MODEL, vector: vec({ 1: 1 }) });

describe("the chunks' full-text column by TEXT_INDEX", () => {
  test("migrate() keeps it by default; none drops column and index, chunks are stored without; gin adds them back, computed for the stored chunks", async () => {
    expect(await textIndexMismatch(tdb.handle, "gin")).toBeUndefined();
    expect(await textIndexMismatch(tdb.handle, "none")).toBe("present (TEXT_INDEX=none)");

    expect((await migrate(tdb.handle, {}, {}, "none")).textIndex).toBe("dropped");
    expect(await textIndexMismatch(tdb.handle, "none")).toBeUndefined();
    expect(await textIndexMismatch(tdb.handle, "gin")).toBe("missing");
    expect(await ensureTextIndex(tdb.handle, "none")).toBe("none");

    const user = await createTestUser(tdb.repos);
    const { document } = await docWithJob(tdb.repos, user.id);
    const texts = ["Specialist visits require a referral.", "Hearing aids are covered every three years."];
    expect(await tdb.repos.chunks.upsertMany(user.id, document.id, META, texts.map((t, i) => chunk(i, vec({ [i]: 1 }), t)))).toBe(2);
    const failed = await search(user.id, "referral").then(() => undefined, (e: unknown) => e);
    expect(String(failed)).toContain("tsv"); // no column: the text modes need TEXT_INDEX=gin

    expect((await migrate(tdb.handle, {}, {}, "gin")).textIndex).toBe("created");
    expect(await textIndexMismatch(tdb.handle, "gin")).toBeUndefined();
    expect((await search(user.id, "Do specialists need referrals?")).map((h) => h.text)).toEqual([texts[0]!]);
    expect(await ensureTextIndex(tdb.handle, "gin")).toBe("none");
  });

  test("an unknown kind is a RangeError before anything changes", async () => {
    expect(await ensureTextIndex(tdb.handle, "gist" as never).then(() => undefined, (e: unknown) => e)).toBeInstanceOf(RangeError);
    expect(await textIndexMismatch(tdb.handle, "gin")).toBeUndefined();
  });
});
