export { createQuestionAnalyzer, DEFAULT_GLOSSARY_TERM_WEIGHT, type QuestionAnalysis, type QuestionAnalyzer, UNTRANSLATED_SPANISH_WEIGHT } from "./analyze.ts";
export { COGNATE_FORM_MIN_CHARS, type CognateFormMatcher, createCognateFormMatcher, englishCognateForms, SPANISH_SUFFIX_CORRESPONDENCES } from "./cognate-forms.ts";
export { COGNATE_PREFIX_CHARS, cognateIndex, cognateSkeleton, foldSpelling } from "./cognates.ts";
export { definedTermMatch, isDefinitionAsk } from "./definition-ask.ts";
