/**
 * Value completion: the sentence after the best passage that gives the value a question asks for
 * when no quoted sentence does, and the tests of an asked value it shares with the synthesizer.
 */
import type { Token } from "../text/tokenize.ts";
import { isAskedValue } from "./adjacency.ts";
import { type AnswerIntent } from "./scoring.ts";
import type { Cand, Window } from "./select.ts";
import { hasPostalAddress, valueKinds } from "./values.ts";

/** How many sentences past the best passage {@link completeValue} looks for the asked value. */
export const VALUE_LOOKAHEAD_SENTENCES = 4;

/**
 * How many sentences past the best passage {@link completeValue} looks when the answer already
 * holds a value of the asked kind elsewhere (another passage's). A policy's list item is often cut
 * in two by the sentence splitter at a glued label ("… without any co-paymentb. Availing treatment
 * in Zone I will be subject to …"), so the value is two sentences on. Dev harness (705 cases less
 * members4/5/6, fusion, facts per document / library): 1: 81.4 / 79.4; 2: 81.5 / 79.6 (lookup 90.5
 * / 88.6 → 90.9 / 89.0), one answer changed, no case lower; 3: the same facts, one answer longer.
 */
export const VALUE_NEXT_SENTENCES = 2;

/**
 * Value completion: when the question asks for a value of a kind (a phone number, an amount, a
 * duration) and no picked sentence holds one, the passage often names the topic first and gives
 * the value a few sentences on ("… please call 1-800-…"). Adds the first following sentence of
 * the best passage's run, within {@link VALUE_LOOKAHEAD_SENTENCES}, that holds a value of the
 * asked kind (a value the question itself contains does not count); contact questions ("how do I
 * file …") take a phone number or an address, postal ones ("where do I send …") a postal address. When the answer already holds such a value but the
 * best passage's last sentence does not (another office's number quoted beside it), only the
 * first sentence within {@link VALUE_NEXT_SENTENCES} after that passage holding one is added. Record units are left alone.
 * @param picked picked windows, best first
 * @param cands every candidate sentence in passage order
 * @param intent the kind of value asked for
 * @param questionTerms terms of the question (values echoed from it are not answers)
 */
export function completeValue(picked: readonly Window[], cands: readonly Cand[], intent: AnswerIntent, questionTerms: ReadonlyMap<string, unknown>): Cand | undefined {
  const contact = intent.contact === true;
  if (!asksForValue(intent) && !contact) return undefined;
  // a postal address is asked for: a phone number or a website elsewhere in the answer does not give it
  const has = intent.postal
    ? (c: Cand): boolean => hasPostalAddress(c.text)
    : (c: Cand): boolean => holdsAskedValue(c, intent, questionTerms) || (contact && (c.f.contact === true || c.f.kinds.has("phone")));
  const best = picked[0];
  const last = best?.sents[best.sents.length - 1];
  if (!last || last.chunk.record) return undefined;
  const at = cands.indexOf(last);
  if (picked.some((w) => w.sents.some(has))) {
    // a value elsewhere in the answer (another office's number) does not answer the best passage:
    // the first of the sentences right after it ({@link VALUE_NEXT_SENTENCES}) that holds the asked
    // value, when the passage's last sentence does not
    if (has(last)) return undefined;
    for (let i = at + 1; i <= at + VALUE_NEXT_SENTENCES && i < cands.length; i++) {
      const next = cands[i] as Cand;
      if (next.rank !== last.rank || next.isQuestion) return undefined;
      if (has(next)) return next;
    }
    return undefined;
  }
  for (let i = at + 1; i < cands.length && i <= at + VALUE_LOOKAHEAD_SENTENCES; i++) {
    const c = cands[i] as Cand;
    if (c.rank !== last.rank) break;
    if (has(c)) return c;
  }
  return undefined;
}

/**
 * Whether a sentence holds a value of the asked kind that the question itself does not contain.
 * @param c a candidate sentence
 * @param intent the kind of value asked for
 * @param questionTerms terms of the question
 */
export function holdsAskedValue(c: Cand, intent: AnswerIntent, questionTerms: ReadonlyMap<string, unknown>): boolean {
  return valueKinds(c.f.toks).some((k, i) => isAskedValue(k, intent) && !questionTerms.has((c.f.toks[i] as Token).term));
}

/** Whether the question asks for a value of a definite kind: a phone number, an amount, a duration, a count ("how many") or a time ("when is …"). */
export function asksForValue(intent: AnswerIntent): boolean {
  return intent.phone || (intent.numeric && ((intent.money ?? false) || (intent.duration ?? false) || (intent.count ?? false) || (intent.date ?? false)));
}
