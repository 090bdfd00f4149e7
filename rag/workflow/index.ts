export { foldForMatching, normalizeQuestion } from "./normalize.ts";
export { DEFAULT_LANGUAGE, detectLanguage, isLanguage, LANGUAGES, type Language, type LanguageDetection } from "./language.ts";
export { detectInjection, INJECTION_PATTERNS, INJECTION_PREFILTER, screenInjection, type InjectionKind, type InjectionPattern, type InjectionScreen, type ScreenOptions } from "./injection.ts";
export { createChunkScreener, DEFAULT_SCREEN_MEMO_CHUNKS, screenChunks, type ChunkInjectionFlag, type ScreenedChunks, type TextScreen } from "./screen-chunks.ts";
export { FACETS, findFacets, phrasePattern, type Facet, type FacetHit } from "./facets.ts";
export { MAX_BARE_FRAGMENT_WORDS, MAX_FOLLOW_UP_OWN_WORDS, MAX_FOLLOW_UP_WORDS, rewriteFollowUp, topicOf, type ConversationTurn, type RewriteRule, type RuleRewrite } from "./rewrite-rules.ts";
export {
  createModelRewriter,
  createRuleRewriter,
  DEFAULT_REWRITE_HISTORY_TURNS,
  DEFAULT_REWRITE_MAX_TOKENS,
  REWRITE_SYSTEM_PROMPT,
  type ChatCompletion,
  type ModelRewriterOptions,
  type QuestionRewriter,
  type Rewrite,
  type RewriteInput,
  type RewriterMessage,
} from "./rewriter.ts";
export { nextSteps, type NextStep, type NextStepKind } from "./next-steps.ts";
export { MAX_SUGGESTIONS, suggestQuestions } from "./suggestions.ts";
export { DEFAULT_NEAREST_PAGES_NAMED, INSTRUCTION_ONLY_TEXT, NEAREST_PAGES_INTRO, nearestPagesLine, NOT_FOUND_TEXTS } from "./texts.ts";
export { prepareInput, type PreparedInput } from "./input.ts";
export { composeOutput, type AnswerOutput } from "./output.ts";
export { hasActiveContent, neutralizeActiveContent } from "./active-content.ts";
export { compactForm, screenForm } from "./injection-text.ts";
