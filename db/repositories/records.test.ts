import { describe, expect, test } from "bun:test";
import { createTestUser, useTestDatabase } from "../../test/support/db.ts";
import { docWithJob } from "../../test/support/repo-fixtures.ts";
import type { NewRecord } from "./records.ts";

const tdb = useTestDatabase();

const rec = (documentId: string, ord: number, r: Partial<NewRecord> & { label: string }): NewRecord => ({
  id: Bun.randomUUIDv5(`test@1:${ord}`, documentId),
  ord,
  kind: "benefit",
  section: null,
  network: null,
  outOfNetwork: null,
  limitations: null,
  page: 1,
  ...r,
});

async function userWithRecords() {
  const user = await createTestUser(tdb.repos);
  const { document } = await docWithJob(tdb.repos, user.id);
  const rows = [
    rec(document.id, 0, { kind: "question", section: "Important Questions", label: "What is the overall deductible?", network: "$1,000 Individual/$2,000 Family" }),
    rec(document.id, 1, { label: "Specialist visit", network: "$30 copayment/visit", outOfNetwork: "Not covered", page: 2, section: "If you visit a health care provider's office or clinic" }),
    rec(document.id, 2, { label: "Emergency room services", network: "$100 copayment/visit", outOfNetwork: "$100 copayment/visit", limitations: "After deductible", page: 3 }),
    rec(document.id, 3, { kind: "definition", label: "Coinsurance", limitations: "Coinsurance means your share of the costs of a covered service.", page: 7 }),
  ];
  await tdb.repos.records.replaceForDocument(user.id, document.id, "test@1", rows);
  return { user, document, rows };
}

