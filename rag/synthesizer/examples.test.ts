import { describe, expect, test } from "bun:test";
import type { RetrievedChunk } from "../types.ts";
import { asksAboutExample, COVERAGE_EXAMPLE_PENALTY, coverageExampleTest, demoteCoverageExamples } from "./examples.ts";
import { createExtractiveSynthesizer } from "./extractive.ts";
import { sentenceFeatures } from "./scoring.ts";
import type { Cand, Window } from "./select.ts";
import { basicSplitSentences } from "./sentences.ts";

const unit = (id: string, page: number, text: string, score: number, record?: RetrievedChunk["record"]): RetrievedChunk => ({
  chunkId: id, documentId: "sbc", filename: "UHC_SBC.pdf", ordinal: record ? -page : page, text, pageStart: page, pageEnd: page, similarity: score, score, ...(record ? { record } : {}),
});
const example = unit("record:ex", 7, "Coverage example: Having a baby (normal delivery) — Patient pays $750 (amount owed to providers $7,540; plan pays $6,790)", 0.9, {
  kind: "benefit", section: "Coverage Examples", label: "Coverage example: Having a baby (normal delivery)", network: "Patient pays $750 (amount owed to providers $7,540; plan pays $6,790)", outOfNetwork: null, limitations: null,
});
const examplePage = unit("sbc#7", 7, "Having a baby (normal delivery) Hospital charges (mother) $2,700. Hospital charges (baby) $900.", 0.85);
const row = unit("record:row", 4, "Delivery and all inpatient services — in network: $300 copay per admission; out of network: Not covered", 0.5, {
  kind: "benefit", section: "If you are pregnant", label: "Delivery and all inpatient services", network: "$300 copay per admission", outOfNetwork: "Not covered", limitations: null,
});
const cand = (c: RetrievedChunk, text = c.text): Cand => ({ chunk: c, rank: 0, idx: 0, text, start: 0, f: sentenceFeatures(text), isQuestion: false });

describe("asksAboutExample", () => {
  test("a question naming the example, in English or Spanish", () => {
    expect(asksAboutExample("In the having-a-baby coverage example, what does the patient pay?")).toBe(true);
    expect(asksAboutExample("¿Cuánto paga el paciente en el ejemplo de cobertura?")).toBe(true);
    expect(asksAboutExample("What does the sample bill for having a baby say the patient pays?")).toBe(true);
    expect(asksAboutExample("Our baby is due in March. What will the hospital part of the delivery cost us?")).toBe(false);
  });
});

describe("coverageExampleTest", () => {
  test("example records and prose on their pages; other pages and documents without example records are not", () => {
    const isExample = coverageExampleTest([example, examplePage, row]);
    expect(isExample(cand(example))).toBe(true);
    expect(isExample(cand(examplePage))).toBe(true);
    expect(isExample(cand(row))).toBe(false);
    expect(isExample(cand(unit("sbc#4", 4, "Delivery $300 copay.", 0.5)))).toBe(false);
    expect(coverageExampleTest([examplePage, row])(cand(examplePage))).toBe(false);
  });
});

describe("demoteCoverageExamples", () => {
  test("lowers windows made only of example sentences", () => {
    const isExample = coverageExampleTest([example, row]);
    const win = (sents: Cand[]): Window => ({ sents, terms: new Set(), values: new Set(), score: 1, adjacency: 0 });
    const ws = [win([cand(example)]), win([cand(example), cand(row)]), win([cand(row)])];
    demoteCoverageExamples(ws, isExample);
    expect(ws.map((w) => w.score)).toEqual([1 - COVERAGE_EXAMPLE_PENALTY, 1, 1]);
  });
});

describe("answers", () => {
  const synth = createExtractiveSynthesizer({ splitSentences: basicSplitSentences });
  test("what the member's own delivery costs comes from the plan's row, not the sample bill", async () => {
    const a = await synth.synthesize("We are having a baby. What will the hospital delivery cost us?", [example, examplePage, row]);
    expect(a.text).toContain("$300 copay per admission");
  });
  test("a question about the example is answered from it", async () => {
    const a = await synth.synthesize("In the having a baby coverage example, what does the patient pay for the delivery?", [example, examplePage, row]);
    expect(a.text).toContain("Patient pays $750");
  });
});
