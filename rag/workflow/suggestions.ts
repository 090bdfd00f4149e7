/**
 * The `output` step's suggested follow-up questions, in the answer's language: the same question
 * for the other network (or coverage tier) when it named one, then questions on topics related to
 * the one asked about (deductible → out-of-pocket maximum, specialist → referral…).
 */
import { FACETS, findFacets } from "./facets.ts";
import type { Language } from "./language.ts";
import { foldForMatching } from "./normalize.ts";

/** Suggestions returned at most. */
export const MAX_SUGGESTIONS = 3;

type TopicId =
  | "deductible" | "out_of_pocket" | "copay" | "coinsurance" | "specialist" | "referral" | "prior_authorization"
  | "emergency" | "urgent_care" | "drugs" | "appeal" | "hospital" | "mental_health" | "member_services";

interface Topic {
  readonly id: TopicId;
  /** Matched against the folded question. */
  readonly re: RegExp;
  readonly related: readonly TopicId[];
  readonly question: Readonly<Record<Language, string>>;
}

const TOPICS: readonly Topic[] = [
  { id: "deductible", re: /\bdeductible|\bdeducible/, related: ["out_of_pocket", "coinsurance"], question: { en: "What is my deductible?", es: "¿De cuánto es mi deducible?" } },
  { id: "out_of_pocket", re: /out[\s-]of[\s-]pocket|gastos de bolsillo/, related: ["deductible", "copay"], question: { en: "What is my out-of-pocket maximum?", es: "¿De cuánto es mi máximo de gastos de bolsillo?" } },
  { id: "copay", re: /\bco-?pay|\bcopago/, related: ["deductible", "out_of_pocket"], question: { en: "Does the deductible apply before the copay?", es: "¿Se aplica el deducible antes del copago?" } },
  { id: "coinsurance", re: /coinsurance|coseguro/, related: ["deductible", "out_of_pocket"], question: { en: "What is my coinsurance?", es: "¿Qué coseguro pago?" } },
  { id: "specialist", re: /specialist|especialista/, related: ["referral", "prior_authorization"], question: { en: "How much does a specialist visit cost?", es: "¿Qué pago por una visita al especialista?" } },
  { id: "referral", re: /referral|\brefer\b|remision|referido/, related: ["specialist", "prior_authorization"], question: { en: "Do I need a referral to see a specialist?", es: "¿Necesito una remisión para ver a un especialista?" } },
  { id: "prior_authorization", re: /prior authori|pre-?authori|pre-?approval|autorizacion previa/, related: ["appeal", "referral"], question: { en: "Which services need prior authorization?", es: "¿Qué servicios necesitan autorización previa?" } },
  { id: "emergency", re: /emergency|emergencia/, related: ["urgent_care", "out_of_pocket"], question: { en: "What do I pay at the emergency room?", es: "¿Qué pago en la sala de emergencias?" } },
  { id: "urgent_care", re: /urgent|urgencia|urgente/, related: ["emergency", "copay"], question: { en: "What do I pay for urgent care?", es: "¿Qué pago por atención de urgencia?" } },
  { id: "drugs", re: /drug|prescription|pharmacy|insulin|medicamento|receta|farmacia|insulina/, related: ["prior_authorization", "deductible"], question: { en: "How much do generic drugs cost?", es: "¿Qué pago por medicamentos genéricos?" } },
  { id: "appeal", re: /appeal|denied|denial|apelacion|apelar|denegad/, related: ["member_services", "prior_authorization"], question: { en: "How do I appeal a denied claim?", es: "¿Cómo apelo una reclamación denegada?" } },
  { id: "hospital", re: /hospital|inpatient|hospitalizacion|internacion/, related: ["prior_authorization", "out_of_pocket"], question: { en: "How much does a hospital stay cost?", es: "¿Qué pago por una hospitalización?" } },
  { id: "mental_health", re: /mental health|behavioral health|therapy|salud mental|terapia/, related: ["referral", "copay"], question: { en: "How much does a mental health visit cost?", es: "¿Qué pago por una visita de salud mental?" } },
  { id: "member_services", re: /member services|customer service|phone|telephone|servicios\s+para\s+miembros|telefono/, related: ["appeal", "deductible"], question: { en: "What is the Member Services phone number?", es: "¿A qué teléfono llamo para hablar con el plan?" } },
];
const DEFAULT_TOPICS: readonly TopicId[] = ["deductible", "out_of_pocket", "member_services"];

/** Facet groups whose other value makes a natural follow-up ("…in network" → "…out of network"). */
const SWAP_GROUPS = new Set(["network", "coverage_tier"]);
/** The wording used for a swapped facet value, per language. */
const SWAP_WORDING: Readonly<Record<string, Readonly<Record<Language, string>>>> = {
  in_network: { en: "in-network", es: "dentro de la red" },
  out_of_network: { en: "out-of-network", es: "fuera de la red" },
  individual: { en: "individual", es: "individual" },
  family: { en: "family", es: "familiar" },
};

/**
 * Suggested follow-up questions, at most {@link MAX_SUGGESTIONS}, none equal to the question.
 * @param question the standalone question that was answered
 * @param language the answer's language
 */
export function suggestQuestions(question: string, language: Language): string[] {
  const out: string[] = [];
  const add = (q: string | undefined) => {
    if (!q || out.length >= MAX_SUGGESTIONS) return;
    const f = foldForMatching(q);
    if (f !== foldForMatching(question) && !out.some((o) => foldForMatching(o) === f)) out.push(q);
  };
  add(swappedQuestion(question, language));
  const folded = foldForMatching(question);
  const asked = TOPICS.filter((t) => t.re.test(folded));
  const askedIds = new Set(asked.map((t) => t.id));
  // Round robin over the asked topics' related ones, so a cost word ("copay") does not crowd out the service ("specialist").
  const width = Math.max(0, ...asked.map((t) => t.related.length));
  const interleaved = Array.from({ length: width }, (_, i) => asked.map((t) => t.related[i])).flat();
  const related = [...new Set([...interleaved, ...DEFAULT_TOPICS])].filter((id): id is TopicId => id !== undefined && !askedIds.has(id));
  for (const id of related) add(TOPICS.find((t) => t.id === id)?.question[language]);
  return out;
}

/** The question with its network (or coverage tier) facet switched to the other value. */
function swappedQuestion(question: string, language: Language): string | undefined {
  const hit = findFacets(question).find((h) => SWAP_GROUPS.has(h.facet.group));
  // A fragment ("and out of network?") has nothing to carry over to the other network.
  if (!hit || (question.slice(0, hit.start) + question.slice(hit.end)).split(/\s+/).filter((w) => /\p{L}{3,}/u.test(w)).length < 3) return undefined;
  const other = FACETS.find((f) => f.group === hit.facet.group && f.value !== hit.facet.value);
  const wording = other && SWAP_WORDING[other.value]?.[language];
  if (!wording) return undefined;
  return question.slice(0, hit.start) + wording + question.slice(hit.end);
}
