/**
 * Names as answer values. A question about who acts ("who reviews the request at the next
 * level?") wants a name ("an Independent Review Entity", "the Office of Civil Rights"), as "how
 * much" wants an amount: a sentence that only repeats the question's words ("to go on to the next
 * level, see the notice you get") does not say who, the one naming the body does. A name is a run
 * of two or more capitalised words (the way plan documents write bodies, offices and programmes).
 * Such a sentence earns the value bonus (scoring.ts `intentBonus`). Dev harness (705 cases less
 * members4/5/6, fusion, facts per document / library): 80.6 / 78.6 → 81.0 / 79.1 (lookup 89.6 / 87.7
 * → 90.5 / 88.6), hit@5 library 91.8 → 92.0, no case lower, answers 2 characters longer on average.
 * Also adding the first following sentence naming someone (complete-value.ts `completeValue`, as for a
 * phone number) moved no further case, so it is left out; weighing the verb after "who" as a framing
 * word (focus.ts, as "much" in "how much") lost one case (81.5 / 79.6 → 81.4 / 79.4).
 */
import { normalizeText, tokenize } from "../text/tokenize.ts";
import { ENGLISH_STOPWORDS } from "../text/stopwords.ts";

/**
 * A "who" question asking for the one who acts: "who" followed by a verb in the third person
 * ("who hears / decides / handles / looks at / tells me"), or "who will / would …", opening a
 * sentence or a clause ("… and who decides it?"; not the relative "I'm the one who takes care of
 * him"). Not "who is covered", "who counts as", "who qualifies" (they ask for criteria), nor "who
 * do I call" or "who can help me" (a phone or contact ask, rag/synthesizer/values.ts).
 */
const WHO_ACTS_RE = /(?:^|[.?!;:¿]\s*|\b(?:and|or|y|o)\s+)(?:who|quien)\s+(?:(?:will|would)\s+[a-z]+|(?!(?:is|was|has|does|counts|qualifies|gets|needs)\b)[a-z]+s)\b/;

/**
 * Whether a question asks who does something (the answer is a name).
 * @param question the user's question
 */
export function asksWho(question: string): boolean {
  return WHO_ACTS_RE.test(normalizeText(question));
}

/** Capitalised words (an initial capital, then letters; or an all-capitals word) in a run. */
const CAPITALISED_RUN_RE = /\b[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)+\b/g;

/**
 * The names of a text: each run of two or more capitalised words, leading function words dropped
 * ("An Administrative Law Judge" → administrative, law, judge), as the tokeniser's terms.
 * @param text a sentence as written
 * @returns one term list per name, in reading order
 */
export function namesOf(text: string): string[][] {
  const out: string[][] = [];
  for (const m of text.matchAll(CAPITALISED_RUN_RE)) {
    const words = m[0].split(/\s+/);
    while (words.length > 0 && ENGLISH_STOPWORDS.has((words[0] as string).toLowerCase())) words.shift();
    if (words.length < 2) continue;
    const terms = tokenize(words.join(" ")).map((t) => t.term);
    if (terms.length >= 2) out.push(terms);
  }
  return out;
}

/**
 * Whether one of `names` is new to the question: more than half of its terms are not the
 * question's ("Medicare Appeals Council" for "who looks at my appeal at Level 4?"; not "SCAN
 * Classic" when the question says "SCAN").
 * @param names from {@link namesOf}
 * @param questionTerms the question's terms
 */
export function holdsNewName(names: readonly (readonly string[])[] | undefined, questionTerms: ReadonlyMap<string, unknown>): boolean {
  return (names ?? []).some((n) => n.filter((t) => !questionTerms.has(t)).length * 2 > n.length);
}
