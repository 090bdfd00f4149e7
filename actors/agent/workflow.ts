/**
 * The agent workflow of one chat turn, run inside the UserAgent actor: named steps, each timed.
 *
 * 1. `input` — normalise, detect the language (answer in the question's), screen the question
 *    for prompt injection (rag/workflow/input.ts), analyse it once (rag/query: terms, glossary,
 *    Spanish vocabulary) for every later stage;
 * 2. `rewrite` — a follow-up becomes a standalone question from the earlier turns (rules offline,
 *    a model when one is configured; rag/workflow/rewriter.ts);
 * 3. `retrieval` — the user's chunks for the standalone question (rag/retriever), and whether
 *    they answer it (rag/refusal); when they do not, the turn answers "not found" without synthesis,
 *    its screened top chunks listed as the nearest passages (`sourcesRole: "nearest"`, never cited);
 * 4. `screen` — instruction-like sentences of the retrieved text are removed before anything
 *    reads or quotes them (rag/workflow/screen-chunks.ts);
 * 5. `synthesis` — the answer from the screened chunks, in the language, streamed through `onDelta`;
 * 6. `output` — next steps the answer implies and suggested follow-up questions.
 * A question that is nothing but injected instructions skips 2–5 and gets a fixed answer.
 * Whatever finds no answer (refusal, synthesizer, every plan) keeps `found: false` and the not-found
 * sentence, and lists the screened top chunks (if any) as nearest passages, their pages named after it.
 *
 * Plans (issue 12 part 3, ./plan-turn.ts): with the member's documents given, a question naming a
 * plan (rag/plans, confirmed by the retriever's document routing when it routes) — or a turn of a
 * conversation about one — is retrieved from that plan's documents only; a
 * question naming none, from a member with several plans, is retrieved and answered plan by plan,
 * each part labelled with its plan and document. Every found answer names its plan and document.
 */
import type { Retrieval, Retriever } from "../../rag/retriever/index.ts";
import type { RetrievedChunk, SynthesizedAnswer, Synthesizer } from "../../rag/types.ts";
import { composePlanAnswers, createPlanNamer, groupPlans, type PlanDocument, type PlanNamer, type PlanScope, resolvePlanScope } from "../../rag/plans/index.ts";
import {
  composeOutput,
  INSTRUCTION_ONLY_TEXT,
  nearestPagesLine,
  NOT_FOUND_TEXTS,
  prepareInput,
  createChunkScreener,
  neutralizeActiveContent,
  type ChunkInjectionFlag,
  type ConversationTurn,
  type InjectionKind,
  type Language,
  type QuestionRewriter,
  type Rewrite,
} from "../../rag/workflow/index.ts";
import { trace } from "@opentelemetry/api";
import { withSpan } from "../../runtime/index.ts";
import type { ChatStepTimings, SourcesRole } from "../messages.ts";
import type { ChatObserver } from "./observer.ts";
import { mergeRetrievals, planLabelSuffix, retrievePerPlan, withDocumentPlans } from "./plan-turn.ts";

/** The workflow's step names, in order. */
export const WORKFLOW_STEPS = ["input", "rewrite", "retrieval", "screen", "synthesis", "output"] as const;

/** What the workflow needs. */
export interface AgentWorkflowDeps {
  readonly retriever: Retriever;
  readonly synthesizer: Synthesizer;
  readonly rewriter: QuestionRewriter;
  /** Told each step's duration (metrics). */
  readonly observer?: ChatObserver;
  /** Finds the plans a question names. Default: a new one (loads word lists once). */
  readonly planNamer?: PlanNamer;
}

/** One turn to run. */
export interface WorkflowTurn {
  readonly userId: string;
  /** The message as the user sent it. */
  readonly message: string;
  /** Earlier turns of the conversation, oldest first (empty for a new conversation). */
  readonly history: readonly ConversationTurn[];
  /**
   * The member's ready documents with their profiles (plan name, insurer…). Absent: the turn is
   * not plan-aware (retrieval over all the member's documents, as one library).
   */
  readonly documents?: readonly PlanDocument[];
  /** Document ids the conversation's previous turn was scoped to (its plan), kept by a follow-up naming none. */
  readonly planDocumentIds?: readonly string[];
}

