/**
 * The UserAgent actor, kind {@link USER_AGENT_KIND}, one per user: answers chat turns from that
 * user's documents only and persists each turn (question, answer, sources) in the conversation.
 * A turn runs the agent workflow (./workflow.ts: input → rewrite → retrieval → screen → synthesis
 * → output) with the conversation's last turns as its memory.
 * Turns of one user are processed one at a time, so a conversation's messages are stored in the
 * order they were asked.
 */
import {
  DatabaseUnavailableError,
  isDatabaseUnavailable,
  isStatementTimeout,
  NotFoundError,
  type Repositories,
  type StoredSource,
} from "../../db/index.ts";
import type { PlanScope } from "../../rag/plans/index.ts";
import { chunksAfterCitations, type Retriever } from "../../rag/retriever/index.ts";
import type { RetrievedChunk, SynthesizedAnswer, Synthesizer } from "../../rag/types.ts";
import { createRuleRewriter, isLanguage, type ConversationTurn, type QuestionRewriter } from "../../rag/workflow/index.ts";
import { activeTraceId, type ActorBehavior, type ActorContext, type Clock } from "../../runtime/index.ts";
import {
  UnsupportedMessageError,
  type ChatRequest,
  type ChatStreamPublisher,
  type ChatTurnResult,
  type TurnInjection,
  type TurnPlanScope,
  type TurnSource,
} from "../messages.ts";
import { noticesOf, noticeText } from "./document-status.ts";
import type { ChatObserver, ChatOutcome } from "./observer.ts";
import { storedMetadata, storedSource } from "./stored-turn.ts";
import { createAgentWorkflow, type WorkflowResult } from "./workflow.ts";

/** Actor kind of user agents. */
export const USER_AGENT_KIND = "agent";
/** Characters of the first question kept as a new conversation's title. */
export const CONVERSATION_TITLE_CHARS = 80;
/** Earlier turns of a conversation loaded for the rewrite step (the rules use the last one). */
export const HISTORY_TURNS = 3;

/** What a user agent needs. */
export interface UserAgentDeps {
  readonly repos: Repositories;
  readonly retriever: Retriever;
  readonly synthesizer: Synthesizer;
  readonly clock: Clock;
  /** Where the events of streamed turns (`ChatRequest.stream`) go. Absent: turns are not streamed. */
  readonly streams?: ChatStreamPublisher;
  /** Turns follow-ups into standalone questions. Default: the offline rules (`createRuleRewriter`). */
  readonly rewriter?: QuestionRewriter;
  /** Told each turn's steps, first delta, outcome and sources (metrics). */
  readonly observer?: ChatObserver;
  /**
   * Runs one turn (its retrievals, synthesis and persistence) inside a scope, e.g. the turn's
   * memo of the unit index version (app/turn-units.ts). Default: the turn runs as it is.
   */
  readonly turnScope?: <T>(turn: () => Promise<T>) => Promise<T>;
}

/**
 * The user agent's supervision policy (`isFailure` of its kind): an error with a machine-readable
 * `code` (not found, database unavailable, unsupported message…) is the answer to that turn, not a
 * failure of the agent; anything else (a bug) is supervised.
 */
export function isAgentFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code !== "string" || code === "internal";
}

