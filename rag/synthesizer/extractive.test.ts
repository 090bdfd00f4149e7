import { describe, expect, test } from "bun:test";
import type { RetrievedChunk } from "../types.ts";
import { createExtractiveSynthesizer } from "./extractive.ts";
import { ANSWER_PREFIX_ES, NOT_FOUND_TEXT, NOT_FOUND_TEXT_ES } from "./options.ts";
import { pageAtOffset } from "./pages.ts";
import { basicSplitSentences } from "./sentences.ts";

const chunk = (ordinal: number, text: string, pageStart: number, pageEnd: number, similarity = 0.4, documentId = "doc-1"): RetrievedChunk => ({
  chunkId: `${documentId}#${ordinal}`, documentId, filename: `${documentId}.pdf`, ordinal, text, pageStart, pageEnd, similarity, score: similarity,
});

const chunks = [
  chunk(7, "Ambulance services are covered when medically necessary. You pay a $180 copayment for each one-way trip. Prior authorization rules apply.", 61, 61, 0.45),
  chunk(3, "Hearing aids are covered every 12 months. You pay $550 per aid for Advanced models.\fThe hearing exam costs $0. Call 1-800-559-3500 (TTY 711) for help.", 74, 75, 0.3),
  chunk(9, "Members should keep their ID card with them. The plan premium is $0 each month.", 12, 12, 0.2),
];

