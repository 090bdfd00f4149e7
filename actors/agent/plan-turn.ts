/**
 * The plan-aware parts of a chat turn (issue 12 part 3), used by ./workflow.ts:
 * - the scope: which of the member's plans the turn answers from (rag/plans `resolvePlanScope`:
 *   the plans the question names, else the conversation's, else all of them);
 * - a question over several plans is retrieved plan by plan (each plan's documents only), the
 *   plans whose retrieval finds nothing are left out, and at most {@link DEFAULT_MAX_PLANS_PER_TURN}
 *   plans (the most answerable) are answered;
 * - every found answer names its plan and document: a single-plan answer whose text does not name
 *   the cited file yet gets the label appended (a synthesizer may label it itself).
 */
import { DEFAULT_MAX_PLANS_PER_TURN, type Plan, planAnswerLabel, type PlanScope } from "../../rag/plans/index.ts";
import type { QuestionAnalysis } from "../../rag/query/index.ts";
import type { Retrieval, Retriever } from "../../rag/retriever/index.ts";
import type { SynthesizedAnswer } from "../../rag/types.ts";

/** Most plans retrieved separately in one turn (each retrieval is one in-memory BM25F search). */
export const DEFAULT_MAX_PLAN_RETRIEVALS_PER_TURN = 8;

/** One plan's retrieval. */
export interface PlanRetrieval {
  readonly plan: Plan;
  readonly retrieval: Retrieval;
}

/** Whether a retrieval found something to answer from (chunks, and the refusal model does not refuse). */
export function retrievalFound(r: Retrieval): boolean {
  return r.chunks.length > 0 && !(r.refusal && !r.refusal.found);
}

/**
 * Retrieves `question` plan by plan and keeps the plans that found something: at most
 * `maxPlans`, the most answerable (refusal probability, else top score), in the scope's order.
 * @param maxRetrievals plans searched at most (the scope's first ones)
 */
export async function retrievePerPlan(
  retriever: Retriever,
  userId: string,
  question: string,
  analysis: QuestionAnalysis | undefined,
  plans: readonly Plan[],
  maxPlans: number = DEFAULT_MAX_PLANS_PER_TURN,
  maxRetrievals: number = DEFAULT_MAX_PLAN_RETRIEVALS_PER_TURN,
): Promise<{ all: PlanRetrieval[]; answered: PlanRetrieval[] }> {
  const all: PlanRetrieval[] = [];
  for (const plan of plans.slice(0, maxRetrievals)) {
    all.push({ plan, retrieval: await retriever.retrieve(userId, question, { documentIds: plan.documentIds, ...(analysis ? { analysis } : {}) }) });
  }
  const strength = (r: Retrieval) => r.refusal?.probability ?? r.chunks[0]?.score ?? 0;
  const found = all.filter((p) => retrievalFound(p.retrieval));
  const kept = new Set([...found].sort((a, b) => strength(b.retrieval) - strength(a.retrieval)).slice(0, maxPlans));
  return { all, answered: found.filter((p) => kept.has(p)) };
}

/**
 * One retrieval summing several (timings and hit counts added, chunks and candidates
 * concatenated in order, the most answerable refusal decision).
 * @throws RangeError for an empty list
 */
export function mergeRetrievals(list: readonly Retrieval[]): Retrieval {
  const first = list[0];
  if (!first) throw new RangeError("no retrieval to merge");
  const sum = (f: (r: Retrieval) => number) => list.reduce((s, r) => s + f(r), 0);
  const refusals = list.map((r) => r.refusal).filter((r) => r !== undefined);
  const refusal = refusals.sort((a, b) => b.probability - a.probability)[0];
  return {
    chunks: list.flatMap((r) => r.chunks),
    candidates: list.flatMap((r) => r.candidates),
    embedMs: sum((r) => r.embedMs),
    searchMs: sum((r) => r.searchMs),
    rerankMs: sum((r) => r.rerankMs),
    vectorHits: sum((r) => r.vectorHits),
    textHits: sum((r) => r.textHits),
    ...(refusal ? { refusal } : {}),
    analysis: first.analysis,
  };
}

/** The plan an answer quotes: the plan holding its first citation's document. */
export function planOfAnswer(plans: readonly Plan[], answer: SynthesizedAnswer): Plan | undefined {
  const doc = answer.citations[0]?.documentId;
  return doc === undefined ? undefined : plans.find((p) => p.documentIds.includes(doc));
}

/**
 * The text to append to a found single-plan answer so that it names its plan and document
 * (" — 30/1000 Deductible (SBC_Kaiser.pdf)"), or "" when the answer already names the cited file
 * or its plan is unknown. Appended, so a streamed answer stays the concatenation of its deltas.
 */
export function planLabelSuffix(plans: readonly Plan[], answer: SynthesizedAnswer): string {
  if (!answer.found) return "";
  const plan = planOfAnswer(plans, answer);
  const file = answer.citations[0]?.filename;
  if (!plan || !file || answer.text.includes(file)) return "";
  return ` — ${planAnswerLabel(plan, file)}`;
}

/** The scope as stored with the turn: the document ids a follow-up keeps (none for an all-plans turn). */
export function scopeDocumentIds(scope: PlanScope | undefined): string[] | undefined {
  if (!scope || scope.reason === "all") return undefined;
  return scope.plans.flatMap((p) => [...p.documentIds]);
}
