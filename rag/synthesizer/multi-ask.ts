/**
 * Questions with several asks (asks.ts): each ask's best passage is added to the answer, unless
 * already quoted, possibly from another page, a record retrieved a little below the chunks kept,
 * or another document; to make room, the further passages picked for the whole question give way
 * (lowest score first), never the best.
 *
 * Tried without gain (dev harness, multi-hop 56 cases, fusion, facts per document / library 60.7 /
 * 60.7; fresh wording 23 cases 47.8 / 52.2): each ask scored without the context written before it
 * (its words at 0.2 / 0.5 / 1 of their weight): 58.9 / 60.7 at best; every ask also over the chunks
 * ranked 7th–20th: 53.6–55.4 / 57.1–58.9; only an ask whose best passage is quoted, over those:
 * 60.7 / 58.9; a bonus by the unit's rank in the ask's own retrieval list (ask-lists.ts), with or
 * without its first 3–5 units in the pool: 53.6–58.9 / 57.1–58.9; value completion per ask: no case
 * moved; a question answered when any ask passes the refusal gate: multi-hop +1 case, unanswerable
 * 45.2 → 40.9 ("What tier is Eliquis on and what's my copay for it?").
 * Each ask's own first units (its list before the merge, ask-lists.ts) as candidates of that ask
 * only (dev 705 less members4/5, facts per document / library 80.6 / 78.6, multi-hop 62.5 / 62.5,
 * fresh 52.2 / 56.5): first 1–3 units: 80.4–80.1 / 78.6, multi-hop 60.7–57.1 / 62.5, fresh
 * 47.8–43.5 per document (a phone ask's own first unit gives another service's number; kept only
 * when naming the question's topic, the same); records only (first 2–5): no change; only when the
 * ask's best passage is already quoted (first 1–5): no fact moved, hit@5 library 91.8 → 92.0. Of
 * the 17 facts missed by found multi-hop answers (per document), 2 are in their ask's first unit
 * (already among the passages kept), 2 in its 4th, 4 in its 7th–8th, 9 not in its first 10.
 * Round 2 (dev 870 incl. members4/5/6, per-case diffs, facts per document / library 80.4 / 79.6):
 * an ask with a value kind of its own whose passage holds none of it taking the best valued passage
 * anchored at the 4 chunks below those kept (followups.ts `laterPassages`) at ≥ 0.5 / 0.8 / 1.0 of
 * its best: −3 / −2 / −1 cases, none gained (the fresh multi-hop misses are yes/no asks or 12th+
 * chunks); a bare contact ask ("¿a qué número?") answered by the value right after the previous
 * ask's passage: no case moved (that passage is itself the wrong office's).
 * Round 3 (dev 934 less members8, per-case diffs): the record-label bonus by the asking clause
 * alone (the context before it left out, rag/query/preamble.ts): 2 answers changed, no fact; an ask
 * with a value cue whose best passage is already quoted taking the best unquoted passage holding
 * its value at ≥ 0.6 / 0.7 of it: +1 / 0 cases per mode, hit@5 −0.1–0.5, 38–72 answers longer;
 * {@link ASK_OWN_PASSAGE_MIN_SHARE} 0.7 / 0.9: net 0 / −1–2 cases.
 */
import { buildQueryTerms } from "../rerank/query.ts";
import type { RetrievedChunk } from "../types.ts";
import { askFocusWeights, askingClause } from "./ask-focus.ts";
import { withoutNames, yesNoAsk } from "./asks.ts";
import { asksAboutExample, demoteCoverageExamples } from "./examples.ts";
import { laterRecords } from "./followups.ts";
import { type AnswerIntent, coverage, detectIntent } from "./scoring.ts";
import { hasPostalAddress } from "./values.ts";
import { type Cand, scoreWindows, type SelectOptions, type Window } from "./select.ts";

/**
 * Longest passage quoted for one ask of a question with several (see asks.ts), in sentences; the
 * answer's cap grows by as many per further ask. Dev harness (934 cases less members8, fusion,
 * facts per document / library): 2: 81.2 / 80.5; 1: 79.9 / 79.2 (multi-hop 57.8 → 51.8, fresh
 * members4–7 70.3 → 68.7); 3: 80.9 / 80.4, 110 answers changed, +19.5K characters in all.
 */
export const MAX_ASK_WINDOW_SENTENCES = 2;

