import { describe, expect, test } from "bun:test";
import { createQuestionAnalyzer } from "../../rag/query/index.ts";
import type { Retriever } from "../../rag/retriever/index.ts";
import { createExtractiveSynthesizer } from "../../rag/synthesizer/index.ts";
import type { RetrievedChunk } from "../../rag/types.ts";
import { createRuleRewriter, nearestPagesLine, NOT_FOUND_TEXTS } from "../../rag/workflow/index.ts";
import type { PlanDocument } from "../../rag/plans/index.ts";
import { createAgentWorkflow } from "./workflow.ts";

// Two invented plans, each one document.
const chunk = (documentId: string, filename: string, ordinal: number, text: string): RetrievedChunk => ({
  chunkId: `${documentId}#${ordinal}`, documentId, filename, ordinal, text, pageStart: ordinal + 1, pageEnd: ordinal + 1, similarity: 0.6, score: 0.6,
});
const CHUNKS = [
  chunk("ra", "SBC_Ridgeway.pdf", 2, "Emergency room services cost a $120 copayment per visit after the deductible."),
  chunk("or", "SBC_Orvana.pdf", 4, "Emergency room services cost 20% coinsurance per visit."),
];
const DOCS: PlanDocument[] = [
  { id: "ra", filename: "SBC_Ridgeway.pdf", planName: "25/1500 Deductible", insurer: "Ridgeway Medical Group", kind: "sbc" },
  { id: "or", filename: "SBC_Orvana.pdf", planName: "Silver Basic Copay Plan", insurer: "orvanaplans.com", insurerSource: "url", kind: "sbc" },
];

/**
 * A retriever over fixed chunks that honours `documentIds`, recording each call; `refuse` makes every
 * retrieval not found; `topChunks` caps the listed chunks (the candidates keep every chunk).
 */
function scopedRetriever(refuse = false, topChunks = CHUNKS.length): Retriever & { calls: { question: string; documentIds?: readonly string[] }[] } {
  const analyzer = createQuestionAnalyzer();
  const calls: { question: string; documentIds?: readonly string[] }[] = [];
  return {
    mode: "fusion",
    analyzer,
    calls,
    async retrieve(_u, question, opts) {
      calls.push({ question, ...(opts?.documentIds ? { documentIds: [...opts.documentIds] } : {}) });
      const chunks = CHUNKS.filter((c) => !opts?.documentIds || opts.documentIds.includes(c.documentId));
      const refusal = { found: !refuse && chunks.length > 0, probability: refuse ? 0.1 : 0.9, features: {} as never };
      return { chunks: chunks.slice(0, topChunks), candidates: chunks, embedMs: 0, searchMs: 0, rerankMs: 0, vectorHits: 0, textHits: chunks.length, refusal, analysis: analyzer.analyze(question) };
    },
  };
}

