/**
 * The public JSON of a chat turn (`POST /chat`, the SSE/WebSocket `meta`, `sources` and `done`
 * events), built from the agent's domain result ({@link ChatTurnResult}): snake_case names,
 * scores rounded to 4 digits and times to 0.1 ms, page breaks (form feeds) shown as line breaks.
 * The shape is the same as a stored assistant message's (GET /api/v2/conversations/:id).
 */
import type { ChatStepTimings, ChatStreamEvent, ChatTurnResult, SourcesRole, TurnInjection, TurnPlanScope, TurnSource } from "../../actors/messages.ts";
import type { StoredSource } from "../../db/index.ts";

/**
 * One source of an answer as the API shows it: `{document_id, filename, page (1-based physical
 * PDF page), chunk_index, score (cosine similarity, 4 digits), text}`.
 */
export type ChatSource = StoredSource;

/** Prompt injection the agent neutralised in one turn, as the API shows it. */
export interface ChatInjectionReport {
  readonly question: string[];
  readonly documents: { readonly document_id: string; readonly filename: string; readonly chunk_index: number; readonly page: number; readonly kinds: string[] }[];
}

/** The body of `POST /chat` (and of the streamed `done` event). */
export interface ChatReply {
  readonly response: string;
  /** False when the user's documents hold nothing that answers the question. */
  readonly found: boolean;
  readonly conversation_id: string;
  readonly sources: ChatSource[];
  /**
   * What `sources` are: `answer` (cited passages first, then other retrieved chunks) or `nearest`
   * (`found` is false: the passages that came closest, for the member to check; not citations).
   */
  readonly sources_role: SourcesRole;
  readonly language: string;
  readonly next_steps: string[];
  readonly suggested_questions: string[];
  /** The member's documents still being read when the turn ran. */
  readonly pending_documents: { readonly document_id: string; readonly filename: string; readonly status: string }[];
  /** The member's documents that failed to ingest, with the reason. */
  readonly failed_documents: { readonly document_id: string; readonly filename: string; readonly code: string; readonly message: string }[];
  readonly metadata: {
    readonly rewritten_question?: string;
    readonly language_reason?: string;
    readonly injection?: ChatInjectionReport;
    readonly steps: ChatStepTimings;
    /** Whole turn, milliseconds (0.1 ms). */
    readonly processing_ms: number;
    /** Embedding + search + rerank, milliseconds (0.1 ms). */
    readonly retrieval_ms: number;
    readonly provider: string;
    readonly node_id: string;
    readonly activation_id: string;
    /** Epoch milliseconds. */
    readonly started_at: number;
    readonly trace_id?: string;
    /** The plans the turn answered from, when the member has several: `named`, kept from the `conversation`, or `all` (answered plan by plan). */
    readonly plan_scope?: ChatPlanScope;
  };
}

/** The plans a turn answered from, as the API shows it. */
export interface ChatPlanScope {
  readonly reason: "named" | "conversation" | "all";
  readonly plans: { readonly label: string; readonly document_ids: string[] }[];
}

/** A turn's plan scope as the API shows it (also what the agent stores, and the next turn reads). */
export function planScopeView(s: TurnPlanScope): ChatPlanScope {
  return { reason: s.reason, plans: s.plans.map((p) => ({ label: p.label, document_ids: [...p.documentIds] })) };
}

/** A streamed turn's `meta` / `sources` / `delta` event as the API shows it. */
export type ChatStreamEventView =
  | { readonly type: "meta"; readonly conversation_id: string; readonly rewritten_question?: string; readonly language?: string }
  | { readonly type: "sources"; readonly sources: ChatSource[]; readonly sources_role: SourcesRole }
  | { readonly type: "delta"; readonly text: string };

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** A source as the API shows it (score to 4 digits, form feeds as line breaks). */
export function chatSourceView(s: TurnSource): ChatSource {
  return { document_id: s.documentId, filename: s.filename, page: s.page, chunk_index: s.chunkIndex, score: round(s.score, 4), text: s.text.replace(/\f+/g, "\n") };
}

function injectionView(i: TurnInjection): ChatInjectionReport {
  return {
    question: [...i.question],
    documents: i.documents.map((d) => ({ document_id: d.documentId, filename: d.filename, chunk_index: d.chunkIndex, page: d.page, kinds: [...d.kinds] })),
  };
}

/** The `metadata` of a reply (also what the agent stores with the assistant message). */
function metadataView(r: ChatTurnResult): ChatReply["metadata"] {
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
    ...(r.injection ? { injection: injectionView(r.injection) } : {}),
    steps: r.steps,
    ...(r.planScope ? { plan_scope: planScopeView(r.planScope) } : {}),
  };
}

/** The public JSON of a chat turn's result. */
export function chatReplyView(r: ChatTurnResult): ChatReply {
  return {
    response: r.text,
    found: r.found,
    conversation_id: r.conversationId,
    sources: r.sources.map(chatSourceView),
    sources_role: r.sourcesRole,
    language: r.language,
    next_steps: [...r.nextSteps],
    suggested_questions: [...r.suggestedQuestions],
    pending_documents: (r.pendingDocuments ?? []).map((d) => ({ document_id: d.documentId, filename: d.filename, status: d.status })),
    failed_documents: (r.failedDocuments ?? []).map((d) => ({ document_id: d.documentId, filename: d.filename, code: d.code, message: d.message })),
    metadata: metadataView(r),
  };
}

/** The public JSON of one streamed event. */
export function chatStreamEventView(e: ChatStreamEvent): ChatStreamEventView {
  switch (e.type) {
    case "meta":
      return {
        type: "meta",
        conversation_id: e.conversationId,
        ...(e.language !== undefined ? { language: e.language } : {}),
        ...(e.rewrittenQuestion !== undefined ? { rewritten_question: e.rewrittenQuestion } : {}),
      };
    case "sources":
      return { type: "sources", sources: e.sources.map(chatSourceView), sources_role: e.role ?? "answer" };
    case "delta":
      return { type: "delta", text: e.text };
  }
}