/**
 * In a question with several asks, an ask whose best passage is already quoted (for another ask or
 * the whole question) takes its best passage not yet quoted when that scores at least this share of
 * its best: a table row naming both topics otherwise answers every ask and the second value is
 * missing. Dev (273 answerable, facts per document / library): without 65.2 / 62.6; 0.7: 65.9 / 63.7;
 * 0.8: 66.3 / 64.1 (multi-hop 23.8 → 33.3 / 19.0 → 33.3); 0.9: 65.6 / 63.4.
 */
export const ASK_OWN_PASSAGE_MIN_SHARE = 0.8;

/**
 * In a question with several asks, each ask is scored over the passages kept and over the records
 * (table rows, Q&A rows, definitions) retrieved among the first this many units: a question is
 * retrieved mostly for its heavier ask, and the other ask's row (the deductible on an SBC's page 1
 * when urgent care was asked first) often ranks 7th–15th. Dev harness (471 cases, fusion, facts per
 * document / library): without 74.5 / 72.7 (multi-hop 44.4 / 50.0); 10–12: 74.7 / 73.0; 16–24:
 * 75.0 / 73.0 (multi-hop 50.0 / 52.8); every record retrieved: 75.0 / 72.7 (a Spanish answer loses
 * its fact to a row ranked 40th). hit@5 unchanged throughout. Re-checked once coverage examples
 * are demoted per ask ({@link AskTurn.isExample}; dev harness 934 cases less members8, fusion, facts
 * per document / library): 20: 80.9 / 80.3; 30: 81.2 / 80.5 (fresh members4–7 69.7 → 70.3 both, the
 * overall-deductible row ranked 23rd–26th for a deductible ask), no case lower, median answer
 * unchanged; 40 and 50: the same facts, 13–17 more answers changed (+3–6K characters in all).
 */
export const ASK_RECORD_RANKS = 30;

/** What {@link addAskPassages} needs of the turn. */
export interface AskTurn {
  /** The question's asks (two or more), in order. */
  readonly asks: readonly string[];
  /** The whole question's term weights. */
  readonly weights: ReadonlyMap<string, number>;
  /** The whole question's intent (the value kind asked). */
  readonly intent: AnswerIntent;
  /** Plan names of the chunks kept (left out of cue detection). */
  readonly planNames: ReadonlySet<string>;
  /** Every chunk given, best first by score. */
  readonly ranked: readonly RetrievedChunk[];
  /** The stitched passages' sentences of the chunks kept. */
  readonly cands: readonly Cand[];
  /** The whole question's picked passages, best first by score. */
  readonly best: readonly Window[];
  /** Window scoring options. */
  readonly sel: SelectOptions;
  /** Chunks kept for quoting (the synthesizer's `maxChunks`). */
  readonly maxChunks: number;
  /** Sentences in a one-ask answer (the synthesizer's `maxSentences`); each further ask adds {@link MAX_ASK_WINDOW_SENTENCES}. */
  readonly maxSentences: number;
  /** Whether ask terms are expanded with the insurance glossary. */
  readonly useGlossary: boolean;
  /** A record label's terms (memoised by the caller); when given, a row named by the ask gains {@link ASK_RECORD_LABEL_BONUS}. */
  readonly labelTerms?: (label: string) => ReadonlySet<string>;
  /**
   * Whether a sentence belongs to an SBC coverage example (examples.ts `coverageExampleTest`). When
   * given, an ask that does not itself ask about an example has those passages lowered by
   * `COVERAGE_EXAMPLE_PENALTY`, as the whole question's are: "what's the deductible?" after "my wife
   * is due in the spring" took the "Having a baby" sample bill ("Deductibles $250") over the plan's
   * overall-deductible row. Dev harness (934 cases less members8, fusion, facts per document /
   * library): 80.9 / 80.2 → 80.9 / 80.3, multi-hop 55.4 / 56.6 → 56.6 / 57.8, fresh members4–7
   * multi-hop 29.6 → 33.3 both; one paraphrase answer per document flips (an unstable tie, back with
   * `ASK_RECORD_RANKS` 30); hit@5 unchanged. Default: none (no demotion).
   */
  readonly isExample?: (c: Cand) => boolean;
}

