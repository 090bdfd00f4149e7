export {
  type AnswerabilityOptions,
  type AnswerabilityVerdict,
  assessAnswerability,
  DEFAULT_MAX_MISSING_SHARE,
  DEFAULT_PREFIX_MATCH,
  resolveAnswerabilityOptions,
} from "./answerability.ts";
export { GENERIC_QUESTION_TERMS } from "./generic.ts";
export { capitalisedRuns, filenameTerms, nameTerms } from "./names.ts";
