/**
 * The extractive synthesizer: answers with the few retrieved sentences that best cover the
 * question, each passage followed by a `[n]` citation to its document page. No model, no network.
 */
import { buildQueryTerms, type QueryTerms } from "../rerank/query.ts";
import { filenameTerms } from "../query/names.ts";
import { splitSentences } from "../splitter/index.ts";
import { createTextMemo } from "../text/memo.ts";
import { tokenize } from "../text/tokenize.ts";
import type { RetrievedChunk, SynthesizedAnswer, SynthesizeOptions, Synthesizer } from "../types.ts";
import { askWeights, networkAsk, otherNetworkOnly, splitAsks, withoutNames, yesNoAsk } from "./asks.ts";
import { dropTableProse, VALUE_TOKEN_RE } from "./cells.ts";
import { definitionLead } from "./definitions.ts";
import { excludedDisplay } from "./exclusions.ts";
import { secondGroupRecord, secondGroupWindow } from "./groups.ts";
import { createFurnitureFilter, furnitureRuns, type PreparedSentence, prepareSentence } from "./furniture.ts";
import { pageAtOffset } from "./pages.ts";
import { renderAnswer, SPANISH_LEAD } from "./render.ts";
import { createRunIds } from "./run-ids.ts";
import { type AnalyzedText, analyzeText, stitchPassages } from "./passages.ts";
import { laterPassages, laterRecords, namesOtherNumbered, referents } from "./followups.ts";
import { coverage, detectIntent, sentenceFeatures, type SentenceFeatures, termWeights } from "./scoring.ts";
import { asksForValue, type Cand, completeValue, holdsAskedValue, namesTopic, pickWindows, scoreWindows, type SelectOptions, type Window } from "./select.ts";
import type { SentenceSplitter } from "./sentences.ts";

/** Longest passage quoted for one ask of a question with several (see asks.ts). */
export const MAX_ASK_WINDOW_SENTENCES = 2;

/** Score taken from a passage that speaks only of the network the question did not ask about. */
export const NETWORK_MISMATCH_PENALTY = 0.2;

/** A passage holding the asked value, elsewhere than the best passage, is added when it scores at least this share of the best. */
export const VALUE_PASSAGE_MIN_SHARE = 0.6;
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
 * its fact to a row ranked 40th). hit@5 unchanged throughout.
 */
export const ASK_RECORD_RANKS = 20;

/**
 * A single ask naming two services (groups.ts): the second group's passage is also looked for in
 * passages anchored at this many chunks retrieved below the `maxChunks` kept ("in the hospital 5
 * days, then a skilled nursing facility": the whole question ranks the SNF page first and the
 * hospital-stay page 8th–9th). Dev harness (471 cases, fusion, hit@5 / facts per document, library):
 * 0: 87.4 / 75.0, 86.4 / 73.0; 3: 87.6 / 75.5, 87.1 / 74.0; 6 and 10: 87.6 / 75.5, 87.4 / 74.2
 * (multi-hop 50.0 → 52.8 / 52.8 → 55.6, lookup library 80.9 → 82.2, Spanish library 69.6 → 71.7,
 * paraphrase per document 58.9 → 60.3; no kind lower).
 */
export const SECOND_GROUP_LATER_CHUNKS = 6;

/** Bonus for a record by the share of the question's weight its label covers. */
export const RECORD_LABEL_BONUS = 0.15;

/** After a record answering a single ask, one further passage only when it scores at least this share of the record. */
export const RECORD_FOLLOW_SHARE = 0.8;

/** Plain not-found answer (English). */
export const NOT_FOUND_TEXT = "I couldn't find that in your documents.";
/** Plain not-found answer for Spanish questions. */
export const NOT_FOUND_TEXT_ES = "No encontré eso en sus documentos.";
/**
 * Opens a found answer given in Spanish (`language: "es"`, or a Spanish question), before the
 * document's name: record answers are Spanish sentences around the cells as printed; quoted
 * passages stay in the documents' own words (English, said so), so the facts are exactly as printed.
 */
export const ANSWER_PREFIX_ES = SPANISH_LEAD;