/** Builds the user agent's behaviour. */
export function createUserAgentBehavior(deps: UserAgentDeps): ActorBehavior<ChatRequest, ChatTurnResult, null> {
  const observer = deps.observer;
  const workflow = createAgentWorkflow({ retriever: deps.retriever, synthesizer: deps.synthesizer, rewriter: deps.rewriter ?? createRuleRewriter(), observer });
  return {
    init: () => null,
    async receive(state, msg, ctx) {
      const started = performance.now();
      try {
        const { result, outcome } = deps.turnScope ? await deps.turnScope(() => answer(state, msg, ctx, started)) : await answer(state, msg, ctx, started);
        observer?.turn?.(outcome, (performance.now() - started) / 1000);
        return result;
      } catch (error) {
        observer?.turn?.("error", (performance.now() - started) / 1000);
        if (isDatabaseUnavailable(error) || isStatementTimeout(error)) throw new DatabaseUnavailableError({ cause: error });
        throw error;
      }
    },
  };

  async function answer(_state: null, msg: ChatRequest, ctx: ActorContext, started: number): Promise<{ result: ChatTurnResult; outcome: ChatOutcome }> {
    if (msg?.type !== "chat" || msg.v !== 1) throw new UnsupportedMessageError(msg?.type, msg?.v);
    const startedAt = deps.clock.now();
    const userId = ctx.address.id;
    let conversationId = msg.conversationId;
    const create = !conversationId;
    if (conversationId && !(await deps.repos.conversations.get(userId, conversationId))) {
      throw new NotFoundError("conversation", conversationId);
    }
    conversationId ??= Bun.randomUUIDv7();

    const { turns: history, planDocumentIds } = create ? { turns: [], planDocumentIds: undefined } : await loadHistory(userId, conversationId);
    // One read of the member's documents: their profiles tell the plans apart, their statuses give the notices.
    const listing = await deps.repos.documents.statuses(userId);
    const documents = listing
      .filter((d) => d.status === "complete")
      .map((d) => ({ id: d.id, filename: d.filename, planName: d.planName, insurer: d.insurer, insurerSource: d.insurerSource, kind: d.kind, planType: d.planType }));

    const stream = msg.stream && deps.streams ? { id: msg.stream, to: deps.streams } : undefined;
    let firstDelta = true;
    const onFirstDelta = () => {
      if (!firstDelta) return;
      firstDelta = false;
      observer?.firstDelta?.((performance.now() - started) / 1000);
    };
    const turn = await workflow.run(
      { userId, message: msg.message, history, documents, ...(planDocumentIds ? { planDocumentIds } : {}) },
      stream
        ? {
            // meta first (conversation, language, standalone question), then the sources, then deltas.
            onMeta: async ({ language, rewrittenQuestion }) => {
              stream.to.publish(stream.id, { type: "meta", conversationId, language, ...(rewrittenQuestion ? { rewrittenQuestion } : {}) });
              await stream.to.flush();
            },
            onSources: async (chunks, role) => {
              stream.to.publish(stream.id, { type: "sources", sources: chunkSources(chunks), role });
              await stream.to.flush();
            },
            onDelta: (text) => {
              onFirstDelta();
              stream.to.publish(stream.id, { type: "delta", text });
            },
          }
        : { onDelta: onFirstDelta },
    );
    // The deltas leave before the turn is persisted.
    if (stream) await stream.to.flush();
    const synthesized = turn.answer;
    const retrievalMs = turn.retrieval ? turn.retrieval.embedMs + turn.retrieval.searchMs + turn.retrieval.rerankMs : 0;
    const traceId = activeTraceId();
    const injection = injectionReport(turn);
    // Documents not ready yet (or failed) are named when the answer found nothing.
    const notices = noticesOf(listing);
    const notice = synthesized.found ? "" : noticeText(notices, turn.language);
    const response = notice === "" ? synthesized.text : `${synthesized.text} ${notice}`;
    // Streamed deltas concatenate to the answer: the notice is one more delta.
    if (stream && notice !== "") {
      stream.to.publish(stream.id, { type: "delta", text: ` ${notice}` });
      await stream.to.flush();
    }
    const sources = toSources(synthesized, turn.chunks);
    observer?.sources?.(sources.length);
    if (synthesized.droppedCitationMarkers) observer?.citationMarkersDropped?.(synthesized.droppedCitationMarkers);
    const result: ChatTurnResult = {
      text: response,
      found: synthesized.found,
      conversationId,
      sources,
      sourcesRole: turn.sourcesRole,
      language: turn.language,
      languageReason: turn.languageReason,
      nextSteps: turn.nextSteps,
      suggestedQuestions: turn.suggestedQuestions,
      pendingDocuments: notices.pending,
      failedDocuments: notices.failed,
      ...(turn.rewrite?.rewritten ? { rewrittenQuestion: turn.standalone } : {}),
      ...(injection ? { injection } : {}),
      steps: turn.steps,
      processingMs: performance.now() - started,
      retrievalMs,
      provider: synthesized.provider,
      nodeId: ctx.nodeId,
      activationId: ctx.activationId,
      startedAt,
      ...(traceId ? { traceId } : {}),
      ...(turn.planScope ? { planScope: turnPlanScope(turn.planScope) } : {}),
    };

    await deps.repos.conversations.appendTurn(
      userId,
      { id: conversationId, create, title: msg.message.slice(0, CONVERSATION_TITLE_CHARS) },
      [
        { id: Bun.randomUUIDv7(), role: "user", content: msg.message },
        {
          id: Bun.randomUUIDv7(),
          role: "assistant",
          content: response,
          found: synthesized.found,
          sources: result.sources.map(storedSource),
          // The stored metadata carries what GET /api/v2/conversations/:id shows and the next turn's rewrite reads.
          metadata: storedMetadata(result),
        },
      ],
    );
    // No retrieval means the message was nothing but injected instructions: declined, not answered.
    return { result, outcome: !turn.retrieval ? "declined" : synthesized.found ? "found" : "not_found" };
  }

  /**
   * The conversation's last {@link HISTORY_TURNS} turns, oldest first: each user message with the
   * standalone question it was answered as (`rewritten_question` of the next assistant message);
   * and the document ids of the plan the last answer was scoped to (`plan_scope` of its metadata:
   * named or kept plans only), which a follow-up naming no plan keeps.
   */
  async function loadHistory(userId: string, conversationId: string): Promise<{ turns: ConversationTurn[]; planDocumentIds?: string[] }> {
    const rows = await deps.repos.conversations.recentMessages(userId, conversationId, 2 * HISTORY_TURNS);
    const turns: ConversationTurn[] = [];
    rows.forEach((m, i) => {
      if (m.role !== "user") return;
      const reply = rows[i + 1]?.role === "assistant" ? rows[i + 1] : undefined;
      const meta = (reply?.metadata ?? {}) as { rewritten_question?: unknown; language?: unknown };
      turns.push({
        question: typeof meta.rewritten_question === "string" ? meta.rewritten_question : m.content,
        ...(reply ? { answer: reply.content } : {}),
        ...(isLanguage(meta.language) ? { language: meta.language } : {}),
      });
    });
    const last = (rows.findLast((m) => m.role === "assistant")?.metadata ?? {}) as { plan_scope?: unknown };
    return { turns, ...storedPlanDocumentIds(last.plan_scope) };
  }
}

