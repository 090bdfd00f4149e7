/**
 * The clause that carries a question, told from the context a member gives before it ("My husband
 * collapsed at home last night and the paramedics took him to the hospital. On our Kaiser plan,
 * what's our share for the ride there?"). Members write the situation first and the ask last; the
 * situation's words ("collapsed", "last night", "monkey bars") are rarely in a plan document, so
 * counted as question words they read as a topic the documents lack.
 *
 * The split is syntactic, English only: sentences end at `.`, `?` or `!` followed by a space; a
 * sentence asks when it ends with `?` or opens with an interrogative, an auxiliary or a request
 * ("tell me", "I want to know"). Within the first asking sentence, a leading statement joined to the
 * ask by a comma, semicolon or dash and "so", "but" or "and" ("We're hoping to start a family soon, so
 * how long …") is context too; a leading condition ("If I stop paying my penalty, how long …") is not
 * (measured as context for the retrieval weights, with the retriever's lay bridge: dev harness
 * hit@5/facts/ans-refused per document · library 94.5/80.2/2.5 · 93.7/79.2/2.7 → 94.4/80.2/2.7 ·
 * 93.6/79.1/2.8, members4–6 92.8/64.0 · 91.4/64.7 → 92.1/64.0 · 90.6/64.0).
 * Everything before the first asking sentence (or clause) is the preamble; the rest is the ask.
 * An ask that leans on the context (a pronoun pointing back, or almost no content words of its own)
 * is flagged `anaphoric`: its context names the topic and must not be discounted.
 * A statement of what the member means to do ("I want to file a complaint with SCAN.", "I'd like to
 * switch to a doctor in another medical group") is the ask's topic told as a statement, not scene:
 * it is returned as `intent` (the clause from "I want to" to the clause's end). Its words keep full
 * retrieval weight (./analyze.ts; the refusal's question words and the synthesizer's weights are
 * unchanged: giving the synthesizer them too lost facts). Dev harness facts per document · library,
 * all dev 80.9 · 80.2 → 81.2 · 80.4, members4–7 69.2 · 69.2 → 70.3 · 70.3, hit@5 unchanged.
 */

import { ENGLISH_STOPWORDS } from "../text/stopwords.ts";

/** Words that open an asking sentence or clause (interrogatives, auxiliaries of yes/no questions, requests). */
export const ASK_OPENERS: readonly string[] = [
  "what", "whats", "what's", "how", "hows", "how's", "which", "who", "whom", "whose", "when", "where", "why",
  "does", "do", "did", "is", "are", "am", "was", "were", "can", "could", "will", "would", "should", "shall", "may",
  "has", "have", "if so", "tell me", "please tell", "i want to know", "i need to know", "i'd like to know", "i would like to know",
  "i wonder", "i'm wondering", "im wondering", "wondering",
];

/**
 * Words by which an ask points back into the context ("will the plan pay for them?", "does it cover
 * that?", "what's the copay there?"): the context then names what is asked about.
 */
// "there" is left out: in a question it is mostly existential ("is there a limit on visits?").
const ANAPHORA_RE = /\b(?:it|its|them|they|their|that|those|this|these|one|ones|such|he|she|him|her|his)\b/i;

/**
 * Fewest lower-case content words (not stopwords, ≥ 3 letters) an ask needs to stand on its own:
 * "Who do I call and by when?" leans on the context for what it is about.
 */
export const MIN_ASK_CONTENT_WORDS = 2;

/** The split of a question into context and ask. */
export interface AskSplit {
  /** The context before the ask (empty when there is none). */
  readonly preamble: string;
  /** The asking sentence(s) or clause onward (the whole question when there is no preamble). */
  readonly ask: string;
  /**
   * Whether the ask leans on the context: points back into it ({@link ANAPHORA_RE}) or holds fewer
   * than {@link MIN_ASK_CONTENT_WORDS} content words; false without a preamble.
   */
  readonly anaphoric: boolean;
  /**
   * The preamble's intent clauses ({@link INTENT_RE}: "I want to …", "we'd like to …", "I'm trying
   * to …", up to the next `.`, `?`, `!`, `;` or comma), joined by a space; empty when there are none.
   */
  readonly intent: string;
}

/**
 * A first-person statement of intent: "I/we" + (want|need|would like|'d like|am/are trying|am/are
 * planning|am/are hoping) + "to", then the rest of the clause. "going to" is left out: "We're going
 * to Italy" tells where, not what is asked.
 */
