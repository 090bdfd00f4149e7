/**
 * Answers that name their plan and document: "30/1000 Deductible (SBC_Kaiser.pdf): … [1]".
 * A single-plan answer gets the label unless its text already names the cited file (a synthesizer
 * may label record answers itself); a question answered plan by plan joins the plans' answers,
 * each labelled, with their citation markers renumbered so `[n]` still points at `citations[n-1]`.
 */
import type { Citation, SynthesizedAnswer } from "../types.ts";
import { fileBase } from "./names.ts";
import type { Plan } from "./plan-scope.ts";

/**
 * The label of an answer from `plan`: its plan name and the document cited ("30/1000 Deductible
 * (SBC_Kaiser.pdf)"); just the file name when the plan has no name of its own.
 */
export function planAnswerLabel(plan: Plan, filename: string): string {
  return plan.label === fileBase(filename) ? filename : `${plan.label} (${filename})`;
}

/** The document an answer from `plan` quotes: its first citation's file, else the plan's first file. */
function citedFile(plan: Plan, answer: SynthesizedAnswer): string {
  return answer.citations[0]?.filename ?? (plan.filenames[0] as string);
}

/**
 * Prefixes a found answer with its plan label, unless the text already names the cited file.
 * Not-found answers are returned unchanged.
 */
export function withPlanLabel(answer: SynthesizedAnswer, plan: Plan): SynthesizedAnswer {
  if (!answer.found) return answer;
  const file = citedFile(plan, answer);
  if (answer.text.includes(file)) return answer;
  return { ...answer, text: `${planAnswerLabel(plan, file)}: ${answer.text}` };
}

/** One plan's part of an answer given plan by plan. */
export interface PlanAnswer {
  readonly plan: Plan;
  readonly answer: SynthesizedAnswer;
}

/**
 * Joins plan-by-plan answers (found ones only, in the given order) into one answer: each part
 * labelled ({@link withPlanLabel}) on its own line, citation markers and indices renumbered.
 * @returns undefined when no part was found
 */
export function composePlanAnswers(parts: readonly PlanAnswer[]): SynthesizedAnswer | undefined {
  const found = parts.filter((p) => p.answer.found);
  if (found.length === 0) return undefined;
  const texts: string[] = [];
  const citations: Citation[] = [];
  let dropped = 0;
  for (const { plan, answer } of found) {
    const offset = citations.length;
    const labelled = withPlanLabel(answer, plan);
    texts.push(offset === 0 ? labelled.text : labelled.text.replace(/\[(\d+)\]/g, (_, n: string) => `[${Number(n) + offset}]`));
    for (const c of answer.citations) citations.push({ ...c, index: c.index + offset });
    dropped += answer.droppedCitationMarkers ?? 0;
  }
  return {
    text: texts.join("\n"),
    found: true,
    citations,
    provider: (found[0] as PlanAnswer).answer.provider,
    ...(dropped > 0 ? { droppedCitationMarkers: dropped } : {}),
  };
}