describe("record repository", () => {
  test("lists a user's records in table order with the document's file name; filters by kind and document", async () => {
    const { user, document } = await userWithRecords();
    const all = await tdb.repos.records.list(user.id);
    expect(all.map((r) => r.label)).toEqual(["What is the overall deductible?", "Specialist visit", "Emergency room services", "Coinsurance"]);
    expect(all[1]).toMatchObject({ documentId: document.id, filename: document.filename, page: 2, network: "$30 copayment/visit", outOfNetwork: "Not covered" });
    expect((await tdb.repos.records.list(user.id, { kinds: ["definition"] })).map((r) => r.label)).toEqual(["Coinsurance"]);
    expect(await tdb.repos.records.list(user.id, { documentIds: [Bun.randomUUIDv7()] })).toEqual([]);
    expect(await tdb.repos.records.list(user.id, { limit: 2 })).toHaveLength(2);
    await expect(tdb.repos.records.list(user.id, { limit: 0 })).rejects.toThrow(RangeError);
  });

  test("search matches any stemmed word, label matches rank above notes", async () => {
    const { user } = await userWithRecords();
    const hits = await tdb.repos.records.search(user.id, "what does the emergency room cost?");
    expect(hits[0]?.label).toBe("Emergency room services");
    expect(hits[0]?.textRank).toBeGreaterThan(0);
    const ded = await tdb.repos.records.search(user.id, "deductibles");
    // The question's label says "deductible" (weight A); the ER row only in its notes (weight C).
    expect(ded.map((h) => h.label)).toEqual(["What is the overall deductible?", "Emergency room services"]);
    expect(await tdb.repos.records.search(user.id, "the of and")).toEqual([]);
  });

  test("replacing upserts by id and trims rows beyond the new count", async () => {
    const { user, document, rows } = await userWithRecords();
    await tdb.repos.records.replaceForDocument(user.id, document.id, "test@1", [{ ...rows[0]!, network: "$500 Individual" }]);
    const all = await tdb.repos.records.list(user.id);
    expect(all.map((r) => [r.ord, r.network])).toEqual([[0, "$500 Individual"]]);
    expect(await tdb.repos.records.countForDocument(user.id, document.id)).toBe(1);
  });

  test("listUnits returns every record without a limit; unitsVersion changes with the records and the plan name, not for another user", async () => {
    const { user, document, rows } = await userWithRecords();
    const other = await createTestUser(tdb.repos);
    expect((await tdb.repos.records.listUnits(user.id)).map((r) => r.label)).toEqual(rows.map((r) => r.label));
    expect(await tdb.repos.records.listUnits(other.id)).toEqual([]);
    const v1 = await tdb.repos.records.unitsVersion(user.id);
    expect(await tdb.repos.records.unitsVersion(user.id)).toBe(v1);
    const otherV = await tdb.repos.records.unitsVersion(other.id);
    await tdb.repos.records.replaceForDocument(user.id, document.id, "test@1", [{ ...rows[0]!, network: "$500 Individual" }]);
    const v2 = await tdb.repos.records.unitsVersion(user.id);
    expect(v2).not.toBe(v1);
    await tdb.repos.documents.setPlanName(user.id, document.id, "Acme Gold HMO");
    expect(await tdb.repos.records.unitsVersion(user.id)).not.toBe(v2);
    expect((await tdb.repos.records.listUnits(user.id))[0]?.planName).toBe("Acme Gold HMO");
    expect(await tdb.repos.records.unitsVersion(other.id)).toBe(otherV);
  });

  test("unitsVersionWithChunks is the chunks' and the records' versions in one read, and changes with either", async () => {
    const { user, document, rows } = await userWithRecords();
    const both = async () => `${await tdb.repos.chunks.unitsVersion(user.id, "test@1")}|${await tdb.repos.records.unitsVersion(user.id)}`;
    const v1 = await tdb.repos.records.unitsVersionWithChunks(user.id, "test@1");
    expect(v1).toBe(await both());
    await tdb.repos.records.replaceForDocument(user.id, document.id, "test@1", [{ ...rows[0]!, limitations: "Prior authorization required." }]);
    const v2 = await tdb.repos.records.unitsVersionWithChunks(user.id, "test@1");
    expect(v2).not.toBe(v1);
    expect(v2).toBe(await both());
    await tdb.repos.documents.delete(user.id, document.id);
    expect(await tdb.repos.records.unitsVersionWithChunks(user.id, "test@1")).toBe("0:0:0|0:0:0:0");
  });

  test("another user sees none of them, by list, search or count; deleting the document deletes its records", async () => {
    const { user, document } = await userWithRecords();
    const other = await createTestUser(tdb.repos);
    expect(await tdb.repos.records.list(other.id)).toEqual([]);
    expect(await tdb.repos.records.list(other.id, { documentIds: [document.id] })).toEqual([]);
    expect(await tdb.repos.records.search(other.id, "specialist emergency deductible")).toEqual([]);
    expect(await tdb.repos.records.countForDocument(other.id, document.id)).toBe(0);
    await tdb.repos.documents.delete(user.id, document.id);
    expect(await tdb.repos.records.countForDocument(user.id, document.id)).toBe(0);
  });

  test("a profile is stored; the owner's plan name survives re-ingestion; requeue only after a failure", async () => {
    const user = await createTestUser(tdb.repos);
    const { document, job } = await docWithJob(tdb.repos, user.id);
    const profile = { kind: "sbc" as const, planName: "30/1000 Deductible", planNameSource: "text" as const, insurer: "Kaiser Permanente", insurerSource: "text" as const, planType: "HMO", coveragePeriod: null, language: "en" };
    await tdb.repos.documents.setProfile(user.id, document.id, profile);
    expect(await tdb.repos.documents.get(user.id, document.id)).toMatchObject({ kind: "sbc", planName: "30/1000 Deductible", insurer: "Kaiser Permanente" });
    const other = await createTestUser(tdb.repos);
    expect(await tdb.repos.documents.setPlanName(other.id, document.id, "Mine")).toBeUndefined();
    expect(await tdb.repos.documents.setPlanName(user.id, document.id, "Kaiser Gold")).toMatchObject({ planName: "Kaiser Gold", planNameSource: "user" });
    await tdb.repos.documents.setProfile(user.id, document.id, profile);
    expect(await tdb.repos.documents.get(user.id, document.id)).toMatchObject({ planName: "Kaiser Gold", planNameSource: "user", insurer: "Kaiser Permanente" });
    expect(await tdb.repos.documents.requeueFailed(user.id, document.id, Bun.randomUUIDv7())).toBeUndefined();
    await tdb.repos.jobs.fail(job.id, { code: "no_text", message: "scan" });
    expect(await tdb.repos.documents.requeueFailed(other.id, document.id, Bun.randomUUIDv7())).toBeUndefined();
    const again = await tdb.repos.documents.requeueFailed(user.id, document.id, Bun.randomUUIDv7());
    expect(again).toMatchObject({ documentId: document.id, status: "queued" });
    expect(await tdb.repos.documents.get(user.id, document.id)).toMatchObject({ status: "queued", jobId: again!.id });
  });
});
