/**
 * Value typing for answer selection. A question asks for a *kind* of value: an amount of money
 * ("how much is the deductible"), a duration or age ("how long", "how old", "waiting period"), or
 * a phone number. A passage earns the value bonus for holding that kind, so an age question
 * prefers an age range over a benefit row in money, and a cost question prefers an amount over a
 * number of months. Section numbers ("36.Inclusion …", "3.1.8 Hospital Cash") are not values.
 */
import { normalizeText, type Token, tokenize } from "../text/tokenize.ts";
import { asksWho } from "./entities.ts";

/** Kind of a value token, after typing numbers followed by a time unit as durations. */
export type ValueKind = "money" | "percent" | "duration" | "number" | "phone" | "date";

/** Month names (and their short forms) as tokenised: a number right after one is a day of a date ("October 15"). */
const MONTH_TERMS = new Set(["january", "jan", "february", "feb", "march", "mar", "april", "apr", "may", "june", "jun", "july", "jul", "august", "aug", "september", "sep", "sept", "october", "oct", "november", "nov", "december", "dec"]);

/**
 * Question cues for a time ("When is the Annual Enrollment Period?", "when did … take effect?"):
 * "when" opening a clause before an auxiliary, so a condition ("the copay when I go") is not one.
 * A date or a duration ("within 7 days", "the first 12 months") answers it.
 */
const DATE_ASK_RE =
  /(?:^|[.?!,;:¿]\s*|\b(?:and|but|so|or|then|by)\s+)(?:when (?:is|are|was|were|does|do|did|can|could|will|would|should|must|may|has|have)|cuando (?:es|empieza|comienza|termina|vence|se|puedo|debo|tengo|entra))\b/;

/**
 * Question cues for an amount of money. Spanish "cuánto" asks "how much" except in "cuánto tiempo"
 * (how long) and "cada cuánto" (how often), as English "how" asks an amount only in "how much".
 * Verbs of costing (Merriam-Webster "run": to cost, "the repairs ran $500"; "set back": to cost;
 * "shell out": to pay) ask an amount too ("what will the stay run me?"); with the same cue in
 * scoring.ts: dev harness facts ALL library 85.26 → 85.32 (+1 case), per document and FRESH unchanged.
 */
const MONEY_ASK_RE =
  /\b(run (?:me|us|you)|set (?:me|us|you) back|shell out|how much|cost|costs|price|copays?|copayments?|coinsurance|co-payments?|deductibles?|pay|paid|owe|charge|fees?|amount|premiums?|discount|(?<!cada )cuanto(?! tiempo)|cuesta|cuestan|cobran?|cobrar|pago|pagar|pagamos|pagaria|pague|gastar|copagos?|coseguro|deducible|prima|precio)\b/;
/** Question cues for a duration, deadline or age. */
const DURATION_ASK_RE =
  /\b(how long|how soon|how quickly|how fast|how far (?:ahead|in advance)|how old|waiting period|ages?|days?|months?|years?|hours?|weeks?|deadline|by when|until when|till when|hasta cuando|dias|meses|horas|semanas|cuanto tiempo|que tan (?:rapido|pronto))\b/;
/** Stemmed time units: a number within {@link UNIT_GAP} tokens before one is a duration ("30 calendar days"). */
const TIME_UNITS = new Set(["day", "dai", "month", "year", "week", "hour", "minut", "dia", "mese", "hora"]);
/**
 * Stems of spelled-out numbers (two … ninety, hundred), as policy wordings write durations. "one"
 * as well ("one fitness kit per year"): dev 870 facts per document / library unchanged (+1 fresh
 * paraphrase, −1 multi-hop), so left out.
 */
const NUMBER_WORD_RE = /^(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelv|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenti|twenty|thirti|thirty|forti|forty|fifti|fifty|sixti|sixty|seventi|seventy|eighti|eighty|nineti|ninety|hundr|hundred)$/;
/** Spelled-out numbers as written (two … ninety, hundred) followed by the next word. */
const SPELLED_COUNT_RE = /\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)\s+([a-z]+)/g;