export const INTENT_RE = /\b(?:i|we)(?:\s+(?:really\s+)?(?:want|need|wish)|(?:['’]d|\s+would)\s+(?:really\s+)?like|(?:['’]m|['’]re|\s+am|\s+are)\s+(?:trying|planning|hoping))\s+to\s+[^.?!;,]*/gi;

/** The intent clauses of a preamble ({@link INTENT_RE}), joined by a space. */
export function intentClauses(preamble: string): string {
  return (preamble.match(INTENT_RE) ?? []).join(" ");
}

const OPENER_RE = new RegExp(`^(?:${ASK_OPENERS.map((w) => w.replace(/'/g, "['’]")).join("|")})\\b`, "i");
/** A clause boundary inside a sentence followed by an asking clause (the connector, "so", "but" or "and", captured). */
const CLAUSE_RE = new RegExp(`(?:,|;|\\s[-–—])\\s+(?:(so|but|and)\\s+)?(?=(?:${ASK_OPENERS.filter((w) => !w.includes(" ")).map((w) => w.replace(/'/g, "['’]")).join("|")})\\b)`, "gi");

/**
 * A clause that asks behind a short leading prepositional phrase ("On the bronze plan what do I pay
 * for an X-ray", "For my kids how many visits …"): a preposition, at most four words that are no
 * ask opener, then an interrogative head. Only heads that rarely open a relative clause after a
 * noun are taken ("what", "how", "which", "why"); "the clinic where …", "my son who …", "the day
 * when …" stay context.
 */
const FRONTED_ASK_RE = new RegExp(`^(?:on|for|with|under|in|at|through|from|during|after|before|about|regarding)\\s+(?:(?!(?:${ASK_OPENERS.filter((w) => !w.includes(" ")).map((w) => w.replace(/'/g, "['’]")).join("|")})\\b)[\\p{L}\\p{N}$'’-]+\\s+){1,4}(?:what|whats|what['’]s|how|hows|how['’]s|which|why)\\b`, "iu");

/** Whether a sentence asks (ends with "?" or opens with an ask opener). */
function asks(sentence: string): boolean {
  const s = sentence.trim().replace(/^[¿¡"'“‘(]+/, "");
  return s.endsWith("?") || OPENER_RE.test(s);
}

/**
 * Splits a question into the context before the ask and the ask.
 * @param question the member's question
 * @returns `preamble` empty when the question opens with its ask or holds no asking sentence
 */
export function splitAsk(question: string): AskSplit {
  const sentences = question.split(/(?<=[.?!])\s+(?=\S)/);
  const first = sentences.findIndex(asks);
  if (first < 0) return { preamble: "", ask: question, anaphoric: false, intent: "" };
  const lead = sentences.slice(0, first).join(" ");
  const sentence = sentences[first] as string;
  let clause = "";
  let rest = sentence;
  if (!OPENER_RE.test(sentence.trim().replace(/^[¿¡"'“‘(]+/, ""))) {
    CLAUSE_RE.lastIndex = 0;
    const m = CLAUSE_RE.exec(sentence);
    // Only a statement joined to the ask ("…soon, so how long …"); "On my plan, how big is …, and
    // what …" opens with its ask.
    // A fronted ask ("On the plan what does it cost, and how much …") is no statement.
    if (m?.[1] && !FRONTED_ASK_RE.test(sentence.slice(0, m.index).trim().replace(/^[¿¡"'“‘(]+/, ""))) {
      clause = sentence.slice(0, m.index);
      rest = sentence.slice(m.index + m[0].length);
    }
  }
  const preamble = [lead, clause].filter((p) => p.trim() !== "").join(" ");
  const ask = [rest, ...sentences.slice(first + 1)].join(" ");
  const content = (ask.match(/\b[a-z][a-z']{2,}\b/g) ?? []).filter((w) => !ENGLISH_STOPWORDS.has(w.replace(/'.*$/, "")));
  return { preamble, ask, anaphoric: preamble !== "" && (ANAPHORA_RE.test(ask) || content.length < MIN_ASK_CONTENT_WORDS), intent: intentClauses(preamble) };
}

/**
 * A capitalised word right after a preposition of place or a verb of visiting ("visiting my sister
 * in Arizona", "a trip to Italy", "back from Oregon"): the member says where something happened,
 * which sets the scene. Words of a run of two or more capitalised words are left to the caller
 * (a plan's name: "in SCAN Classic").
 */
const PLACE_NAME_RE = /\b(?:in|to|from|near|around|visiting|visit)\s+(\p{Lu}[\p{Ll}]+)\b/gu;

/**
 * The place names of a context ({@link PLACE_NAME_RE}), as written. Such a name, when only the
 * context uses it, is no question word for the refusal features (rag/query/analyze.ts): the
 * documents need not name the state a member was travelling in to answer what the plan pays there.
 * Also when the ask points back into the context ("send it in": the bill, not the state).
 * Measured (dev harness, fusion, DEFAULT_REFUSAL_MODEL unchanged): answerable refused ALL
 * 1.5 → 1.0% per document, 1.9 → 1.4% library, FRESH 2.4 → 1.6% / 2.4 → 1.6%, unanswerable
 * refused unchanged, facts found +2 cases; `bun eval/fit-refusal.ts --curve` held out with the default
 * coefficients, unanswerable refused at ≤ 3% FRESH answerable refused 52.6 → 57.8 per document,
 * 52.6 → 55.6 library (at 1/2/5/10% and on the pooled threshold not lower; a refit's curve is mixed:
 * at its FRESH 3% point 50.4 → 53.3 / 51.1, on the pooled 3% point 53.3 → 53.3 / 53.3 → 51.1). Without the place cue (every lone context name) a product
 * named in the context ("offered <brand> aligners") stopped refusing an unanswerable question.
 * @param preamble the context before the ask ({@link splitAsk} `preamble`)
 */
export function placeNames(preamble: string): string[] {
  return [...preamble.matchAll(PLACE_NAME_RE)].map((m) => m[1] as string);
}