/**
 * Defaults of {@link ExtractiveSynthesizerOptions}. Set in an earlier round; re-checked on the
 * development set (in-memory harness, `fusion`, per document, 273 answerable cases, answer facts):
 * default 50.5%; maxSentences 3: 49.1, 5: 51.3; chunkPriorWeight 0: 49.1, 0.3: 50.5. None moved by
 * more than 1.5 points, so they stay. Re-checked after value completion for counts and contacts
 * (dev, 273 answerable, per document / library facts): maxChunks 5: 63.4 / 61.9, 6: 64.5 / 61.9
 * (a value a row further down the ranking), 7: 64.5 / 61.9; so 6. maxSentences 5 (+0.3 / +0.4) and
 * minRelativeScore 0.5 (+0.3 / +0.4) lengthen every answer for one case each, so they stay.
 */
export const DEFAULT_EXTRACTIVE_OPTIONS = {
  /** Chunks (best first) whose sentences may be quoted. */
  maxChunks: 6,
  /** Sentences in the whole answer. */
  maxSentences: 4,
  /** Longest window of consecutive sentences scored as one passage. */
  maxWindow: 3,
  /** Share of a window's own query coverage vs. coverage including its neighbours. */
  ownWeight: 0.8,
  /** Bonus when the passage holds the kind of value asked for (money/percent, number, phone). */
  numericBonus: 0.25,
  /** Bonus when a value of the asked kind sits next to a topical question term (see adjacency.ts). */
  adjacencyBonus: 0.2,
  /** Bonus for the chunk's rank score (score / best score). */
  chunkPriorWeight: 0.15,
  /** Cost of each sentence beyond the first in a window. */
  extraSentencePenalty: 0.08,
  /** A further passage must score at least this share of the best one… */
  minRelativeScore: 0.6,
  /** …and add at least this much new query coverage (0..1), or a new value of the asked kind. */
  minGain: 0.12,
  /** Sentences longer than this many characters are trimmed around the matched terms. */
  maxSentenceChars: 360,
} as const;

/**
 * Distinct chunk texts whose sentences and sentence features a synthesizer keeps between
 * questions (least recently used out): splitting and tokenising the ~50 candidates was most of a
 * turn's CPU, and a member's questions retrieve the same chunks again and again. ≈ 10 KB each.
 */
export const DEFAULT_SENTENCE_MEMO_CHUNKS = 2048;
/** (File name, plan name) pairs whose title terms the synthesizer keeps between questions, count. */
export const DEFAULT_TITLE_MEMO_ENTRIES = 1024;
/** Sentences whose furniture-cleaning preparation (furniture.ts `prepareSentence`) the synthesizer keeps between questions, count. ≈ 2 KB each. */
export const DEFAULT_FURNITURE_MEMO_SENTENCES = 4096;
/** Words of long quoted sentences whose features (for trimming, render.ts) the synthesizer keeps between questions, count. */
export const DEFAULT_WORD_FEATURE_MEMO_WORDS = 4096;
/** Sentences (furniture-cleaned, or a record's line) whose features the synthesizer keeps between questions, count. */
export const DEFAULT_SENTENCE_FEATURE_MEMO_SENTENCES = 8192;

/** Options of {@link createExtractiveSynthesizer}. */
export interface ExtractiveSynthesizerOptions extends Partial<{ readonly [K in keyof typeof DEFAULT_EXTRACTIVE_OPTIONS]: number }> {
  /**
   * When set, not found unless some candidate's `similarity` reaches it: for callers that pass
   * candidates no retriever has filtered. Unset by default, because the retriever admits
   * candidates itself (vector hits at or above its threshold, full-text hits by their words).
   */
  readonly similarityThreshold?: number;
  /** Use the insurance glossary when matching sentences. Default true. */
  readonly useGlossary?: boolean;
  /** Sentence splitter. Default: `splitSentences` of rag/splitter (the one chunks are built with). */
  readonly splitSentences?: SentenceSplitter;
  /** Chunk texts whose sentence analysis is kept between questions. Default {@link DEFAULT_SENTENCE_MEMO_CHUNKS}. */
  readonly sentenceMemoChunks?: number;
}

/**
 * Creates the extractive synthesizer. Pass it all reranked candidates (e.g. 50), best first by
 * `score`: the top `maxChunks` supply the answer sentences; all of them the term statistics.
 * Not found (`found: false`, no citations) when there is no candidate, when none reaches
 * `similarityThreshold` (if set), or when no sentence matches the question. Whether the retrieved
 * text answers the question at all is decided before synthesis (rag/refusal, in the retriever).
 * @throws RangeError on invalid options
 */
