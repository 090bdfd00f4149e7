/**
 * Which question words carry the topic when choosing answer sentences. Two kinds of words in a
 * question do not name what is asked about, so they should not decide which sentence is quoted:
 * - *framing* words of a value question ("how **much**", "how **many**", "how **long**"): they ask
 *   for a value, which the value-kind bonus rewards; matched as words they pull in boilerplate
 *   such as "see the chart for how much you pay";
 * - the words of a phone question that only ask for a number to **call**: the phone bonus rewards
 *   the number itself; the words name no service;
 * - the verb of a clause that only picks the network column ("if we **stay** in network", "when I
 *   **go** in-network"): the SBC grid's network columns are chosen by the network phrase
 *   (asks.ts `networkAsk`), the verb names no service and matches an unrelated one ("hospital stay");
 * - words of a glossary *lay phrase* ("before insurance kicks in"): the phrase
 *   stands for its document wording ("deductible"), which carries the facet; the lay words
 *   themselves match generic explanations ("you pay … before this plan begins to pay").
 */
import { normalizeText, tokenize } from "../text/tokenize.ts";
import type { QueryExpansion } from "../glossary/expand.ts";

/** Weight multiplier for framing words of a value question (see module doc). */
export const FRAMING_TERM_WEIGHT = 0;
/** Weight multiplier for words that occur in the question only inside a glossary lay phrase. */
export const LAY_PHRASE_TERM_WEIGHT = 0.25;

/** Words that only ask for a phone number (stems as the tokeniser gives them). */
const PHONE_FRAMING = new Set(["phon", "telephon", "number", "call", "numero", "telefono", "llamar", "llamo", "llame"]);
/** Whether a question asks for a phone number (same cues as the synthesizer's intent). */
const PHONE_ASK_RE = /\b(phone|telephone|call|tty|telefono|llamar|llamo|llame|a que numero)\b/;

/** "how much", "how many", "how long", "how often", "how soon", "how quickly", "how far". */
const FRAMING_RE = /\bhow\s+(much|many|long|often|soon|quickly|far|old)\b/g;

/**
 * Stemmed framing words of a value question ("much" in "how much do I pay"; "phone", "number"
 * and "call" in a phone question).
 * @param question the user's question
 */
export function framingTerms(question: string): Set<string> {
  const out = new Set<string>();
  const q = normalizeText(question);
  for (const m of q.matchAll(FRAMING_RE)) for (const t of tokenize(m[1] ?? "")) out.add(t.term);
  if (PHONE_ASK_RE.test(q)) for (const t of tokenize(q)) if (PHONE_FRAMING.has(t.term)) out.add(t.term);
  return out;
}

/**
 * Stemmed words that occur in the question only inside glossary lay phrases (not in the phrases'
 * document wordings, not elsewhere in the question). Spanish translations are not lay phrases.
 * @param question the user's question
 * @param expansion its glossary expansion
 */
export function layPhraseTerms(question: string, expansion: QueryExpansion): Set<string> {
  const out = new Set<string>();
  let rest = normalizeText(question);
  const expansions = new Set<string>();
  for (const m of expansion.matches) {
    if (m.via !== "glossary") continue;
    for (const e of m.expansions) for (const t of tokenize(e)) expansions.add(t.term);
    // a term that is its own expansion ("deductible" → "deductible") is topical, not lay wording
    for (const t of tokenize(m.phrase)) if (!expansions.has(t.term)) out.add(t.term);
    rest = rest.split(m.phrase).join(" ");
  }
  for (const t of tokenize(rest)) out.delete(t.term);
  for (const t of expansions) out.delete(t);
  return out;
}

/**
 * A condition whose verb is followed by a network phrase: a conjunction, a subject pronoun, one
 * word, and "in network", "in-network", "within (the) network" or "with preferred / participating
 * / network providers" ("if we stay in network"; not "if I see specialists in network").
 */
const NETWORK_CLAUSE_RE = /\b(?:if|when|as long as|while|provided)\s+(?:i|we|you|they|he|she)\s+([\p{L}']+)\s+(?:in[- ]network|within (?:the |my |our )?network|with (?:(?:in-?network|preferred|participating|network|plan) )providers?)\b/giu;

/**
 * Stemmed words of a condition that only picks the network column ("stay" in "if we stay in
 * network"): the words between the conjunction and the network phrase, unless they also occur
 * elsewhere in the question ("what does a hospital stay cost if I stay in network?").
 * @param question the user's question
 */
export function networkClauseTerms(question: string): Set<string> {
  const out = new Set<string>();
  const q = normalizeText(question);
  let rest = q;
  for (const m of q.matchAll(NETWORK_CLAUSE_RE)) {
    for (const t of tokenize(m[1] ?? "")) out.add(t.term);
    rest = rest.split(m[0]).join(" ");
  }
  for (const t of tokenize(rest)) out.delete(t.term);
  return out;
}
