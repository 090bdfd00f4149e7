import { describe, expect, test } from "bun:test";
import type { RetrievedChunk } from "../types.ts";
import { createExtractiveSynthesizer } from "./extractive.ts";
import { basicSplitSentences } from "./sentences.ts";

const chunk = (ordinal: number, text: string, page: number, score: number): RetrievedChunk => ({
  chunkId: `doc#${ordinal}`, documentId: "doc", filename: "doc.pdf", ordinal, text, pageStart: page, pageEnd: page, similarity: score, score,
});

describe("questions with several asks", () => {
  const synth = createExtractiveSynthesizer({ splitSentences: basicSplitSentences });
  test("an ask whose best passage another ask already quotes gets its own passage when that scores near it", async () => {
    const chunks = [
      chunk(1, "Maternity cover pays up to INR 50,000 for a caesarean section delivery; deliveries are limited over the policy lifetime.", 4, 0.9),
      chunk(2, "Ambulance cover pays up to INR 2,000 per hospitalisation. Room rent is paid up to 1% of the sum insured.", 5, 0.6),
      chunk(3, "The policy covers 2 deliveries during its lifetime.", 9, 0.5),
    ];
    const a = await synth.synthesize("How much does maternity cover pay for a caesarean section, and how many deliveries does the policy cover during its lifetime?", chunks);
    expect(a.text).toContain("INR 50,000");
    expect(a.text).toContain("2 deliveries");
    expect(a.text).not.toContain("Ambulance");
  });
});
