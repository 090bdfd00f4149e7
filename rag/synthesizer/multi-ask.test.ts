import { describe, expect, test } from "bun:test";
import { COVERAGE_EXAMPLES_SECTION } from "../documents/coverage-examples.ts";
import type { RetrievedChunk } from "../types.ts";
import { createExtractiveSynthesizer } from "./extractive.ts";
import { OTHER_ASK_TERM_SHARE } from "./asks.ts";
import { ASK_CONTEXT_TERM_SHARE, askFocusWeights, askingClause } from "./ask-focus.ts";
import { ASK_RECORD_LABEL_BONUS, ASK_RECORD_RANKS, askIntent, labelled, phoneAnswered, valueWindows } from "./multi-ask.ts";
import { sentenceFeatures } from "./scoring.ts";
import type { Cand, Window } from "./select.ts";
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

describe("an ask answered by a record ranked below the quoted passages", () => {
  const synth = createExtractiveSynthesizer({ splitSentences: basicSplitSentences, maxChunks: 2 });
  const record = (ordinal: number, doc: string, label: string, value: string, score: number): RetrievedChunk => ({
    chunkId: `rec:${doc}#${ordinal}`, documentId: doc, filename: `${doc}.pdf`, ordinal, text: `${label} — ${value}`, pageStart: 1, pageEnd: 1, similarity: score, score,
    record: { kind: "question", section: "Important Questions", label, network: value, outOfNetwork: null, limitations: null },
  });
  const chunks = [
    { ...record(900, "doc", "Lab work (blood tests, urine tests)", "$15 copay per test after deductible", 0.9), record: { kind: "benefit" as const, section: "If you have a test", label: "Lab work (blood tests, urine tests)", network: "$15 copay per test", outOfNetwork: null, limitations: "After deductible" } },
    chunk(2, "If you have a test, lab work is billed per test after the deductible. Urine tests are lab work.", 2, 0.8),
    chunk(3, "Hearing aids are not covered.", 6, 0.4),
    record(901, "other", "What is the overall deductible?", "$9,999 person", 0.35),
    record(902, "doc", "What is the overall deductible?", "$700 person / $1,400 family", 0.3),
  ];
  test("the ask's own best passage, judged by its own words, comes from the later record of the same document", async () => {
    const a = await synth.synthesize("Do blood tests count against the deductible, and how big is that deductible?", chunks);
    expect(a.text).toContain("$15 copay per test");
    expect(a.text).toContain("$700 person / $1,400 family");
    expect(a.text).not.toContain("$9,999");
  });
  test("a question with one ask does not reach below the quoted passages", async () => {
    const a = await synth.synthesize("Do blood tests count against the deductible?", chunks);
    expect(a.text).not.toContain("$700 person");
  });
});

describe("a phone ask already answered", () => {
  test("a quoted phone number answers 'who do I call?': no passage of its own is added", async () => {
    const synth = createExtractiveSynthesizer({ splitSentences: basicSplitSentences });
    const chunks = [
      chunk(1, "If the courier does not arrive within 15 minutes, call Courier Desk at 1-800-555-0142 to send another courier.", 3, 0.9),
      chunk(5, "To ask who to call about anything else, call the main office at 1-800-555-0199.", 8, 0.5),
    ];
    const a = await synth.synthesize("The courier is late. How long do I wait before calling, and who do I call?", chunks);
    expect(a.text).toContain("1-800-555-0142");
    expect(a.text).not.toContain("1-800-555-0199");
  });
});

