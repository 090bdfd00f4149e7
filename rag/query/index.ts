export { createQuestionAnalyzer, DEFAULT_GLOSSARY_TERM_WEIGHT, type QuestionAnalysis, type QuestionAnalyzer, UNTRANSLATED_SPANISH_WEIGHT } from "./analyze.ts";
export { COGNATE_PREFIX_CHARS, cognateIndex, cognateSkeleton } from "./cognates.ts";
export { definedTermMatch, isDefinitionAsk } from "./definition-ask.ts";