describe("createExtractiveSynthesizer", () => {
  const synth = createExtractiveSynthesizer({ splitSentences: basicSplitSentences });

  test("answers with the relevant sentence and a citation to its chunk and page", async () => {
    const a = await synth.synthesize("What do I pay for an ambulance?", chunks);
    expect(a.found).toBe(true);
    expect(a.provider).toBe("extractive");
    expect(a.text).toContain("$180");
    expect(a.text).toMatch(/\[1\]/);
    expect(a.citations[0]).toMatchObject({ index: 1, documentId: "doc-1", filename: "doc-1.pdf", page: 61, chunkOrdinal: 7 });
    expect(a.text).not.toContain("ID card");
  });

  test("maps a sentence after a page break to the later page", async () => {
    const a = await synth.synthesize("What phone number do I call for help?", chunks);
    expect(a.text).toContain("1-800-559-3500");
    const cit = a.citations.find((c) => c.text.includes("1-800-559-3500"));
    expect(cit?.page).toBe(75);
    expect(a.text).toContain(`[${cit?.index}]`);
  });

  test("pageAtOffset: form feeds are exact, otherwise proportional, always within range", () => {
    expect(pageAtOffset({ text: "a\fb\fc", pageStart: 3, pageEnd: 5 }, 4)).toBe(5);
    expect(pageAtOffset({ text: "x".repeat(100), pageStart: 3, pageEnd: 4 }, 10)).toBe(3);
    expect(pageAtOffset({ text: "x".repeat(100), pageStart: 3, pageEnd: 4 }, 90)).toBe(4);
    expect(pageAtOffset({ text: "x", pageStart: 8, pageEnd: 8 }, 50)).toBe(8);
  });

  test("not found without candidates", async () => {
    expect(await synth.synthesize("What does a hearing aid cost?", [])).toEqual({ text: NOT_FOUND_TEXT, found: false, citations: [], provider: "extractive" });
  });

  test("not found below a set similarity threshold, on no chunks, and in Spanish for Spanish questions", async () => {
    const low = chunks.map((c) => ({ ...c, similarity: 0.01, score: 0.01 }));
    const gated = createExtractiveSynthesizer({ splitSentences: basicSplitSentences, similarityThreshold: 0.05 });
    expect((await gated.synthesize("What do I pay for an ambulance?", low)).found).toBe(false);
    // without a threshold the candidates are taken as admitted by the retriever
    expect((await synth.synthesize("What do I pay for an ambulance?", low)).found).toBe(true);
    expect((await synth.synthesize("What do I pay for an ambulance?", [])).found).toBe(false);
    expect((await synth.synthesize("¿Cuánto cuesta un audífono?", [])).text).toBe(NOT_FOUND_TEXT_ES);
  });

  test("answers in the `language` asked for: Spanish frames the quoted passages, facts and citations unchanged", async () => {
    const english = await synth.synthesize("What do I pay for an ambulance?", chunks, { language: "en" });
    const spanish = await synth.synthesize("What do I pay for an ambulance?", chunks, { language: "es" });
    expect(english.text.startsWith(ANSWER_PREFIX_ES)).toBe(false);
    // English names the document; Spanish opens with a Spanish lead saying the quote is in English
    expect(english.text).toStartWith("doc-1.pdf: ");
    expect(spanish.text).toBe(`${ANSWER_PREFIX_ES}doc-1.pdf, en inglés: ${english.text.slice("doc-1.pdf: ".length)}`);
    expect(spanish.citations).toEqual(english.citations);
    // A Spanish question without a language option is answered in Spanish; "en" overrides it.
    const asked = await synth.synthesize("¿Cuánto cuesta el viaje en ambulancia?", chunks);
    expect(asked.text.startsWith(ANSWER_PREFIX_ES)).toBe(true);
    expect(asked.text).toContain("$180");
    expect((await synth.synthesize("¿Cuánto cuesta un audífono?", [], { language: "en" })).text).toBe(NOT_FOUND_TEXT);
    expect((await synth.synthesize("What does a hearing aid cost?", [], { language: "es" })).text).toBe(NOT_FOUND_TEXT_ES);
    const pieces: string[] = [];
    await synth.synthesize("What do I pay for an ambulance?", chunks, { language: "es", onDelta: (p) => pieces.push(p) });
    expect(pieces.join("")).toBe(spanish.text);
  });

  test("answer is short: at most maxSentences sentences", async () => {
    const a = await createExtractiveSynthesizer({ splitSentences: basicSplitSentences, maxSentences: 2 }).synthesize("What do hearing aids cost?", chunks);
    expect(basicSplitSentences(a.text.replace(/ \[\d+\]/g, "")).length).toBeLessThanOrEqual(2);
    expect(a.text).toContain("$550");
    const one = await createExtractiveSynthesizer({ splitSentences: basicSplitSentences, maxSentences: 1 }).synthesize("What do hearing aids cost?", chunks);
    expect(basicSplitSentences(one.text.replace(/ \[\d+\]/g, "")).length).toBe(1);
  });

  test("options are validated", () => {
    expect(() => createExtractiveSynthesizer({ maxSentences: 0 })).toThrow(RangeError);
    expect(() => createExtractiveSynthesizer({ similarityThreshold: 3 })).toThrow(RangeError);
    expect(() => createExtractiveSynthesizer({ numericBonus: -1 })).toThrow(RangeError);
  });
});

describe("sentencePieces (streaming the extractive answer)", () => {
  const synth = createExtractiveSynthesizer({ splitSentences: basicSplitSentences });
  test("one piece per sentence, concatenating to the text", async () => {
    const { sentencePieces } = await import("./render.ts");
    const text = "The deductible is $1,500. [1] Specialists need a referral [2] Copays apply! Done";
    const pieces = sentencePieces(text);
    expect(pieces.join("")).toBe(text);
    expect(pieces).toEqual(["The deductible is $1,500. [1] ", "Specialists need a referral [2] ", "Copays apply! ", "Done"]);
    expect(sentencePieces("")).toEqual([""]);
    expect(sentencePieces("$170.50 is the copay.")).toEqual(["$170.50 is the copay."]);
  });

  test("synthesize streams the answer through onDelta", async () => {
    const pieces: string[] = [];
    const answer = await synth.synthesize("What do hearing aids cost?", chunks, { onDelta: (t) => pieces.push(t) });
    expect(pieces.length).toBeGreaterThanOrEqual(1);
    expect(pieces.join("")).toBe(answer.text);
  });
});