describe("each ask scored over the records retrieved just below the quoted passages", () => {
  const synth = createExtractiveSynthesizer({ splitSentences: basicSplitSentences, maxChunks: 2, maxSentences: 1 });
  const row = (ordinal: number, label: string, value: string, score: number): RetrievedChunk => ({
    chunkId: `rec:doc#${ordinal}`, documentId: "doc", filename: "doc.pdf", ordinal, text: `${label} — ${value}`, pageStart: 1, pageEnd: 1, similarity: score, score,
    record: { kind: "question", section: "Important Questions", label, network: value, outOfNetwork: null, limitations: null },
  });
  const filler = (n: number, from: number) => Array.from({ length: n }, (_, i) => chunk(100 + i, `Hearing aids and eyeglasses are described in section ${i + 1}.`, 8, from - i * 0.01));
  const base = [
    chunk(1, "Urgent care visits cost a $40 copay per visit at participating providers.", 5, 0.9),
    chunk(2, "Participating providers are listed online. Deductible amounts for one person are explained in the policy booklet.", 5, 0.8),
  ];
  const q = "What does urgent care cost, and what is the overall deductible for one person?";
  test("the deductible row ranked 4th answers the deductible ask, not a passage that only names the deductible", async () => {
    const a = await synth.synthesize(q, [...base, ...filler(1, 0.5), row(900, "What is the overall deductible?", "$250 single / $750 family", 0.3)]);
    expect(a.text).toContain("$40 copay per visit");
    expect(a.text).toContain("$250 single");
    expect(a.text).not.toContain("policy booklet");
  });
  test("a row ranked below ASK_RECORD_RANKS is not reached for", async () => {
    const a = await synth.synthesize(q, [...base, ...filler(ASK_RECORD_RANKS, 0.5), row(900, "What is the overall deductible?", "$250 single / $750 family", 0.01)]);
    expect(a.text).toContain("$40 copay per visit");
    expect(a.text).not.toContain("$250 single");
  });
});

describe("a single ask naming two services, the second one's passage retrieved below the chunks kept", () => {
  const synth = createExtractiveSynthesizer({ splitSentences: basicSplitSentences, maxChunks: 2 });
  const q = "My husband was in the hospital for 5 days and then went to a skilled nursing facility for 25 days. What is the charge per day?";
  const chunks = [
    chunk(1, "Skilled nursing facility care: you pay a $0 copayment per day for days 1-20 and a $75 copayment per day for days 21-100.", 98, 0.9),
    chunk(7, "Skilled nursing facility care is covered for up to 100 days per benefit period.", 99, 0.8),
    chunk(20, "Hearing aids are covered once every 3 years.", 74, 0.5),
    chunk(30, "Inpatient hospital care: you pay a $100 copayment per day for days 1-5 in the hospital.", 79, 0.4),
  ];
  test("the hospital-stay passage ranked 4th is quoted beside the skilled nursing passage", async () => {
    const a = await synth.synthesize(q, chunks);
    expect(a.text).toContain("$75 copayment per day");
    expect(a.text).toContain("$100 copayment per day");
    expect(a.text).not.toContain("Hearing aids");
  });
});

describe("the question as the analysis read it", () => {
  test("a misspelt value word the analysis corrected ('deductable') still asks for the value", async () => {
    const { createQuestionAnalyzer } = await import("../query/analyze.ts");
    const synth = createExtractiveSynthesizer({ splitSentences: basicSplitSentences });
    const question = "What's the deductable with preferred providers, and does it apply to generic drugs?";
    const row = (ordinal: number, label: string, network: string, score: number): RetrievedChunk => ({
      chunkId: `rec:doc#${ordinal}`, documentId: "doc", filename: "doc.pdf", ordinal, text: `${label} — ${network}`, pageStart: 1, pageEnd: 1, similarity: score, score,
      record: { kind: "question", section: "Important Questions", label, network, outOfNetwork: null, limitations: null },
    });
    const chunks = [
      row(1, "Are there other deductibles for specific services?", "Does not apply to preventive care or generic drugs. No. For preferred providers", 0.9),
      chunk(2, "Important Questions Answers Why this Matters: This is only a summary of preferred providers and generic drugs.", 1, 0.85),
      row(3, "What is the overall deductible?", "For preferred providers $310 person / $620 family For non-preferred providers $700 person", 0.6),
    ];
    const a = await synth.synthesize(question, chunks, { analysis: createQuestionAnalyzer().analyze(question) });
    expect(a.text).toContain("$310 person / $620 family");
  });
});