/** Callbacks at the points a streamed turn publishes events. */
export interface WorkflowHooks {
  /** After `input` and `rewrite`: the answer language and the standalone question (when rewritten). */
  readonly onMeta?: (meta: { language: Language; rewrittenQuestion?: string }) => void | Promise<void>;
  /**
   * After `screen`: the chunks the answer may cite (screened), or — `role` `nearest` — the nearest
   * passages of a turn the refusal answered "not found" (a turn whose synthesis then finds nothing
   * says `nearest` in its result only).
   */
  readonly onSources?: (chunks: readonly RetrievedChunk[], role: SourcesRole) => void | Promise<void>;
  /** Pieces of the answer text, in order; concatenated they are the answer. */
  readonly onDelta?: (text: string) => void;
}

/** What a turn produced. */
export interface WorkflowResult {
  /** The normalised message as asked. */
  readonly question: string;
  /** The question retrieval and synthesis used (the rewrite of a follow-up, else the question). */
  readonly standalone: string;
  readonly rewrite: Rewrite | undefined;
  readonly language: Language;
  readonly languageReason: string;
  readonly answer: SynthesizedAnswer;
  /** The screened top chunks (what the reply lists after the cited ones; a not-found answer's nearest passages). */
  readonly chunks: readonly RetrievedChunk[];
  /** `nearest` when the answer found nothing and {@link chunks} are its nearest passages (not citations). */
  readonly sourcesRole: SourcesRole;
  /** Absent when retrieval was skipped. */
  readonly retrieval: Retrieval | undefined;
  readonly injection: { readonly question: readonly InjectionKind[]; readonly documents: readonly ChunkInjectionFlag[] };
  readonly nextSteps: string[];
  readonly suggestedQuestions: string[];
  readonly steps: ChatStepTimings;
  /** The plans the turn answered from (absent when the member has fewer than two plans, or no documents were given). */
  readonly planScope?: PlanScope;
}

/** Runs chat turns through the steps. */
export interface AgentWorkflow {
  run(turn: WorkflowTurn, hooks?: WorkflowHooks): Promise<WorkflowResult>;
}