describe("record answers", () => {
  const synth = createExtractiveSynthesizer({ splitSentences: basicSplitSentences });
  const rec: RetrievedChunk = {
    chunkId: "record:r1", documentId: "sbc", filename: "Acme_SBC.pdf", ordinal: -2, pageStart: 2, pageEnd: 2, similarity: 0, score: 0.9, plan: "Acme Gold PPO",
    text: "Specialist visit — in network: $45 copay; out of network: 40% coinsurance; Referral required.",
    record: { kind: "benefit", section: null, label: "Specialist visit", network: "$45 copay", outOfNetwork: "40% coinsurance", limitations: "Referral required." },
  };
  const echo: RetrievedChunk = { ...chunk(4, "— None — Specialist visit $45 copay 40% coinsurance Not covered.", 2, 2, 0.5, "sbc"), filename: "Acme_SBC.pdf" };

  test("a record is answered value first from its cells, naming the plan and the file, cited to its page", async () => {
    const a = await synth.synthesize("How much is a specialist visit?", [rec, echo]);
    expect(a.text).toBe("Acme Gold PPO (Acme_SBC.pdf): Specialist visit: $45 copay in network; out of network, 40% coinsurance. Referral required. [1]");
    expect(a.citations[0]).toMatchObject({ filename: "Acme_SBC.pdf", page: 2 });
  });

  test("in Spanish: Spanish sentence around the cells as printed", async () => {
    const a = await synth.synthesize("¿Cuánto cuesta ver a un especialista?", [rec, echo]);
    expect(a.text).toStartWith(`${ANSWER_PREFIX_ES}Acme Gold PPO (Acme_SBC.pdf): Specialist visit: $45 copay dentro de la red; fuera de la red, 40% coinsurance.`);
  });
});


describe("an e-mail question", () => {
  test("the sentence after the topic's that gives the e-mail address is added", async () => {
    const synth = createExtractiveSynthesizer({ splitSentences: basicSplitSentences });
    const text = "12. Yearly Wellness Screening After each renewal you are entitled to a yearly wellness screening. The screening is arranged at a partner clinic. Requests go to screening.desk@example-insurer.co.in.";
    const a = await synth.synthesize("Which email do I use to book the yearly wellness screening?", [
      { chunkId: "d#1", documentId: "d", filename: "d.pdf", ordinal: 1, text, pageStart: 4, pageEnd: 4, similarity: 0.8, score: 0.8 },
    ]);
    expect(a.text).toContain("screening.desk@example-insurer.co.in");
  });
});

describe("a quoted sentence opening with a demonstrative", () => {
  test("brings the sentence it refers to", async () => {
    const synth = createExtractiveSynthesizer({ splitSentences: basicSplitSentences });
    const text = "Members with five or more prescriptions may join. Our service is called the MedCheck Desk. This program is voluntary and free of charge for every member. Reviews are held by phone.";
    const a = await synth.synthesize("Is there a free, voluntary pharmacist review of my pills?", [chunk(3, text, 9, 9, 0.8)]);
    expect(a.text).toContain("MedCheck Desk");
    expect(a.text).toContain("This program is voluntary");
  });
});

describe("a quoted list item", () => {
  test("is kept, however short, and read under its list's heading (list-leads.ts)", async () => {
    const synth = createExtractiveSynthesizer({ splitSentences: basicSplitSentences });
    const list = chunk(4, "Specified disease or procedure waiting period applies as below. ii. One year waiting perioda. Tonsillectomy b. Adenoidectomy iii. Two years waiting perioda. Cataract b. Benign prostatic hypertrophy c. Sinusitis d. Polycystic ovarian disease e. Gout f. Hernia g. Hydrocele h. Piles", 10, 10, 0.5, "policy");
    const other = chunk(9, "Claims must be notified within 30 days of discharge from hospital.", 14, 14, 0.2, "policy");
    const a = await synth.synthesize("I need hernia surgery. How long until the policy pays for it?", [list, other]);
    expect(a.text).toContain("Hernia");
    expect(a.text).toContain("Two years waiting period");
  });
});