/**
 * Tokens of a sentence with each spelled-out number written right before a content word ("limited
 * to two deliveries", not "two of the following") typed as a number, as a digit would be: a count,
 * or a duration before a time unit (see {@link valueKinds}).
 * @param text the sentence (as tokenised)
 * @param toks its tokens (`tokenize` of rag/text, default stemmer)
 * @param isStopword whether a lower-case word is a function word
 */
export function withSpelledCounts(text: string, toks: readonly Token[], isStopword: (w: string) => boolean): readonly Token[] {
  const norm = normalizeText(text);
  if (!SPELLED_COUNT_RE.test(norm)) return toks;
  SPELLED_COUNT_RE.lastIndex = 0;
  // the stem of the word each spelled number is written before, in reading order
  const follows: string[] = [];
  for (const m of norm.matchAll(SPELLED_COUNT_RE)) {
    const term = isStopword(m[2] as string) ? undefined : tokenize(m[2] as string)[0]?.term;
    if (term && !NUMBER_WORD_RE.test(term)) follows.push(term);
  }
  if (follows.length === 0) return toks;
  return toks.map((t, i) => {
    const next = toks[i + 1];
    if (t.kind !== "word" || !NUMBER_WORD_RE.test(t.term) || !next || next.kind !== "word") return t;
    return follows.includes(next.term) ? { ...t, kind: "number" as const } : t;
  });
}

/** Tokens allowed between a number and its time unit. */
export const UNIT_GAP = 2;

/**
 * Question cues for a count ("how many visits", "cuántos viajes"), a frequency being a count per
 * period ("how often": "up to 2 visits every year"). With "how often" (and its Spanish cues) here
 * and in the synthesizer's numeric cues (scoring.ts), dev harness (705 cases less members4/5/6,
 * fusion, facts per document / library) 81.0 / 79.1 → 81.2 / 79.2 (paraphrase 63.9 / 62.5 → 64.6 /
 * 63.2), no case lower, hit@5 unchanged.
 */
const COUNT_ASK_RE = /\b(how many|how often|how frequently|cada cuanto|con que frecuencia|cuantos|cuantas)\b/;

/** Question cues for how to reach someone or send something, or for an e-mail address: the answer is a phone number, address, website or e-mail address. */
const CONTACT_ASK_RE =
  /\b(?:(?:how|where) (?:do|can|should|would) (?:i|we|you) (?:file|submit|send|mail|request|contact|reach|start|make|ask for)|e-?mail(?: address| id)?|correo electronico|(?:a )?donde (?:mando|envio|mandar|enviar|presento|escribo)|como (?:presento|envio|mando|solicito|pido))\b/;
/** Question cues for a postal address: where to send or mail something, or an address asked by name. */
const POSTAL_ASK_RE = /\b(?:where (?:do|can|should|would) (?:i|we|you) (?:send|mail|submit|write)|(?:mailing|postal|street) address|where to (?:send|mail|write)|a que direccion|a donde (?:mando|envio|mandar|enviar|escribo))\b/;
/** A postal address in a passage: a P.O. box, or a ZIP code after a state. */
const POSTAL_VALUE_RE = /\bP\.?\s?O\.?\s+Box\b|\b[A-Z]{2},?\s+\d{5}(?:-\d{4})?\b/;

/**
 * Whether a passage gives a postal address (a P.O. box, or a state and ZIP code).
 * @param text the passage's raw text
 */
export function hasPostalAddress(text: string): boolean {
  return POSTAL_VALUE_RE.test(text);
}

/** Contact details in a passage: P.O. box, web address, ZIP code after a state, e-mail address. */
const CONTACT_VALUE_RE = /\bP\.?\s?O\.?\s+Box\b|\bwww\.|https?:\/\/|\b[A-Z]{2},?\s+\d{5}(?:-\d{4})?\b|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;

