import { describe, expect, test } from "bun:test";
import { normalizeForScoring, scoreCase, type EvalCase } from "./score.ts";

const base: EvalCase = {
  id: "x-1",
  document: "plan.pdf",
  question: "q",
  answer: "a",
  facts: ["$1,500", "don't"],
  evidence_pages: [57],
  kind: "lookup",
};

describe("scoreCase", () => {
  test("passes when every fact is contained, case- and apostrophe-insensitively", () => {
    const s = scoreCase(base, { response: "You DON\u2019T pay more than   $1,500 [1].", found: true, sources: [{ filename: "plan.pdf", page: 57 }] });
    expect(s).toEqual({ answerPass: true, retrievalHit: true });
  });
  test("fails when a fact is missing or the system said not found", () => {
    expect(scoreCase(base, { response: "$1,500", found: true, sources: [] }).answerPass).toBe(false);
    expect(scoreCase(base, { response: "$1,500 don't", found: false, sources: [] }).answerPass).toBe(false);
  });
  test("retrieval needs the right document and an evidence page within the top 5", () => {
    const other = { filename: "other.pdf", page: 57 };
    const wrongPage = { filename: "plan.pdf", page: 1 };
    expect(scoreCase(base, { response: "", found: true, sources: [other, wrongPage] }).retrievalHit).toBe(false);
    const sixth = [wrongPage, wrongPage, wrongPage, wrongPage, wrongPage, { filename: "plan.pdf", page: 57 }];
    expect(scoreCase(base, { response: "", found: true, sources: sixth }).retrievalHit).toBe(false);
  });
  test("a not-found answer's nearest passages count for retrieval, its answer fails", () => {
    const nearest = scoreCase(base, { response: "I couldn't find that in your documents. These pages came closest: plan.pdf p. 57.", found: false, sources: [{ filename: "plan.pdf", page: 57 }] });
    expect(nearest).toEqual({ answerPass: false, retrievalHit: true });
  });
  test("unanswerable passes only on found=false and has no retrieval check", () => {
    const u: EvalCase = { ...base, kind: "unanswerable", facts: [], evidence_pages: [], document: "*" };
    expect(scoreCase(u, { response: "I couldn't find that", found: false, sources: [] })).toEqual({ answerPass: true });
    expect(scoreCase(u, { response: "It is $5", found: true, sources: [] }).answerPass).toBe(false);
  });
  test("multi_hop reports whether every evidence page was retrieved", () => {
    const m: EvalCase = { ...base, kind: "multi_hop", facts: [], evidence_pages: [71, 79] };
    const one = scoreCase(m, { response: "", found: true, sources: [{ filename: "plan.pdf", page: 71 }] });
    expect(one).toEqual({ answerPass: true, retrievalHit: true, allEvidenceHit: false });
  });
});

test("normalizeForScoring collapses whitespace and maps curly apostrophes", () => {
  expect(normalizeForScoring("  A\u2019s\n\tB ")).toBe("a's b");
});
