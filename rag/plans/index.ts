/**
 * Plan-aware answers (issue 12 part 3): which of the member's plans a question is about
 * (./plan-scope.ts, from the documents' profiles and file names) and answers labelled with their
 * plan and document (./compose.ts).
 */
export { composePlanAnswers, planAnswerLabel, type PlanAnswer, withPlanLabel } from "./compose.ts";
export { compoundWords, createNameVocabulary, fileBase, type NameVocabulary, type NameWord, nameWords, PLAN_NAME_GENERIC_WORDS } from "./names.ts";
export {
  createPlanNamer,
  DEFAULT_MAX_PLANS_PER_TURN,
  groupPlans,
  type Plan,
  type PlanDocument,
  type PlanNamer,
  type PlanScope,
  type PlanScopeReason,
  resolvePlanScope,
} from "./plan-scope.ts";