/** Which value kinds a question asks for (all may be false: "what is the limit?"). */
export interface ValueAsk {
  readonly money: boolean;
  readonly duration: boolean;
  /** "How do I submit …?", "Where do I send a claim?": a phone number, address or website answers. */
  readonly contact?: boolean;
  /** "How many …?": a count answers (a plain number, or a number of days/visits/sessions). */
  readonly count?: boolean;
  /** "Where do I send …?", "mailing address": a postal address answers (a contact ask too). */
  readonly postal?: boolean;
  /** "Who hears a Level 3 appeal?": a name answers (./entities.ts). */
  readonly entity?: boolean;
  /** "When is …?": a date ("October 15") or a duration answers. */
  readonly date?: boolean;
}

/**
 * Value kinds a question asks for (English and Spanish cues).
 * @param question the user's question (or its expansion, for Spanish)
 */
export function detectValueAsk(question: string): ValueAsk {
  const q = normalizeText(question);
  const postal = POSTAL_ASK_RE.test(q);
  const date = DATE_ASK_RE.test(q);
  return { money: MONEY_ASK_RE.test(q), duration: DURATION_ASK_RE.test(q), contact: postal || CONTACT_ASK_RE.test(q), count: COUNT_ASK_RE.test(q), postal, entity: asksWho(q), date };
}

/**
 * Whether a passage gives contact details (phone tokens are checked separately).
 * @param text the passage's raw text
 */
export function hasContactDetails(text: string): boolean {
  return CONTACT_VALUE_RE.test(text);
}

/** A leading enumeration label: "36.", "3.1.8", "28)", "(a)" (not a value). */
const ENUMERATION_RE = /^\s*(?:\(?\d+(?:\.\d+)*[.)](?!\d)|\d+(?:\.\d+)+(?=\s+[A-Z])|\([a-z]{1,3}\))\s*/;

/**
 * Strips a leading section / list number from a sentence ("36.Inclusion of …" → "Inclusion of …").
 * @param text a sentence
 */
export function stripEnumeration(text: string): string {
  return text.replace(ENUMERATION_RE, "");
}

/**
 * The value kind of each token (undefined for words): numbers followed by a time unit become durations.
 * @param toks tokens in reading order
 */
export function valueKinds(toks: readonly Token[]): (ValueKind | undefined)[] {
  const unitAfter = (i: number): boolean => {
    for (let j = i + 1; j <= Math.min(toks.length - 1, i + UNIT_GAP); j++) if (TIME_UNITS.has((toks[j] as Token).term)) return true;
    return false;
  };
  return toks.map((t, i) => {
    // a spelled-out number before a time unit ("fifteen days", "seventy two hours") is a duration
    if (t.kind === "word") return NUMBER_WORD_RE.test(t.term) && unitAfter(i) ? "duration" : undefined;
    if (t.kind !== "number") return t.kind;
    if (i > 0 && MONTH_TERMS.has((toks[i - 1] as Token).term)) return "date";
    for (let j = i + 1; j <= Math.min(toks.length - 1, i + UNIT_GAP); j++) if (TIME_UNITS.has((toks[j] as Token).term)) return "duration";
    return "number";
  });
}

/**
 * How well a value kind answers the question: 1 for the asked kind, `partial` for another number, 0 otherwise.
 * Money and percentages count as asked when the question asks for money or names no specific kind.
 * @param kind a token's value kind
 * @param ask the question's value kinds
 * @param partial credit for a number of another kind
 */
export function valueMatch(kind: ValueKind | undefined, ask: ValueAsk, partial: number): number {
  if (!kind || kind === "phone") return 0;
  if (kind === "date") return ask.date ? 1 : valueMatch("number", ask, partial);
  const unspecific = !ask.money && !ask.duration && !ask.date;
  if ((kind === "money" || kind === "percent") && (ask.money || unspecific)) return 1;
  if (kind === "duration" && (ask.duration || ask.date)) return 1;
  if ((kind === "number" || kind === "duration") && ask.count) return 1;
  return partial;
}
