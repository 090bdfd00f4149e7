/**
 * The `output` step's next steps: when an answer implies something the member must do — get
 * prior authorization, get a referral, appeal before a deadline — a short list says so, in the
 * answer's language. Rules over the answer text (the quoted document sentences); a requirement
 * the answer negates ("no referral is needed") implies nothing.
 */
import type { Language } from "./language.ts";
import { foldForMatching } from "./normalize.ts";

/** Which action a next step is about. */
export type NextStepKind = "prior_authorization" | "referral" | "appeal_deadline";

/** One next step. */
export interface NextStep {
  readonly kind: NextStepKind;
  /** The step in plain language, in the answer's language. */
  readonly text: string;
}

const PRIOR_AUTH = /\b(?:prior\s+authori[sz]ation|pre-?authori[sz]ation|prior\s+approval|pre-?approval|pre-?certification|precertification|autorizacion\s+previa)\b/g;
const REFERRAL = /\b(?:referral|referrals|referred\s+by|remision|referido)\b/g;
const APPEAL = /\b(?:appeal|appeals|reconsideration|apelacion|apelar)\b/;
const NEGATION = /\b(?:no|not|never|doesn't|don't|isn't|aren't|ningun|ninguna|tampoco)\b|n't\b/;
const DEADLINE =
  /\b(?:within|no\s+later\s+than|up\s+to|at\s+most|dentro\s+de)\s+(\d{1,3}|[a-z]+(?:-[a-z]+)?)\s+(calendar\s+|business\s+|working\s+)?(days?|months?|years?|dias|meses)\b/;

/** English number words 1–19 and the tens (a compound such as "sixty-five" is a ten plus a unit). */
const UNIT_WORDS = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split(" ");
const TEN_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety".split(" ");

/** The value of an English number word from 1 to 99 ("four", "forty-five"), or undefined. */
export function numberWord(word: string): number | undefined {
  const [first = "", second] = word.split("-");
  const unit = (w: string) => UNIT_WORDS.indexOf(w) + 1;
  const ten = (w: string) => (TEN_WORDS.indexOf(w) + 2) * 10;
  if (second === undefined) return unit(first) > 0 ? unit(first) : TEN_WORDS.includes(first) ? ten(first) : undefined;
  return TEN_WORDS.includes(first) && unit(second) > 0 && unit(second) < 10 ? ten(first) + unit(second) : undefined;
}

/**
 * The next steps an answer implies, at most one per kind, in the order prior authorization,
 * referral, appeal deadline. None for a not-found answer.
 * @param answer the answer text (document sentences, possibly in a language framing)
 * @param found whether the answer was found
 * @param language the answer's language
 */
export function nextSteps(answer: string, found: boolean, language: Language): NextStep[] {
  if (!found) return [];
  const sentences = foldForMatching(answer).split(/(?<=[.!?;])\s+|\[\d+\]/);
  const steps: NextStep[] = [];
  if (required(sentences, PRIOR_AUTH)) steps.push({ kind: "prior_authorization", text: TEXT[language].prior_authorization });
  if (required(sentences, REFERRAL)) steps.push({ kind: "referral", text: TEXT[language].referral });
  const deadline = appealDeadline(sentences);
  if (deadline) steps.push({ kind: "appeal_deadline", text: TEXT[language].appeal(deadline.amount, deadline.unit, language) });
  return steps;
}

/** True when some sentence mentions the requirement without negating it. */
function required(sentences: readonly string[], re: RegExp): boolean {
  return sentences.some((s) => {
    re.lastIndex = 0;
    for (const m of s.matchAll(re)) {
      const before = s.slice(Math.max(0, m.index - 40), m.index);
      const after = s.slice(m.index + m[0].length, m.index + m[0].length + 30);
      // "not covered without prior authorization" states the requirement.
      if (/\b(?:without|sin|unless\s+you\s+(?:get|have|obtain))\s+(?:a\s+|an\s+|la\s+|una\s+)?$/.test(before)) return true;
      if (!NEGATION.test(before) && !/\b(?:not\s+(?:required|needed)|isn't\s+required|no\s+(?:es|se)\s+(?:necesaria|requiere))\b/.test(after)) return true;
    }
    return false;
  });
}

/** The deadline of an appeal named in a sentence that mentions appealing. */
function appealDeadline(sentences: readonly string[]): { amount: number; unit: "days" | "months" | "years" } | undefined {
  for (const s of sentences) {
    if (!APPEAL.test(s)) continue;
    const m = DEADLINE.exec(s);
    if (!m) continue;
    const amount = /^\d+$/.test(m[1]!) ? Number(m[1]) : (numberWord(m[1]!) ?? NaN);
    if (!Number.isFinite(amount)) continue;
    const unit = /^(?:month|mes)/.test(m[3]!) ? "months" : /^year/.test(m[3]!) ? "years" : "days";
    return { amount, unit };
  }
  return undefined;
}

const UNITS_ES = { days: "días", months: "meses", years: "años" } as const;

const TEXT = {
  en: {
    prior_authorization: "Ask your doctor to request prior authorization from your plan before you get this service, and keep the approval.",
    referral: "Get a referral from your primary care provider (PCP) before you see the specialist.",
    appeal: (n: number, unit: "days" | "months" | "years", _l: Language) =>
      `If you want to appeal, file it within ${n} ${n === 1 ? unit.replace(/s$/, "") : unit} of the date on the decision notice; mark the deadline on your calendar.`,
  },
  es: {
    prior_authorization: "Pida a su médico que solicite la autorización previa a su plan antes de recibir este servicio, y guarde la aprobación.",
    referral: "Obtenga una remisión de su proveedor de atención primaria (PCP) antes de ver al especialista.",
    appeal: (n: number, unit: "days" | "months" | "years", _l: Language) =>
      `Si quiere apelar, presente la apelación dentro de ${n} ${n === 1 ? { days: "día", months: "mes", years: "año" }[unit] : UNITS_ES[unit]} a partir de la fecha del aviso de la decisión; anote la fecha límite.`,
  },
} as const;