describe("labelled: a row named by the ask", () => {
  const unit = (label: string | undefined): RetrievedChunk => ({
    chunkId: "c", documentId: "d", filename: "d.pdf", ordinal: 1, text: "", pageStart: 1, pageEnd: 1, similarity: 0.5, score: 0.5,
    ...(label ? { record: { kind: "question" as const, section: "Rows", label, network: "$5", outOfNetwork: null, limitations: null } } : {}),
  });
  const win = (label: string | undefined, n = 1): Window => ({
    sents: Array.from({ length: n }, (_, i) => ({ chunk: unit(label), rank: 0, idx: i, text: "x", start: 0, f: sentenceFeatures("x"), isQuestion: false })),
    terms: new Set(), values: new Set(), score: 1, adjacency: 0,
  });
  const terms = (l: string) => sentenceFeatures(l).terms;
  const aw = new Map([["locker", 2], ["fee", 1], ["gym", 0.5]]);
  test("a one-row window gains the bonus by the share of the ask's weight its label covers", () => {
    const [named, setting, prose] = labelled([win("What is the locker fee?"), win("Gym hours"), win(undefined)], aw, terms);
    expect(named?.score).toBeCloseTo(1 + ASK_RECORD_LABEL_BONUS * (3 / 3.5));
    expect(setting?.score).toBeCloseTo(1 + ASK_RECORD_LABEL_BONUS * (0.5 / 3.5));
    expect(prose?.score).toBe(1);
  });
  test("windows of several sentences, or without label terms, are left as they are", () => {
    const [two] = labelled([win("What is the locker fee?", 2)], aw, terms);
    expect(two?.score).toBe(1);
    const [row] = labelled([win("What is the locker fee?")], aw, undefined);
    expect(row?.score).toBe(1);
  });
});

describe("phoneAnswered", () => {
  const chunk: RetrievedChunk = { chunkId: "c", documentId: "d", filename: "d.pdf", ordinal: 1, text: "", pageStart: 1, pageEnd: 1, similarity: 0.5, score: 0.5 };
  const cand = (text: string, idx: number): Cand => ({ chunk, rank: 0, idx, text, start: 0, f: sentenceFeatures(text), isQuestion: false });
  test("a passage answers a phone ask when one of its sentences holds a phone number", () => {
    const win = (...texts: string[]): Window => ({ sents: texts.map(cand), terms: new Set(), values: new Set(), score: 1, adjacency: 0 });
    expect(phoneAnswered(win("Call the enrollment desk at 1-800-555-0134."))).toBe(true);
    expect(phoneAnswered(win("Sign up with the enrollment desk.", "Hours are 8 a.m. to 8 p.m."))).toBe(false);
  });
});

describe("valueWindows", () => {
  const chunk1: RetrievedChunk = { chunkId: "c", documentId: "d", filename: "d.pdf", ordinal: 1, text: "", pageStart: 1, pageEnd: 1, similarity: 0.5, score: 0.5 };
  const win = (score: number, ...texts: string[]): Window => ({
    sents: texts.map((text, idx): Cand => ({ chunk: chunk1, rank: 0, idx, text, start: 0, f: sentenceFeatures(text), isQuestion: false })),
    terms: new Set(), values: new Set(), score, adjacency: 0,
  });
  const callUs = win(1.2, "If your pass is lost, call the front desk and we will print a new one.");
  const number = win(0.5, "Front desk: call 1-800-555-0177, calls are free.");
  const address = win(0.4, "Send the form to P.O. Box 4410, Springfield, IL 62704.");
  test("a phone ask keeps the passages giving a phone number, best first", () => {
    expect(valueWindows([callUs, number, address], { phone: true })).toEqual([number]);
  });
  test("a postal ask keeps the passages giving a postal address", () => {
    expect(valueWindows([callUs, number, address], { phone: false, postal: true })).toEqual([address]);
  });
  test("no passage gives the value, or no such value asked: all passages", () => {
    expect(valueWindows([callUs], { phone: true })).toEqual([callUs]);
    expect(valueWindows([callUs, number], { phone: false })).toEqual([callUs, number]);
    expect(valueWindows([win(0, "Call 1-800-555-0100.")], { phone: true })).toHaveLength(1);
  });
});

describe("askIntent", () => {
  const none = { phone: false, numeric: false, money: false, duration: false, count: false, contact: false, postal: false };
  const money = { ...none, numeric: true, money: true };
  test("a yes/no ask asks for no value, though it has a value cue of its own ('pay')", () => {
    expect(askIntent("does what we pay for it count toward the out-of-pocket max?", money, money).numeric).toBe(false);
    expect(askIntent("is there a copay for the first visit?", money, money).numeric).toBe(false);
  });
  test("a yes/no phone ask keeps its phone kind; a question-word ask keeps its own cue, else the whole question's", () => {
    const phone = { ...none, phone: true };
    expect(askIntent("can I call someone at night?", phone, money)).toEqual(phone);
    expect(askIntent("what do I pay for the visit?", money, none)).toEqual(money);
    expect(askIntent("which pharmacy do I use?", none, money)).toEqual(money);
  });
});