/** The turn's plan scope as the result carries it (labels and document ids). */
function turnPlanScope(scope: PlanScope): TurnPlanScope {
  return { reason: scope.reason, plans: scope.plans.map((p) => ({ label: p.label, documentIds: [...p.documentIds] })) };
}

/** The document ids a stored `plan_scope` keeps for the next turn (none for an all-plans turn or a malformed value). */
function storedPlanDocumentIds(stored: unknown): { planDocumentIds?: string[] } {
  const s = stored as { reason?: unknown; plans?: Array<{ document_ids?: unknown }> } | undefined;
  if (!s || s.reason === "all" || !Array.isArray(s.plans)) return {};
  const ids = s.plans.flatMap((p) => (Array.isArray(p?.document_ids) ? p.document_ids.filter((d): d is string => typeof d === "string") : []));
  return ids.length > 0 ? { planDocumentIds: ids } : {};
}

/** The turn's injection report, or undefined when the turn found none. */
function injectionReport(turn: WorkflowResult): TurnInjection | undefined {
  const { question, documents } = turn.injection;
  if (question.length === 0 && documents.length === 0) return undefined;
  return {
    question: [...question],
    documents: documents.map((d) => ({ documentId: d.documentId, filename: d.filename, chunkIndex: d.chunkIndex, page: d.page, kinds: [...d.kinds] })),
  };
}

/**
 * The turn's sources: the cited passages first (so `[n]` in the answer is `sources[n - 1]`),
 * then the other retrieved chunks as further context, those of a cited page left out
 * (rag/retriever `chunksAfterCitations`). When nothing was found: `chunks` — the
 * workflow's nearest passages (`sourcesRole: "nearest"`), or none — and no citation.
 */
export function toSources(answer: SynthesizedAnswer, chunks: readonly RetrievedChunk[]): TurnSource[] {
  if (!answer.found) return chunkSources(chunks);
  const cited: TurnSource[] = answer.citations.map((c) => ({
    documentId: c.documentId,
    filename: c.filename,
    page: c.page,
    chunkIndex: c.chunkOrdinal,
    score: c.score,
    text: c.text,
  }));
  return [...cited, ...chunkSources(chunksAfterCitations(answer.citations, chunks))];
}

/**
 * Retrieved chunks as sources (first page of each chunk; the score is the retriever's ranking
 * score: BM25F or its fusion in `fusion` mode, the reranker's in the other modes).
 */
export function chunkSources(chunks: readonly RetrievedChunk[]): TurnSource[] {
  return chunks.map((c) => ({ documentId: c.documentId, filename: c.filename, page: c.pageStart, chunkIndex: c.ordinal, score: c.score, text: c.text }));
}