describe("plan-aware turns", () => {
  test("a question naming a plan retrieves its documents only, asked as written; the answer names plan and file", async () => {
    const retriever = scopedRetriever();
    const workflow = createAgentWorkflow({ retriever, synthesizer: createExtractiveSynthesizer(), rewriter: createRuleRewriter() });
    let streamed = "";
    const r = await workflow.run({ userId: "u", message: "What does Ridgeway charge for the emergency room?", history: [], documents: DOCS }, { onDelta: (d) => (streamed += d) });
    expect(retriever.calls).toEqual([{ question: "What does Ridgeway charge for the emergency room?", documentIds: ["ra"] }]);
    expect(r.planScope?.reason).toBe("named");
    expect(r.answer.text).toContain("$120");
    expect(r.answer.text).toContain("25/1500 Deductible (SBC_Ridgeway.pdf)");
    expect(r.answer.citations.every((c) => c.documentId === "ra")).toBe(true);
    expect(streamed).toBe(r.answer.text);
  });

  test("a plan the retriever's routing does not confirm is not named: the turn goes plan by plan; one it confirms stays named", async () => {
    const unconfirmed = Object.assign(scopedRetriever(), { routedDocuments: async () => [] as string[] });
    const workflow = createAgentWorkflow({ retriever: unconfirmed, synthesizer: createExtractiveSynthesizer(), rewriter: createRuleRewriter() });
    const r = await workflow.run({ userId: "u", message: "What does Ridgeway charge for the emergency room?", history: [], documents: DOCS });
    expect(r.planScope?.reason).toBe("all");
    expect(unconfirmed.calls.map((c) => c.documentIds)).toEqual([undefined, ["ra"], ["or"]]);
    const confirmed = Object.assign(scopedRetriever(), { routedDocuments: async () => ["ra"] });
    const named = await createAgentWorkflow({ retriever: confirmed, synthesizer: createExtractiveSynthesizer(), rewriter: createRuleRewriter() }).run({ userId: "u", message: "What does Ridgeway charge for the emergency room?", history: [], documents: DOCS });
    expect(named.planScope?.reason).toBe("named");
    expect(confirmed.calls.map((c) => c.documentIds)).toEqual([["ra"]]);
  });

  test("a plan named by a capitalised run of its names (the insurer on its cover) stays named though routing does not confirm it", async () => {
    const unconfirmed = Object.assign(scopedRetriever(), { routedDocuments: async () => ["or"] });
    const r = await createAgentWorkflow({ retriever: unconfirmed, synthesizer: createExtractiveSynthesizer(), rewriter: createRuleRewriter() }).run({ userId: "u", message: "What does Ridgeway Medical charge for the emergency room?", history: [], documents: DOCS });
    expect(r.planScope?.reason).toBe("named");
    expect(unconfirmed.calls.map((c) => c.documentIds)).toEqual([["ra"]]);
  });

  test("a follow-up naming no plan keeps the conversation's plan; naming another switches", async () => {
    const retriever = scopedRetriever();
    const workflow = createAgentWorkflow({ retriever, synthesizer: createExtractiveSynthesizer(), rewriter: createRuleRewriter() });
    const kept = await workflow.run({ userId: "u", message: "and the emergency room?", history: [{ question: "What is the deductible?", language: "en" }], documents: DOCS, planDocumentIds: ["or"] });
    expect(kept.planScope?.reason).toBe("conversation");
    expect(retriever.calls.at(-1)?.documentIds).toEqual(["or"]);
    expect(kept.answer.text).toContain("Silver Basic Copay Plan (SBC_Orvana.pdf)");
    const other = await workflow.run({ userId: "u", message: "what about Ridgeway?", history: [{ question: "What is the emergency room cost?", language: "en" }], documents: DOCS, planDocumentIds: ["or"] });
    expect(other.planScope?.plans.map((p) => p.key)).toEqual(["ra"]);
    expect(retriever.calls.at(-1)?.documentIds).toEqual(["ra"]);
  });

  test("no plan named: one joint retrieval, then plan by plan; each part labelled, markers renumbered, deltas concatenate", async () => {
    const retriever = scopedRetriever();
    const workflow = createAgentWorkflow({ retriever, synthesizer: createExtractiveSynthesizer(), rewriter: createRuleRewriter() });
    let streamed = "";
    const r = await workflow.run({ userId: "u", message: "What do emergency room services cost?", history: [], documents: DOCS }, { onDelta: (d) => (streamed += d) });
    expect(retriever.calls.map((c) => c.documentIds)).toEqual([undefined, ["ra"], ["or"]]);
    expect(r.planScope?.reason).toBe("all");
    const lines = r.answer.text.split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toStartWith("25/1500 Deductible (SBC_Ridgeway.pdf): ");
    expect(lines[0]).toContain("$120");
    expect(lines[1]).toStartWith("Silver Basic Copay Plan (SBC_Orvana.pdf): ");
    expect(lines[1]).toContain("20% coinsurance");
    for (const [n, line] of lines.entries()) for (const m of line.matchAll(/\[(\d+)\]/g)) expect(r.answer.citations[Number(m[1]) - 1]?.documentId).toBe(n === 0 ? "ra" : "or");
    expect(streamed).toBe(r.answer.text);
  });

  test("no plan named: a plan found only below the joint retrieval's top chunks is not answered separately", async () => {
    const retriever = scopedRetriever(false, 1);
    const workflow = createAgentWorkflow({ retriever, synthesizer: createExtractiveSynthesizer(), rewriter: createRuleRewriter() });
    const r = await workflow.run({ userId: "u", message: "What do emergency room services cost?", history: [], documents: DOCS });
    expect(retriever.calls.map((c) => c.documentIds)).toEqual([undefined, ["ra"]]);
    expect(r.planScope?.reason).toBe("all");
    expect(r.answer.text.split("\n")).toHaveLength(1);
    expect(r.answer.citations.every((c) => c.documentId === "ra")).toBe(true);
  });

  test("no plan named and nothing found over the plans together: refused, no per-plan retrieval; the joint retrieval's chunks are the nearest passages", async () => {
    const retriever = scopedRetriever(true);
    const workflow = createAgentWorkflow({ retriever, synthesizer: createExtractiveSynthesizer(), rewriter: createRuleRewriter() });
    const roles: string[] = [];
    let streamed = "";
    const r = await workflow.run({ userId: "u", message: "Is cosmetic surgery covered?", history: [], documents: DOCS }, { onSources: (c, role) => void roles.push(`${c.length}:${role}`), onDelta: (d) => (streamed += d) });
    expect(retriever.calls).toHaveLength(1);
    const pages = CHUNKS.map((c) => ({ filename: c.filename, page: c.pageStart }));
    expect(r.answer).toMatchObject({ found: false, citations: [], text: `${NOT_FOUND_TEXTS.en} ${nearestPagesLine(pages, "en")}` });
    expect(streamed).toBe(r.answer.text);
    expect(r.sourcesRole).toBe("nearest");
    expect(r.chunks.map((c) => c.documentId)).toEqual(["ra", "or"]);
    expect(roles).toEqual(["2:nearest"]);
  });

  test("without documents, or with one plan, the turn is not scoped", async () => {
    const retriever = scopedRetriever();
    const workflow = createAgentWorkflow({ retriever, synthesizer: createExtractiveSynthesizer(), rewriter: createRuleRewriter() });
    const none = await workflow.run({ userId: "u", message: "What does Ridgeway charge for the emergency room?", history: [] });
    expect(none.planScope).toBeUndefined();
    expect(retriever.calls.at(-1)).toEqual({ question: "What does Ridgeway charge for the emergency room?" });
    const one = await workflow.run({ userId: "u", message: "What does Ridgeway charge for the emergency room?", history: [], documents: DOCS.slice(0, 1) });
    expect(one.planScope).toBeUndefined();
    expect(one.answer.text).toContain("(SBC_Ridgeway.pdf)");
  });
});
