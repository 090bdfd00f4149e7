/**
 * How the agent stores a turn's assistant message (db `messages.sources` and `metadata`): the
 * format conversations have always been stored in, which GET /api/v2/conversations/:id shows and
 * the next turn's rewrite reads (`rewritten_question`, `language`) and its plan scope (`plan_scope`). Scores are rounded to 4
 * digits, times to 0.1 ms, page breaks (form feeds) become line breaks. It equals the public
 * JSON of http/views/chat-reply.ts (actors/agent/user-agent.test.ts checks the two agree).
 */
import type { StoredSource } from "../../db/index.ts";
import type { ChatTurnResult, TurnSource } from "../messages.ts";

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** A source in the stored format. */
export function storedSource(s: TurnSource): StoredSource {
  return { document_id: s.documentId, filename: s.filename, page: s.page, chunk_index: s.chunkIndex, score: round(s.score, 4), text: s.text.replace(/\f+/g, "\n") };
}

/** The stored `metadata` of an assistant message. */
export function storedMetadata(r: ChatTurnResult): Record<string, unknown> {
  const injection = r.injection
    ? {
        question: [...r.injection.question],
        documents: r.injection.documents.map((d) => ({ document_id: d.documentId, filename: d.filename, chunk_index: d.chunkIndex, page: d.page, kinds: [...d.kinds] })),
      }
    : undefined;
  return {
    processing_ms: round(r.processingMs, 1),
    retrieval_ms: round(r.retrievalMs, 1),
    provider: r.provider,
    node_id: r.nodeId,
    activation_id: r.activationId,
    started_at: r.startedAt,
    ...(r.traceId ? { trace_id: r.traceId } : {}),
    ...(r.rewrittenQuestion !== undefined ? { rewritten_question: r.rewrittenQuestion } : {}),
    language_reason: r.languageReason,
    ...(injection ? { injection } : {}),
    steps: r.steps,
    language: r.language,
    sources_role: r.sourcesRole,
    next_steps: [...r.nextSteps],
    suggested_questions: [...r.suggestedQuestions],
    ...(r.planScope
      ? { plan_scope: { reason: r.planScope.reason, plans: r.planScope.plans.map((p) => ({ label: p.label, document_ids: [...p.documentIds] })) } }
      : {}),
  };
}
