import { describe, expect, test } from "bun:test";
import { createHashedEmbedder } from "../embeddings/index.ts";
import { RECORD_UNIT_ID_PREFIX, type RecordSource, type RecordUnitInput, recordUnit, withRecordUnits } from "./record-units.ts";
import { createRetriever } from "./retriever.ts";
import type { UnitSource } from "./unit-cache.ts";

const embedder = createHashedEmbedder();
const chunk = (ordinal: number, text: string, page: number) => ({ chunkId: `c${ordinal}`, documentId: "d1", filename: "SBC_Plan.pdf", ordinal, text, pageStart: page, pageEnd: page });
const record = (ord: number, label: string, network: string, page: number): RecordUnitInput => ({
  id: `r${ord}`, ord, documentId: "d1", filename: "SBC_Plan.pdf", kind: "benefit", label, network, outOfNetwork: "40% coinsurance", limitations: null, page,
});

describe("record units", () => {
  test("a record is one unit: value-first text, its page, its label, an ordinal no chunk neighbours", () => {
    const u = recordUnit(record(3, "Specialist visit", "$45 copay", 2));
    expect(u).toMatchObject({ chunkId: `${RECORD_UNIT_ID_PREFIX}r3`, pageStart: 2, pageEnd: 2, label: "Specialist visit" });
    expect(u.text).toBe("Specialist visit — in network: $45 copay; out of network: 40% coinsurance");
    expect(u.ordinal).toBeLessThan(0);
    expect(Math.abs(recordUnit(record(4, "x", "y", 2)).ordinal - u.ordinal)).toBeGreaterThan(1);
  });

  test("an SBC grid row's text ends with its common medical event; a fixed caption is not added", () => {
    const stay = recordUnit({ ...record(5, "Facility fee (e.g., hospital room)", "$450 per day", 3), section: "If you have a hospital stay" });
    expect(stay.text).toBe("Facility fee (e.g., hospital room) — in network: $450 per day; out of network: 40% coinsurance (If you have a hospital stay)");
    const chart = recordUnit({ ...record(6, "Ambulance services", "$180 copayment", 70), outOfNetwork: null, section: "Medical Benefits Chart" });
    expect(chart.text).toBe("Ambulance services — $180 copayment");
  });

  test("the fusion retriever finds a record beside the chunks, per user, and rebuilds when records change", async () => {
    const byUser: Record<string, RecordUnitInput[]> = { a: [record(0, "Specialist visit", "$45 copay", 2)], b: [] };
    const chunks: UnitSource = {
      version: async () => "1",
      load: async () => [chunk(0, "Welcome to your plan. Call member services with questions.", 1), chunk(1, "Emergency room care costs a $250 copay.", 3)],
    };
    const records: RecordSource = { version: async (u) => String(byUser[u]?.length ?? 0), list: async (u) => byUser[u] ?? [] };
    const r = createRetriever({ embedder, search: async () => [], units: withRecordUnits(chunks, records) }, { similarityThreshold: 0.1, mode: "fusion" });
    const a = await r.retrieve("a", "how much is a specialist visit?");
    expect(a.chunks[0]).toMatchObject({ chunkId: `${RECORD_UNIT_ID_PREFIX}r0`, pageStart: 2, filename: "SBC_Plan.pdf" });
    const b = await r.retrieve("b", "how much is a specialist visit?");
    expect(b.chunks.some((c) => c.chunkId.startsWith(RECORD_UNIT_ID_PREFIX))).toBe(false);
    byUser.b = [record(0, "Specialist visit", "$60 copay", 4)];
    const b2 = await r.retrieve("b", "how much is a specialist visit?");
    expect(b2.chunks[0]).toMatchObject({ pageStart: 4, text: expect.stringContaining("$60 copay") });
  });

  test("a question naming a plan beyond doubt ranks inside it as when the member owns that plan alone", async () => {
    // Member with a long EOC and an SBC whose records all carry the plan name "Acme Gold 30/1000 Deductible".
    const eoc = Array.from({ length: 30 }, (_, i) => ({ chunkId: `e${i}`, documentId: "eoc", filename: "member_eoc.pdf", ordinal: i, text: i % 3 ? `Section ${i}: your costs for covered services, the deductible and copays. Permanent rules apply.` : `Chapter ${i} appeals and grievances, member rights.`, pageStart: i + 1, pageEnd: i + 1 }));
    const sbc = { chunkId: "s0", documentId: "sbc", filename: "SBC_Acme.pdf", ordinal: 0, text: "Coverage examples for a sample situation: costs, copays, limits.", pageStart: 8, pageEnd: 8 };
    const rec = (ord: number, label: string, network: string): RecordUnitInput => ({ id: `a${ord}`, ord, documentId: "sbc", filename: "SBC_Acme.pdf", kind: "question", label, network, outOfNetwork: null, limitations: null, page: 1, planName: "Acme Gold 30/1000 Deductible" });
    const records = [rec(0, "Are there services this plan doesn't cover?", "Yes"), rec(1, "Is there an overall annual limit on what the plan pays?", "No"), rec(2, "What is the overall deductible?", "$1,000 Individual/$2,000 Family"), rec(3, "Do you need a referral to see a specialist?", "Yes")];
    const question = "What is the deductible on the Acme Gold 30/1000 Deductible plan?";
    const ids = async (load: () => Promise<typeof eoc>, opts: Partial<Parameters<typeof createRetriever>[1]> = {}) => {
      const units = withRecordUnits({ version: async () => "1", load }, { version: async () => "1", list: async () => records });
      const r = createRetriever({ embedder, search: async () => [], units }, { similarityThreshold: 0.1, mode: "fusion", ...opts });
      return (await r.retrieve("u", question)).chunks.map((c) => c.chunkId);
    };
    const library = await ids(async () => [...eoc, sbc]);
    const alone = await ids(async () => [sbc]);
    expect(library).toEqual(alone);
    expect(library.slice(0, 5)).toContain(`${RECORD_UNIT_ID_PREFIX}a2`);
    expect(library.some((id) => id.startsWith("e"))).toBe(false);
    // Without the own index, the library's statistics rank it: the EOC is still kept out (the plan is named), the order differs.
    const shared = await ids(async () => [...eoc, sbc], { decisiveOwnIndex: false });
    expect(shared.some((id) => id.startsWith("e"))).toBe(false);
    expect(shared).not.toEqual(alone);
  });
});