/**
 * Bonus for a table row (record) answering one ask of several, by the share of the ask's weight its
 * label covers: the row the ask names ("What is the overall deductible?" for "what's our deductible
 * for the year") ranks above rows and prose that only share the question's setting (an SBC
 * coverage example "Having a baby", its "Deductibles $250" a sample bill). The whole question's
 * windows have the same bonus (extractive.ts `RECORD_LABEL_BONUS`, 0.15). Dev harness (676 cases
 * less members4, fusion, hit@5 / facts per document, library): without 90.9 / 77.2, 88.9 / 74.4;
 * 0.15: unchanged; 0.2: 90.9 / 77.2, 88.7 / 74.6; 0.3 and 0.5: 91.1 / 77.4, 88.7 / 74.6 (library
 * multi-hop facts 55.4 → 57.1, one multi-hop case's cited pages leave the top 5); members2 facts
 * 70.7 / 68.3 → 73.2 / 70.7, members3 unchanged.
 */
export const ASK_RECORD_LABEL_BONUS = 0.3;

/**
 * The windows, a window of one record (table row) raised by {@link ASK_RECORD_LABEL_BONUS} times the
 * share of the ask's weight its label covers (in place; the same array is returned).
 * @param ws an ask's scored windows
 * @param aw the ask's term weights
 * @param labelTerms a label's terms; when undefined the windows are left as they are
 */
export function labelled(ws: Window[], aw: ReadonlyMap<string, number>, labelTerms: ((label: string) => ReadonlySet<string>) | undefined): Window[] {
  if (!labelTerms) return ws;
  for (const w of ws) {
    const r = w.sents[0]?.chunk.record;
    if (r && w.sents.length === 1) w.score += ASK_RECORD_LABEL_BONUS * coverage(labelTerms(r.label), aw);
  }
  return ws;
}

/**
 * The value intent an ask's passages are scored with. An ask with a value cue of its own (a copay, a
 * phone number) keeps its own; a yes/no ask ("do I need a referral?") wants no value: the value kind
 * another ask wants (the copay) does not favour its passages (dev facts per document / library 75.5 /
 * 73.2 → 75.8 / 73.5, multi-hop 44.0 / 40.0 → 48.0 / 44.0, with plan names stripped before cue
 * detection, `withoutNames`), nor does a value cue of its own ("does what we pay count toward the
 * out-of-pocket limit?" asks whether, not how much; a phone ask keeps its kind). With yes/no told by
 * the clause's first word (asks.ts `yesNoAsk`), dev harness (705 cases less members4/5, fusion,
 * facts per document / library) 80.4 / 78.4 → 80.6 / 78.6, multi-hop 60.7 / 60.7 → 62.5 / 62.5,
 * fresh wording (members2, members3, asks-lay: 23 multi-hop) 47.8 / 52.2 → 52.2 / 56.5; no other
 * kind moved, hit@5 unchanged; the first-word rule alone moves no case. Any other ask takes the
 * whole question's intent.
 * @param ask one ask of the question
 * @param own the ask's own intent (its cues, plan names stripped)
 * @param whole the whole question's intent
 */
export function askIntent(ask: string, own: AnswerIntent, whole: AnswerIntent): AnswerIntent {
  if (yesNoAsk(ask)) return own.phone ? own : { ...own, numeric: false };
  return own.numeric || own.phone ? own : whole;
}

/**
 * Adds each ask's best passage to the picked sentences (in place), unless already quoted; an ask
 * whose best passage is already quoted takes its own next-best passage when that scores near it
 * ({@link ASK_OWN_PASSAGE_MIN_SHARE}). The answer holds at most `maxSentences` plus
 * {@link MAX_ASK_WINDOW_SENTENCES} per further ask; the further passages of `best` give way first.
 * @param t the turn
 * @param pickedSet the sentences picked for the whole question (changed in place)
 */
