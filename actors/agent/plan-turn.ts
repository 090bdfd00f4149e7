/**
 * The plan-aware parts of a chat turn (issue 12 part 3), used by ./workflow.ts:
 * - the scope: which of the member's plans the turn answers from (rag/plans `resolvePlanScope`:
 *   the plans the question names, else the conversation's, else all of them);
 * - a question over several plans is first retrieved over them together (refused as today when
 *   that finds nothing), then plan by plan (each plan's documents only) for at most
 *   {@link DEFAULT_MAX_PLANS_PER_TURN} plans, those among the joint retrieval's top chunks; plans whose own
 *   retrieval finds nothing are left out;
 * - every found answer names its plan and document: a single-plan answer whose text does not name
 *   the cited file yet gets the label appended (a synthesizer may label it itself).
 */
import { DEFAULT_MAX_PLANS_PER_TURN, type Plan, planAnswerLabel, type PlanDocument, type PlanScope } from "../../rag/plans/index.ts";
import type { QuestionAnalysis } from "../../rag/query/index.ts";
import type { Retrieval, Retriever } from "../../rag/retriever/index.ts";
import type { SynthesizedAnswer } from "../../rag/types.ts";

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
 * Retrieves `question` over the plans together first (one retrieval over their documents: the
 * refusal decision of today's library answer, and which plans hold relevant text), then plan by
 * plan for the plans among its top chunks (the passages a one-library answer lists), best-ranked
 * first: at most `maxPlans` retrievals. A plan reached only deeper in the candidates is left out:
 * its per-plan answer would push the leading plan's passages out of the first sources (dev library
 * hit@5 92.8 with every candidate's plan, 93.5 with the top chunks' plans; facts 81.7 both;
 * navigator eval --library).
 * @returns `gate`: the joint retrieval; `answered`: the plans whose own retrieval found something,
 *   in the order of their best chunk in `gate` (empty when `gate` found nothing)
 */
export async function retrievePerPlan(
  retriever: Retriever,
  userId: string,
  question: string,
  analysis: QuestionAnalysis | undefined,
  plans: readonly Plan[],
  all: boolean,
  maxPlans: number = DEFAULT_MAX_PLANS_PER_TURN,
): Promise<{ gate: Retrieval; perPlan: PlanRetrieval[]; answered: PlanRetrieval[] }> {
  const opts = (documentIds?: readonly string[]) => ({ ...(analysis ? { analysis } : {}), ...(documentIds ? { documentIds } : {}) });
  const gate = await retriever.retrieve(userId, question, opts(all ? undefined : plans.flatMap((p) => [...p.documentIds])));
  if (!retrievalFound(gate)) return { gate, perPlan: [], answered: [] };
  const rank = (p: Plan) => {
    const i = gate.chunks.findIndex((c) => p.documentIds.includes(c.documentId));
    return i < 0 ? Number.POSITIVE_INFINITY : i;
  };
  const ranked = plans
    .map((plan) => ({ plan, at: rank(plan) }))
    .filter((p) => Number.isFinite(p.at))
    .sort((a, b) => a.at - b.at)
    .slice(0, maxPlans);
  const perPlan: PlanRetrieval[] = [];
  for (const { plan } of ranked) perPlan.push({ plan, retrieval: await retriever.retrieve(userId, question, opts(plan.documentIds)) });
  return { gate, perPlan, answered: perPlan.filter((p) => retrievalFound(p.retrieval)) };
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

/**
 * The candidates with their document's plan name (from the member's document profiles) where the
 * unit does not carry one yet (chunks carry none; record units carry theirs), so the synthesizer
 * labels an answer "plan (file)". Returns `chunks` itself when nothing changes.
 * @param documents the member's documents with their profiles; absent: unchanged
 */
export function withDocumentPlans<T extends { readonly documentId: string; readonly plan?: string }>(chunks: readonly T[], documents: readonly PlanDocument[] | undefined): readonly T[] {
  if (!documents || documents.length === 0) return chunks;
  const names = new Map<string, string>();
  for (const d of documents) if (d.planName) names.set(d.id, d.planName);
  if (names.size === 0 || chunks.every((c) => c.plan || !names.has(c.documentId))) return chunks;
  return chunks.map((c) => (c.plan || !names.has(c.documentId) ? c : { ...c, plan: names.get(c.documentId) as string }));
}