/** Builds the workflow over its dependencies. */
export function createAgentWorkflow(deps: AgentWorkflowDeps): AgentWorkflow {
  let namer = deps.planNamer;
  // Each distinct chunk text is screened once, not on every turn that retrieves it.
  const screenChunks = createChunkScreener();
  return {
    async run(turn, hooks = {}) {
      const steps = { input_ms: 0, rewrite_ms: 0, retrieval_ms: 0, screen_ms: 0, synthesis_ms: 0, output_ms: 0 };
      // Each step runs in a span `chat.<step>` (no attributes: the question is user text).
      const timed = async <T>(step: keyof ChatStepTimings, fn: () => T | Promise<T>): Promise<T> => {
        const name = step.slice(0, -"_ms".length);
        const t0 = performance.now();
        try {
          return await withSpan(`chat.${name}`, {}, fn);
        } finally {
          const ms = performance.now() - t0;
          steps[step] = round(ms);
          deps.observer?.step?.(name, ms / 1000);
        }
      };

      const lastLanguage = turn.history.at(-1)?.language;
      const input = await timed("input_ms", () => {
        const prepared = prepareInput(turn.message, lastLanguage);
        return { ...prepared, analysis: prepared.question ? deps.retriever.analyzer.analyze(prepared.question) : undefined };
      });
      const { language } = input;
      if (!input.question) {
        // Only injected instructions: nothing to look up, nothing to rewrite.
        await hooks.onMeta?.({ language });
        await hooks.onSources?.([], "answer");
        const answer: SynthesizedAnswer = { text: INSTRUCTION_ONLY_TEXT[language], found: false, citations: [], provider: deps.synthesizer.provider };
        hooks.onDelta?.(answer.text);
        const output = await timed("output_ms", () => composeOutput(input.normalized, answer.text, false, language));
        return result(input.normalized, undefined, answer, [], undefined, [], output);
      }

      const rewrite = await timed("rewrite_ms", () => deps.rewriter.rewrite({ question: input.question, history: turn.history, language }));
      const standalone = rewrite.rewritten ? rewrite.question : input.question;
      await hooks.onMeta?.({ language, ...(rewrite.rewritten ? { rewrittenQuestion: standalone } : {}) });

      const plans = turn.documents ? groupPlans(turn.documents) : [];
      let scope: PlanScope | undefined;
      if (plans.length > 1) {
        namer ??= createPlanNamer();
        scope = resolvePlanScope(namer, plans, input.question, turn.planDocumentIds, rewrite.rewritten ? standalone : undefined);
        // A plan is named only when the retriever's router (which also weighs how common a word is
        // across the member's documents' text) routes the question there too: a state's name ("we
        // live in Oregon") names no plan among plans of that state, though one plan's name holds it.
        // Otherwise the turn is scoped as one naming no plan (dev library hit@5/facts 93.5/81.7 ->
        // 94.1/82.3, navigator eval --library; per document unchanged).
        if (scope?.reason === "named" && deps.retriever.routedDocuments) {
          const routed = await deps.retriever.routedDocuments(turn.userId, standalone);
          // A plan named by a capitalised run of its names ("National Insurance", the insurer on its
          // cover, whose words are common in the other documents' text) is kept all the same
          // (PlanNamer.namedByRun; dev ALL library hit@5/facts 95.29/83.40 -> 95.42/83.52, FRESH
          // 95.90/77.44 -> 96.41/77.95, navigator eval --library; per document unchanged).
          const byRun = () => namer?.namedByRun(plans, input.question).some((p) => scope?.plans.includes(p));
          if (routed && !scope.plans.some((p) => p.documentIds.some((d) => routed.includes(d))) && !byRun()) scope = resolvePlanScope(namer, plans, "", turn.planDocumentIds);
        }
      }
      // Retrieval and synthesis read the standalone question, plan names included: a retrieval kept
      // to the scoped plans' documents runs on their own index (rag/retriever), which leaves the
      // naming words out as it does for a member owning just them. Stripping the names here instead
      // (a PlanNamer.withoutNames, since removed) cost dev library hit@5/facts 92.8/81.7 -> 92.7/80.9 (navigator eval
      // --library), and left refusal and synthesis without the plan name the per-document path reads.
      // The analysis is redone only when the rewrite changed the question.
      const analysis = rewrite.rewritten || !input.analysis ? undefined : input.analysis;
      if (scope && scope.plans.length > 1) return await planByPlan(scope);
      const documentIds = scope?.plans[0]?.documentIds;
      const retrieval = await timed("retrieval_ms", async () => {
        const r = await deps.retriever.retrieve(turn.userId, standalone, analysis || documentIds ? { ...(analysis ? { analysis } : {}), ...(documentIds ? { documentIds } : {}) } : undefined);
        // Counts and timings only: the question and the chunks are user text.
        trace.getActiveSpan()?.setAttributes({
          "gen_ai.operation.name": "retrieval",
          "navigator.retrieval.chunks": r.chunks.length,
          "navigator.retrieval.candidates": r.candidates.length,
          "navigator.retrieval.vector_hits": r.vectorHits,
          "navigator.retrieval.text_hits": r.textHits,
          "navigator.retrieval.embed_ms": r.embedMs,
          "navigator.retrieval.search_ms": r.searchMs,
        });
        return r;
      });
      if (retrieval.refusal && !retrieval.refusal.found) {
        // Not found; the top chunks, screened as sources are, are listed as the nearest passages.
        const near = await timed("screen_ms", () => screenChunks(retrieval.chunks, retrieval.candidates));
        await hooks.onSources?.(near.chunks, near.chunks.length > 0 ? "nearest" : "answer");
        const answer: SynthesizedAnswer = { text: notFoundText(near.chunks), found: false, citations: [], provider: deps.synthesizer.provider };
        hooks.onDelta?.(answer.text);
        const output = await timed("output_ms", () => composeOutput(standalone, answer.text, false, language));
        return { ...result(standalone, rewrite, answer, near.chunks, retrieval, near.flags, output), ...(scope ? { planScope: scope } : {}) };
      }
      const screened = await timed("screen_ms", () => screenChunks(retrieval.chunks, retrieval.candidates));
      await hooks.onSources?.(screened.chunks, "answer");
      const synthesized = await timed("synthesis_ms", async () => {
        const s = await deps.synthesizer.synthesize(standalone, withDocumentPlans(screened.candidates, turn.documents), { language, onDelta: hooks.onDelta, analysis: retrieval.analysis });
        // The plan and document the answer quotes, when its text does not name them yet (one more delta).
        const suffix = planLabelSuffix(plans, s);
        if (suffix) hooks.onDelta?.(suffix);
        return suffix ? { ...s, text: `${s.text}${suffix}` } : s;
      });
      const neutral = neutralized(synthesized);
      // Nothing found after all: the not-found text names the nearest passages' pages (one more delta).
      const answer = neutral.found ? neutral : { ...neutral, text: notFoundText(screened.chunks, neutral.text), citations: [] };
      if (answer.text !== neutral.text) hooks.onDelta?.(answer.text.slice(neutral.text.length));
      const output = await timed("output_ms", () => composeOutput(standalone, answer.text, answer.found, language));
      return { ...result(standalone, rewrite, answer, screened.chunks, retrieval, screened.flags, output), ...(scope ? { planScope: scope } : {}) };

      /** Several plans in scope: retrieve, screen and answer plan by plan; each part labelled. */
      async function planByPlan(planScope: PlanScope): Promise<WorkflowResult> {
        const per = await timed("retrieval_ms", () => retrievePerPlan(deps.retriever, turn.userId, standalone, analysis, planScope.plans, planScope.reason === "all"));
        const merged = mergeRetrievals([per.gate, ...per.perPlan.map((p) => p.retrieval)]);
        // Not found: the chunks listed as sources (sent already, or the joint retrieval's) are the nearest passages.
        const notFound = async (near: readonly RetrievedChunk[], flags: readonly ChunkInjectionFlag[], sourcesSent: boolean) => {
          if (!sourcesSent) await hooks.onSources?.(near, near.length > 0 ? "nearest" : "answer");
          const none: SynthesizedAnswer = { text: notFoundText(near), found: false, citations: [], provider: deps.synthesizer.provider };
          hooks.onDelta?.(none.text);
          const output = await timed("output_ms", () => composeOutput(standalone, none.text, false, language));
          return { ...result(standalone, rewrite, none, near, merged, flags, output), planScope };
        };
        if (per.answered.length === 0) {
          const near = await timed("screen_ms", () => screenChunks(per.gate.chunks, per.gate.candidates));
          return await notFound(near.chunks, near.flags, false);
        }
        const screenedPlans = await timed("screen_ms", () => per.answered.map((p) => ({ plan: p.plan, retrieval: p.retrieval, screened: screenChunks(p.retrieval.chunks, p.retrieval.candidates) })));
        const chunks = screenedPlans.flatMap((p) => p.screened.chunks);
        await hooks.onSources?.(chunks, "answer");
        let emitted = 0;
        const parts: { plan: (typeof plans)[number]; answer: SynthesizedAnswer }[] = [];
        await timed("synthesis_ms", async () => {
          for (const p of screenedPlans) {
            const a = neutralized(await deps.synthesizer.synthesize(standalone, withDocumentPlans(p.screened.candidates, turn.documents), { language, analysis: p.retrieval.analysis }));
            if (!a.found) continue;
            parts.push({ plan: p.plan, answer: a });
            // Streamed part by part: the same text composePlanAnswers joins (labelled, renumbered).
            const text = (composePlanAnswers(parts) as SynthesizedAnswer).text;
            hooks.onDelta?.(text.slice(emitted));
            emitted = text.length;
          }
        });
        const answer = composePlanAnswers(parts);
        if (!answer) return await notFound(chunks, screenedPlans.flatMap((p) => p.screened.flags), true);
        const output = await timed("output_ms", () => composeOutput(standalone, answer.text, true, language));
        return { ...result(standalone, rewrite, answer, chunks, merged, screenedPlans.flatMap((p) => p.screened.flags), output), planScope };
      }

      /** A not-found answer's text: the not-found sentence (`sentence`), then the one naming the nearest passages' pages (when any). */
      function notFoundText(near: readonly RetrievedChunk[], sentence: string = NOT_FOUND_TEXTS[language]): string {
        const line = nearestPagesLine(near.map((c) => ({ filename: c.filename, page: c.pageStart })), language);
        return line ? `${sentence} ${line}` : sentence;
      }

      function result(
        standaloneQuestion: string,
        rw: Rewrite | undefined,
        answer: SynthesizedAnswer,
        chunks: readonly RetrievedChunk[],
        retrieval: Retrieval | undefined,
        documents: readonly ChunkInjectionFlag[],
        output: { nextSteps: string[]; suggestedQuestions: string[] },
      ): WorkflowResult {
        return {
          question: input.normalized,
          standalone: standaloneQuestion,
          rewrite: rw,
          language,
          languageReason: input.languageReason,
          answer,
          chunks,
          sourcesRole: !answer.found && chunks.length > 0 ? "nearest" : "answer",
          retrieval,
          injection: { question: input.injection, documents },
          nextSteps: output.nextSteps,
          suggestedQuestions: output.suggestedQuestions,
          steps: { ...steps },
        };
      }
    },
  };
}

/** The answer without active content (HTML, script, markdown images or links), whatever a model wrote. */
function neutralized(synthesized: SynthesizedAnswer): SynthesizedAnswer {
  const neutral = neutralizeActiveContent(synthesized.text);
  return neutral === synthesized.text ? synthesized : { ...synthesized, text: neutral.replace(/[ \t]{2,}/g, " ").trim() };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
