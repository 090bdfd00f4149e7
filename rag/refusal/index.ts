export { ABSENT_FEATURES, decideRefusal, DEFAULT_REFUSAL_MODEL, REFUSAL_FEATURES, type RefusalDecision, type RefusalFeatures, type RefusalModel, refusalFeatures, refusalProbability } from "./refusal.ts";
export { planNameTerms } from "./plan-name.ts";
export { type EvidenceFeatures, RARE_TERMS } from "./evidence.ts";