export function createExtractiveSynthesizer(options: ExtractiveSynthesizerOptions = {}): Synthesizer {
  const o = { ...DEFAULT_EXTRACTIVE_OPTIONS, ...options };
  const threshold = options.similarityThreshold ?? -1;
  if (!(threshold >= -1 && threshold <= 1)) throw new RangeError("similarityThreshold must be in -1..1");
  for (const k of ["maxChunks", "maxSentences", "maxWindow", "maxSentenceChars"] as const)
    if (!Number.isInteger(o[k]) || o[k] < 1) throw new RangeError(`${k} must be a positive integer`);
  for (const k of ["ownWeight", "numericBonus", "adjacencyBonus", "chunkPriorWeight", "extraSentencePenalty", "minRelativeScore", "minGain"] as const)
    if (!(o[k] >= 0 && o[k] <= 1)) throw new RangeError(`${k} must be in 0..1`);
  const split: SentenceSplitter = options.splitSentences ?? ((t) => splitSentences(t));
  // A text's sentences and their features depend on the text (and `split`) alone: once per text.
  const memo = createTextMemo<AnalyzedText>(options.sentenceMemoChunks ?? DEFAULT_SENTENCE_MEMO_CHUNKS);
  const analyze = (text: string): AnalyzedText => memo.get(text, (t) => analyzeText(t, split));
  // A chunk text's word runs (page-furniture keys, as ids) are also once per text, in a memo of the same size.
  const runIds = createRunIds(furnitureRuns, options.sentenceMemoChunks ?? DEFAULT_SENTENCE_MEMO_CHUNKS);
  // A sentence's furniture-cleaning preparation (blanked form fields, its run keys): once per distinct sentence.
  const preparedMemo = createTextMemo<PreparedSentence>(DEFAULT_FURNITURE_MEMO_SENTENCES);
  const prepared = (text: string): PreparedSentence => preparedMemo.get(text, prepareSentence);
  // And a sentence's features where furniture changed it (or a record's line): once per distinct sentence.
  const featureMemo = createTextMemo<SentenceFeatures>(DEFAULT_SENTENCE_FEATURE_MEMO_SENTENCES);
  const featuresOf = (text: string): SentenceFeatures => featureMemo.get(text, sentenceFeatures);
  // A word's features when a long sentence is trimmed, once per distinct word.
  const wordMemo = createTextMemo<SentenceFeatures>(DEFAULT_WORD_FEATURE_MEMO_WORDS);
  const wordFeaturesOf = (word: string): SentenceFeatures => wordMemo.get(word, sentenceFeatures);
  // A chunk text's sentences per term (how many of its sentences hold it), once per text.
  const countMemo = createTextMemo<ReadonlyMap<string, number>>(options.sentenceMemoChunks ?? DEFAULT_SENTENCE_MEMO_CHUNKS);
  const termCountsOf = (text: string): ReadonlyMap<string, number> =>
    countMemo.get(text, (t) => {
      const counts = new Map<string, number>();
      for (const f of analyze(t).features) for (const term of f.terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      return counts;
    });
  // A candidate's title terms (its file name's and plan name's), once per distinct pair.
  const titleMemo = createTextMemo<readonly string[]>(DEFAULT_TITLE_MEMO_ENTRIES);
  const titleTermsOf = (filename: string, plan: string | undefined): readonly string[] =>
    titleMemo.get(`${filename}\u0000${plan ?? ""}`, () => [...filenameTerms(filename), ...(plan ? tokenize(plan).map((x) => x.term) : [])]);
  const useGlossary = options.useGlossary ?? true;
  const provider = "extractive";
  const sel: SelectOptions = { ...o, maxWindow: Math.min(o.maxWindow, o.maxSentences) };
  const notFound = (spanish: boolean): SynthesizedAnswer => ({ text: spanish ? NOT_FOUND_TEXT_ES : NOT_FOUND_TEXT, found: false, citations: [], provider });

  return {
    provider,
    async synthesize(question: string, chunks: readonly RetrievedChunk[], options?: SynthesizeOptions): Promise<SynthesizedAnswer> {
      const answer = compose(question, chunks, options?.language, options?.analysis?.queryTerms);
      // The extractive answer is known whole at once; it streams one piece per sentence.
      if (options?.onDelta) for (const piece of sentencePieces(answer.text)) options.onDelta(piece);
      return answer;
    },
  };

  function compose(question: string, chunks: readonly RetrievedChunk[], language: string | undefined, known: QueryTerms | undefined): SynthesizedAnswer {
    {
      const q = known && useGlossary ? known : buildQueryTerms(question, useGlossary);
      // Answer language: the caller's, else the question's (the glossary's Spanish detection).
      const spanish = language === undefined ? q.expansion.spanish : language === "es";
      const ranked = [...chunks].sort((a, b) => b.score - a.score);
      const top = ranked.slice(0, o.maxChunks);
      if (top.length === 0 || Math.max(...ranked.map((c) => c.similarity)) < threshold) return notFound(spanish);

      const furniture = createFurnitureFilter(ranked, runIds, prepared);
      const cands: Cand[] = stitchPassages(ranked, o.maxChunks, split, furniture, analyze, featuresOf);
      if (cands.length === 0) return notFound(spanish);
      // Term statistics over every chunk given: words of running headers or the plan's name occur
      // everywhere and weigh little; the question's topic words weigh most.
      const all = ranked.flatMap((c) => analyze(c.text).features);
      const titles = new Set<string>();
      for (const c of top) for (const t of titleTermsOf(c.filename, c.plan)) titles.add(t);
      // Sentences holding a term: summed over the candidates' per-text counts (memoised), not a scan of every sentence.
      let counts: ReadonlyMap<string, number>[] | undefined; // the candidates' counts, looked up once per turn, not once per term
      const df = (t: string): number => {
        counts ??= ranked.map((c) => termCountsOf(c.text));
        let d = 0;
        for (const m of counts) d += m.get(t) ?? 0;
        return d;
      };
      const weights = termWeights(q, all, question, titles, useGlossary ? q.expansion : undefined, df);
      const planNames = new Set<string>();
      for (const c of top) if (c.plan) planNames.add(c.plan);
      const intent = detectIntent(withoutNames(q.expansion.spanish ? q.expansion.expanded : question, planNames));
      const windows = scoreWindows(cands, weights, intent, top[0]?.score ?? 1, sel);
      // A record whose label (the row's service or question) names what is asked is the table's own answer.
      for (const w of windows) {
        const r = w.sents[0]?.chunk.record;
        if (r && w.sents.length === 1) w.score += RECORD_LABEL_BONUS * coverage(featuresOf(r.label).terms, weights);
      }
      // A definition question: the term's definition (first-ranked, rag/retriever/definitions.ts) leads.
      const definition = definitionLead(question, windows, ranked[0], (t) => featuresOf(t).terms);
      if (definition) definition.score = Math.max(...windows.map((w) => w.score)) + 1;
      // A passage about the other network column than the one asked for ranks below the rest.
      const network = networkAsk(question);
      if (network) for (const w of windows) if (otherNetworkOnly(w.sents.map((c) => c.text).join(" "), network)) w.score -= NETWORK_MISMATCH_PENALTY;
      const asks = splitAsks(question);
      let chosen = pickWindows(windows, weights, intent, sel);
      const best = [...chosen].sort((a, b) => b.score - a.score);
      // A record that answers a single ask is the whole answer: further passages would only repeat or ramble.
      const lead = best[0];
      if (asks.length === 1 && lead?.sents[0]?.chunk.record) chosen = best.slice(0, 2).filter((w) => w === lead || w.score >= RECORD_FOLLOW_SHARE * lead.score);
      const extra = completeValue(best, cands, intent, weights);
      const pickedSet = new Set(chosen.flatMap((w) => w.sents));
      if (extra) pickedSet.add(extra);
      else if (asksForValue(intent) && ![...pickedSet].some((c) => c.chunk.record || holdsAskedValue(c, intent, weights))) {
        // no quoted passage holds the asked value: the best passage elsewhere that does, if it scores near the best
        const top = best[0]?.score ?? 0;
        const alt = [...windows].sort((a, b) => b.score - a.score).find((w) => w.sents.length <= MAX_ASK_WINDOW_SENTENCES && namesTopic(w.terms, weights) && w.sents.some((c) => holdsAskedValue(c, intent, weights)));
        if (alt && alt.score >= VALUE_PASSAGE_MIN_SHARE * top) for (const c of alt.sents) pickedSet.add(c);
      }
      // A question with several asks: each ask's best passage, unless already quoted; to make room,
      // the further passages picked for the whole question give way (lowest score first), never the best.
      if (asks.length >= 2) {
        const askSents: Cand[] = [];
        let askCands: Cand[] | undefined;
        // each ask may also quote a record retrieved a little below the chunks kept (ASK_RECORD_RANKS)
        const pool = [...cands, ...laterRecords(ranked.slice(0, ASK_RECORD_RANKS), o.maxChunks, cands)];
        for (const ask of asks) {
          const qa = buildQueryTerms(ask, useGlossary);
          const aw = askWeights(weights, ask, () => qa.weights.keys());
          const own = detectIntent(withoutNames(qa.expansion.spanish ? qa.expansion.expanded : ask, planNames));
          // a yes/no ask ("do I need a referral?") wants no value: the value kind another ask wants (the
          // copay) does not favour its passages. Dev facts per document / library 75.5 / 73.2 → 75.8 / 73.5
          // (multi-hop 44.0 / 40.0 → 48.0 / 44.0), with plan names stripped before cue detection (withoutNames)
          const ai = own.numeric || own.phone || yesNoAsk(ask) ? own : intent;
          // a phone ask ("who do I call?") that a quoted phone number already answers needs no passage of its own
          if (own.phone && [...pickedSet, ...askSents].some((c) => c.f.kinds.has("phone"))) continue;
          const scored = scoreWindows(pool, aw, ai, ranked[0]?.score ?? 1, { ...sel, maxWindow: Math.min(sel.maxWindow, MAX_ASK_WINDOW_SENTENCES) }).sort((a, b) => b.score - a.score);
          const first = scored[0];
          // an ask whose best passage another ask (or the answer) already quotes gets its own next-best
          // passage when that scores near it: one passage rarely answers two asks
          const taken = (w: Window): boolean => w.sents.some((c) => askSents.includes(c) || pickedSet.has(c));
          const shared = first && first.sents.every((c) => askSents.includes(c) || pickedSet.has(c));
          let next = shared ? scored.find((w) => !taken(w) && w.score >= ASK_OWN_PASSAGE_MIN_SHARE * first.score) : undefined;
          if (shared && !next) {
            // judged by the ask's own words alone (the other ask's words, often the heavier, left out), the
            // quoted passage may only name the topic the other ask is about; the ask's own passage may be a
            // record of the same document retrieved below the passages kept. Dev facts per document /
            // library: 66.7 / 64.5 without, 67.0 / 64.8 with (multi-hop 28.6 → 33.3 / 33.3 → 38.1)
            const ownOnly = askWeights(weights, ask, () => qa.weights.keys(), 0);
            askCands ??= [...pool, ...laterRecords(ranked, o.maxChunks, pool)];
            const rescored = scoreWindows(askCands, ownOnly, ai, ranked[0]?.score ?? 1, { ...sel, maxWindow: Math.min(sel.maxWindow, MAX_ASK_WINDOW_SENTENCES) }).sort((a, b) => b.score - a.score);
            const firstOwn = rescored.find((w) => w.sents[0] === first.sents[0] && w.sents.length === first.sents.length);
            next = firstOwn ? rescored.find((w) => !taken(w) && w.score >= ASK_OWN_PASSAGE_MIN_SHARE * firstOwn.score && w.score > 0) : undefined;
          }
          const top = next ?? first;
          if (top && !top.sents.every((c) => pickedSet.has(c))) for (const c of top.sents) if (!askSents.includes(c)) askSents.push(c);
        }
        const cap = o.maxSentences + MAX_ASK_WINDOW_SENTENCES * (asks.length - 1);
        const keep = new Set(askSents);
        for (const c of best[0]?.sents ?? []) keep.add(c);
        const removable = best.slice(1).reverse();
        while (new Set([...pickedSet, ...askSents]).size > cap && removable.length > 0) {
          const w = removable.shift() as Window;
          for (const c of w.sents) if (!keep.has(c)) pickedSet.delete(c);
        }
        for (const c of askSents) if (pickedSet.size < cap) pickedSet.add(c);
      }
      // A single ask naming two services ("in the hospital 5 days, then a skilled nursing facility"):
      // the passage and the row (of the passages kept) of the second group of the question's terms
      // (groups.ts). Dev facts per document / library 75.9 / 72.9 → 76.1 / 73.7 (lookup 83.4 / 80.1 →
      // 83.8 / 80.5, multi-hop 44.0 → 48.0 library, Spanish 67.4 → 69.6 library), hit@5 unchanged. The
      // row alone: 75.9 / 73.7; the passage alone: 76.1 / 73.2. Rows retrieved below the passages kept
      // too: 76.4 / 73.7 but a one-ask question then reaches below them (multi-ask.test.ts).
      if (asks.length === 1 && lead) {
        // the second group's passage may come from the chunks retrieved next (SECOND_GROUP_LATER_CHUNKS)
        const later = laterPassages(ranked, o.maxChunks, SECOND_GROUP_LATER_CHUNKS, cands, (u, n) => stitchPassages(u, n, split, furniture, analyze, featuresOf));
        const sgWindows = later.length > 0 ? [...windows, ...scoreWindows(later, weights, intent, top[0]?.score ?? 1, sel)] : windows;
        const second = secondGroupWindow(sgWindows, lead, pickedSet, weights, MAX_ASK_WINDOW_SENTENCES);
        if (second) for (const c of second.sents) pickedSet.add(c);
        const rows = cands.filter((c) => c.chunk.record && (!asksForValue(intent) || holdsAskedValue(c, intent, weights)));
        const row = secondGroupRecord(lead, rows, weights, (l) => featuresOf(l).terms);
        if (row) pickedSet.add(row);
      }
      // a further record of another numbered row than the one asked for ("Tier 3" for "tier 4") goes. Dev:
      // facts and hit@5 unchanged, 2 answers 900 characters shorter each (prose too: hit@5 per document
      // 82.8 → 82.1, the dropped sentence being on an evidence page, so records only)
      const keepBest = new Set(best[0]?.sents ?? []);
      for (const c of [...pickedSet]) if (!keepBest.has(c) && c.chunk.record && namesOtherNumbered(question, c.chunk.record.label)) pickedSet.delete(c);
      for (const c of referents(pickedSet, cands)) pickedSet.add(c);
      dropRecordEchoes(pickedSet);
      dropTableProse(pickedSet, ranked, weights, o.minGain, featuresOf);
      const picked = [...pickedSet].sort((a, b) => a.rank - b.rank || a.idx - b.idx);
      if (picked.length === 0) return notFound(spanish);
      // plan names from the document profiles, as record units carry them
      const plans = new Map<string, string>();
      for (const c of ranked) if (c.plan && !plans.has(c.documentId)) plans.set(c.documentId, c.plan);
      // quoted items of an SBC excluded-services list are said to be not covered (exclusions.ts)
      const display = excludedDisplay(picked, cands, weights, spanish ? "es" : "en");
      return renderAnswer(picked, o.maxSentenceChars, weights, provider, { language: spanish ? "es" : "en", plans, intent, display, wordFeatures: wordFeaturesOf });
    }
  }
}

/**
 * Drops quoted prose that only repeats a quoted record: a sentence of the same document and page
 * whose amounts and percentages all occur in the records quoted (the table row's cells read as
 * running text, e.g. "— None — Not covered $75 copay per visit …"). A sentence without such a
 * value stays.
 * @param picked the picked sentences (changed in place)
 */
export function dropRecordEchoes(picked: Set<Cand>): void {
  const values = new Map<string, Set<string>>();
  for (const c of picked) {
    if (!c.chunk.record) continue;
    const key = `${c.chunk.documentId}#${c.chunk.pageStart}`;
    const set = values.get(key) ?? new Set<string>();
    for (const v of c.text.match(VALUE_TOKEN_RE) ?? []) set.add(v);
    values.set(key, set);
  }
  if (values.size === 0) return;
  for (const c of [...picked]) {
    if (c.chunk.record) continue;
    const own = c.text.match(VALUE_TOKEN_RE) ?? [];
    const rec = values.get(`${c.chunk.documentId}#${pageAtOffset(c.chunk, c.start)}`);
    if (rec && own.length > 0 && own.every((v) => rec.has(v))) picked.delete(c);
  }
}

/**
 * Splits an answer into consecutive pieces, one per sentence (a piece ends after sentence-final
 * punctuation or a citation marker `[n]`, and the whitespace that follows). The pieces
 * concatenated are exactly `text`.
 */
export function sentencePieces(text: string): string[] {
  const pieces = text.match(/[^]*?(?:(?:[.!?…](?:\s*\[\d+\])*|\[\d+\])(?:\s+|$)|$)/g) ?? [];
  const out = pieces.filter((p) => p.length > 0);
  return out.length > 0 ? out : [text];
}
