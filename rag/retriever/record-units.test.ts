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
});
