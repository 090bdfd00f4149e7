import { describe, expect, test } from "bun:test";
import type { RecordCells, RetrievedChunk } from "../types.ts";
import { dropTableProse, isCellRun, stripCellMarkers } from "./cells.ts";
import { createExtractiveSynthesizer } from "./extractive.ts";
import { renderRecord } from "./records.ts";
import { sentenceFeatures } from "./scoring.ts";
import type { Cand } from "./select.ts";
import { basicSplitSentences } from "./sentences.ts";

// A made-up benefit grid page (not from any corpus document): rows of a plan's table.
const DOC = "grid";
const prose = (ordinal: number, text: string, score: number): RetrievedChunk => ({
  chunkId: `${DOC}#${ordinal}`, documentId: DOC, filename: "Grid_SBC.pdf", ordinal, text, pageStart: 3, pageEnd: 3, similarity: score, score, plan: "Grid Silver HMO",
});
const record = (id: string, r: RecordCells, score: number): RetrievedChunk => ({
  chunkId: `record:${id}`, documentId: DOC, filename: "Grid_SBC.pdf", ordinal: -1, pageStart: 3, pageEnd: 3, similarity: 0, score, plan: "Grid Silver HMO",
  text: `${r.label} — in network: ${r.network}; out of network: ${r.outOfNetwork}; ${r.limitations ?? ""}`, record: r,
});
const ambulance = record("amb", { kind: "benefit", section: null, label: "Ambulance transport", network: "$85 copayment/trip", outOfNetwork: "$85 copayment/trip", limitations: "After deductible." }, 0.9);
const sleep = record("sleep", { kind: "benefit", section: null, label: "Sleep study", network: "$140 copayment/test", outOfNetwork: "Not covered", limitations: "— none —" }, 0.3);
const run = prose(5, "If you need urgent help Walk-in clinic $120 copayment/visit After deductible Ambulance transport $85 copayment/trip After deductible Sleep study $140 copayment/test Not subject to deductible.", 0.8);

describe("stripCellMarkers", () => {
  test("removes empty-cell markers in their printed forms, keeping one full stop", () => {
    expect(stripCellMarkers("$20 copay — none — Urgent care")).toBe("$20 copay Urgent care");
    expect(stripCellMarkers("limit per member — none —.")).toBe("limit per member.");
    expect(stripCellMarkers("Pharmacy. — None —.")).toBe("Pharmacy.");
    expect(stripCellMarkers("none— Ambulance 5% —none— Clinic $5/visit —none")).toBe("Ambulance 5% Clinic $5/visit");
    expect(stripCellMarkers("x --------none-------- y")).toBe("x y");
  });
  test("leaves the word none in prose alone", () => {
    expect(stripCellMarkers("If none of these apply, call us.")).toBe("If none of these apply, call us.");
  });
});

describe("isCellRun", () => {
  test("a run of grid cells is one; a sentence with amounts is not", () => {
    expect(isCellRun(run.text)).toBe(true);
    expect(isCellRun("Specialist visit $45 copay — None — Not covered")).toBe(true);
    expect(isCellRun("For example, if the allowed amount for a stay is $1,000, your coinsurance payment of 20% would be $200.")).toBe(false);
    expect(isCellRun("You pay a $180 copayment for each one-way trip. Prior authorization rules apply.")).toBe(false);
  });
});

describe("dropTableProse", () => {
  const cand = (c: RetrievedChunk, rank: number): Cand => ({ chunk: c, rank, idx: 0, text: c.text, start: 0, f: sentenceFeatures(c.text), isQuestion: false });
  const weights = (q: string) => new Map([...sentenceFeatures(q).terms].map((t) => [t, 1]));

  test("a cell run of a document whose record is quoted is dropped when it adds nothing asked", () => {
    const picked = new Set([cand(ambulance, 0), cand(run, 1)]);
    dropTableProse(picked, [ambulance, run, sleep], weights("ambulance transport"), 0.12);
    expect([...picked].map((c) => c.chunk.chunkId)).toEqual(["record:amb"]);
  });

  test("the row of the run the question names is rendered from its record instead", () => {
    const picked = new Set([cand(ambulance, 0), cand(run, 1)]);
    dropTableProse(picked, [ambulance, run, sleep], weights("ambulance transport and sleep study"), 0.12);
    expect([...picked].map((c) => c.chunk.chunkId).sort()).toEqual(["record:amb", "record:sleep"]);
  });

  test("a row of the page as printed (label and both cost cells) is dropped though it holds one amount", () => {
    const brand = record("brand", { kind: "benefit", section: null, label: "Brand drugs", network: "$30 copayment/ prescription", outOfNetwork: "Not covered", limitations: null }, 0.2);
    const row = prose(7, "Brand drugs $30 copayment/ prescription Not covered Same as generic drugs when approved by exception.", 0.7);
    const picked = new Set([cand(ambulance, 0), cand(row, 1)]);
    dropTableProse(picked, [ambulance, row, brand], weights("ambulance transport"), 0.12);
    expect([...picked].map((c) => c.chunk.chunkId)).toEqual(["record:amb"]);
  });

  test("without a quoted record of that document, the passage stays", () => {
    const picked = new Set([cand(run, 0)]);
    dropTableProse(picked, [run, ambulance, sleep], weights("ambulance transport"), 0.12);
    expect(picked.size).toBe(1);
  });
});

describe("answers with records and table text", () => {
  const synth = createExtractiveSynthesizer({ splitSentences: basicSplitSentences });
  test("the record answer is not followed by the jumbled cells of its page", async () => {
    const a = await synth.synthesize("What does ambulance transport cost?", [ambulance, run, sleep]);
    expect(a.text).toContain("Ambulance transport: $85 copayment/trip in network");
    expect(a.text).not.toContain("Walk-in clinic");
    expect(a.text).not.toContain("$120");
  });

  test("no empty-cell marker reaches an answer", async () => {
    const marked = prose(6, "Clinic visits for members cost $35 each time. — none — Clinic visits need no referral.", 0.8);
    const a = await synth.synthesize("How much are clinic visits?", [marked]);
    expect(a.text).toContain("$35");
    expect(a.text.toLowerCase()).not.toContain("none");
    expect(renderRecord({ kind: "benefit", section: null, label: "Eye exam", network: "No charge", outOfNetwork: "— none — — none —", limitations: "Limited to one exam. — none —" }, new Map())).toBe("Eye exam: No charge. Limited to one exam.");
  });
});
