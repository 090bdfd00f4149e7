export { type ExpandOptions, expandQuery, GLOSSARY, isSpanishQuery, GLOSSARY_WORDS, type GlossaryMatch, type QueryExpansion } from "./expand.ts";
export { INDIA_TERMS } from "./india-terms.ts";
export { SPANISH_PHRASES, SPANISH_SOURCE, SPANISH_WORDS } from "./spanish.ts";
export { type GlossaryEntry, SRC_HEALTHCARE_GOV, SRC_IRDAI, SRC_MEDICARE, SRC_PLAIN, SRC_SBC_TEMPLATE } from "./types.ts";
export { US_TERMS } from "./us-terms.ts";