export function addAskPassages(t: AskTurn, pickedSet: Set<Cand>): void {
  const { asks, weights, intent, planNames, ranked, cands, best, sel } = t;
  const askSel: SelectOptions = { ...sel, maxWindow: Math.min(sel.maxWindow, MAX_ASK_WINDOW_SENTENCES) };
  const askSents: Cand[] = [];
  let askCands: Cand[] | undefined;
  // each ask may also quote a record retrieved a little below the chunks kept (ASK_RECORD_RANKS)
  const pool = [...cands, ...laterRecords(ranked.slice(0, ASK_RECORD_RANKS), t.maxChunks, cands)];
  const focused = askFocusWeights(weights, asks, t.useGlossary);
  const alone = askFocusWeights(weights, asks, t.useGlossary, 0);
  for (const [i, whole] of asks.entries()) {
    const ask = askingClause(whole);
    const qa = buildQueryTerms(ask, t.useGlossary);
    const aw = focused[i] as Map<string, number>;
    const own = detectIntent(withoutNames(qa.expansion.spanish ? qa.expansion.expanded : ask, planNames));
    const ai = askIntent(ask, own, intent);
    const all = labelled(scoreWindows(pool, aw, ai, ranked[0]?.score ?? 1, askSel), aw, t.labelTerms);
    // a coverage example's sample bill is no answer to an ask that is not about an example (examples.ts)
    const example = t.isExample && !asksAboutExample(qa.expansion.spanish ? qa.expansion.expanded : ask) ? t.isExample : undefined;
    if (example) demoteCoverageExamples(all, example);
    all.sort((a, b) => b.score - a.score);
    const scored = valueWindows(all, own);
    const first = scored[0];
    // an ask whose best passage another ask (or the answer) already quotes gets its own next-best
    // passage when that scores near it: one passage rarely answers two asks
    const taken = (w: Window): boolean => w.sents.some((c) => askSents.includes(c) || pickedSet.has(c));
    const shared = first && first.sents.every((c) => askSents.includes(c) || pickedSet.has(c));
    // a phone ask ("who do I call?") whose own best passage is quoted and gives a phone number is answered
    if (own.phone && shared && phoneAnswered(first)) continue;
    let next = shared ? scored.find((w) => !taken(w) && w.score >= ASK_OWN_PASSAGE_MIN_SHARE * first.score) : undefined;
    if (shared && !next) {
      // judged by the ask's own words alone (the other ask's words, often the heavier, left out), the
      // quoted passage may only name the topic the other ask is about; the ask's own passage may be a
      // record of the same document retrieved below the passages kept. Dev facts per document /
      // library: 66.7 / 64.5 without, 67.0 / 64.8 with (multi-hop 28.6 → 33.3 / 33.3 → 38.1)
      const ownOnly = alone[i] as Map<string, number>;
      askCands ??= [...pool, ...laterRecords(ranked, t.maxChunks, pool)];
      const rescored = scoreWindows(askCands, ownOnly, ai, ranked[0]?.score ?? 1, askSel);
      if (example) demoteCoverageExamples(rescored, example);
      rescored.sort((a, b) => b.score - a.score);
      const firstOwn = rescored.find((w) => w.sents[0] === first.sents[0] && w.sents.length === first.sents.length);
      next = firstOwn ? rescored.find((w) => !taken(w) && w.score >= ASK_OWN_PASSAGE_MIN_SHARE * firstOwn.score && w.score > 0) : undefined;
    }
    const top = next ?? first;
    if (top && !top.sents.every((c) => pickedSet.has(c))) for (const c of top.sents) if (!askSents.includes(c)) askSents.push(c);
  }
  const cap = t.maxSentences + MAX_ASK_WINDOW_SENTENCES * (asks.length - 1);
  const keep = new Set(askSents);
  for (const c of best[0]?.sents ?? []) keep.add(c);
  const removable = best.slice(1).reverse();
  while (new Set([...pickedSet, ...askSents]).size > cap && removable.length > 0) {
    const w = removable.shift() as Window;
    for (const c of w.sents) if (!keep.has(c)) pickedSet.delete(c);
  }
  for (const c of askSents) if (pickedSet.size < cap) pickedSet.add(c);
}

/**
 * The passages that can answer an ask for a phone number or a postal address: those (scoring
 * above 0) that give one, when any does; otherwise, and for other asks, all of them. A passage
 * that only says "call us" or "write to us" names the ask's words without its value, and the
 * value the ask wants is what the member needs. Dev facts per document / library 487 / 473 →
 * 488 / 474 of 583 answerable (phone), hit@5 library +1 case (postal); no case lower.
 * @param scored the ask's scored passages, best first (the order is kept)
 * @param ask the ask's own value intent
 */
export function valueWindows(scored: readonly Window[], ask: Pick<AnswerIntent, "phone" | "postal">): readonly Window[] {
  if (!ask.phone && !ask.postal) return scored;
  const valued = scored.filter((w) => w.score > 0 && (ask.phone ? phoneAnswered(w) : w.sents.some((c) => hasPostalAddress(c.text))));
  return valued.length > 0 ? valued : scored;
}

/**
 * Whether a passage already answers a phone ask: one of its sentences holds a phone number. Only
 * the ask's own best passage counts; a phone number quoted elsewhere in the answer (another
 * service's line, or digits of a plan name the tokenizer reads as a phone) does not answer it.
 * @param w a scored passage
 */
export function phoneAnswered(w: Window): boolean {
  return w.sents.some((c) => c.f.kinds.has("phone"));
}