describe("an ask not about a coverage example", () => {
  const synth = createExtractiveSynthesizer({ splitSentences: basicSplitSentences, maxSentences: 1 });
  const rec = (ordinal: number, page: number, score: number, record: NonNullable<RetrievedChunk["record"]>): RetrievedChunk => ({
    chunkId: `rec:sbc#${ordinal}`, documentId: "sbc", filename: "sbc.pdf", ordinal, text: `${record.label} — ${record.network} ${record.limitations ?? ""}`, pageStart: page, pageEnd: page, similarity: score, score, record,
  });
  const chunks = [
    rec(100, 4, 0.9, { kind: "benefit", section: "If you are pregnant", label: "Delivery and all inpatient services", network: "$300 copay per admission", outOfNetwork: "Not covered", limitations: null }),
    rec(300, 7, 0.8, { kind: "benefit", section: COVERAGE_EXAMPLES_SECTION, label: "Coverage example: Having a baby (normal delivery)", network: "Patient pays $750", outOfNetwork: null, limitations: "Patient pays: Deductibles $250; Copays $300." }),
    rec(500, 1, 0.3, { kind: "question", section: "Important Questions", label: "What is the overall deductible?", network: "$250 Individual / $500 Family", outOfNetwork: null, limitations: null }),
  ];
  test("takes the plan's deductible row, not an example's sample bill, though the question is about a delivery", async () => {
    const a = await synth.synthesize("Our baby is due in May. What's the deductible, and what will the hospital stay for the delivery cost?", chunks);
    expect(a.text).toContain("$300 copay per admission");
    expect(a.text).toContain("$250 Individual / $500 Family");
    expect(a.text).not.toContain("Patient pays $750");
  });
  test("an ask about the example is answered from it", async () => {
    const a = await synth.synthesize("In the having a baby coverage example, what does the patient pay, and what is the overall deductible?", chunks);
    expect(a.text).toContain("Patient pays $750");
  });
});

describe("askingClause", () => {
  test("the context written before the first ask's clause is left out", () => {
    expect(askingClause("We're expecting a baby and have the HMO. What's our deductible for the year")).toBe("What's our deductible for the year");
  });
  test("an ask without context, or whose clause leans on its context ('Is that covered'), stays whole", () => {
    expect(askingClause("what will the hospital stay cost?")).toBe("what will the hospital stay cost?");
    const leaning = "I've been going to a chiropractor and the plan isn't paying. Is that actually not covered";
    expect(askingClause(leaning)).toBe(leaning);
  });
});

describe("askFocusWeights", () => {
  const w = new Map([["baby", 1], ["family", 1], ["deductibl", 1], ["hospital", 1], ["stay", 1], ["birth", 1]]);
  const asks = ["We're expecting a baby in the family. What's our deductible for the year", "what will the hospital stay for the baby's birth cost?"];
  test("a context word another ask repeats weighs as another ask's; one no ask repeats, ASK_CONTEXT_TERM_SHARE", () => {
    const [first, second] = askFocusWeights(w, asks, false);
    expect(first?.get("deductibl")).toBe(1);
    expect(first?.get("family")).toBeCloseTo(ASK_CONTEXT_TERM_SHARE);
    expect(first?.get("baby")).toBeCloseTo(OTHER_ASK_TERM_SHARE);
    expect(first?.get("hospital")).toBeCloseTo(OTHER_ASK_TERM_SHARE);
    expect(second?.get("baby")).toBe(1);
    expect(second?.get("deductibl")).toBeCloseTo(OTHER_ASK_TERM_SHARE);
  });
  test("otherShare 0: the ask's clause and unshared context alone", () => {
    const [first] = askFocusWeights(w, asks, false, 0);
    expect(first?.get("hospital")).toBe(0);
    expect(first?.get("family")).toBeCloseTo(ASK_CONTEXT_TERM_SHARE);
  });
});
