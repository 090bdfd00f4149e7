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
import { networkAsk, otherNetworkOnly, splitAsks, withoutNames } from "./asks.ts";
import { dropTableProse } from "./cells.ts";
import { definitionLead } from "./definitions.ts";
import { dropRecordEchoes } from "./echoes.ts";
import { asksAboutExample, coverageExampleTest, demoteCoverageExamples } from "./examples.ts";
import { excludedDisplay } from "./exclusions.ts";
import { secondGroupRecord, secondGroupWindow } from "./groups.ts";
import { listLeads } from "./list-leads.ts";
import { createFurnitureFilter, furnitureRuns, type PreparedSentence, prepareSentence } from "./furniture.ts";
import { createRunIds } from "./run-ids.ts";
import { addAskPassages, MAX_ASK_WINDOW_SENTENCES } from "./multi-ask.ts";
import { DEFAULT_EXTRACTIVE_OPTIONS, DEFAULT_FURNITURE_MEMO_SENTENCES, DEFAULT_SENTENCE_FEATURE_MEMO_SENTENCES, DEFAULT_SENTENCE_MEMO_CHUNKS, DEFAULT_WORD_FEATURE_MEMO_WORDS, DEFAULT_TITLE_MEMO_ENTRIES, type ExtractiveSynthesizerOptions, NOT_FOUND_TEXT, NOT_FOUND_TEXT_ES } from "./options.ts";
import { renderAnswer, sentencePieces } from "./render.ts";
import { promoteNamedRows, rowNameTerms } from "./rows.ts";
import { type AnalyzedText, analyzeText, stitchPassages } from "./passages.ts";
import { continuations, elaborations, laterPassages, namesOtherNumbered, referents } from "./followups.ts";
import { coverage, detectIntent, sentenceFeatures, type SentenceFeatures, termWeights } from "./scoring.ts";
import { asksForValue, completeValue, holdsAskedValue } from "./complete-value.ts";
import { namesTopic, pickWindows } from "./pick.ts";
import { type Cand, scoreWindows, type SelectOptions } from "./select.ts";
import type { SentenceSplitter } from "./sentences.ts";
import { topPassage } from "./top-passage.ts";

/** The question's own terms (weight 1 in `buildQueryTerms`), not its glossary additions. */
function ownTerms(q: QueryTerms): Set<string> {
  const out = new Set<string>();
  for (const [t, w] of q.weights) if (w >= 1) out.add(t);
  return out;
}

/** Score taken from a passage that speaks only of the network the question did not ask about. */
export const NETWORK_MISMATCH_PENALTY = 0.2;

/** A passage holding the asked value, elsewhere than the best passage, is added when it scores at least this share of the best. */
export const VALUE_PASSAGE_MIN_SHARE = 0.6;

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

  function compose(asked: string, chunks: readonly RetrievedChunk[], language: string | undefined, known: QueryTerms | undefined): SynthesizedAnswer {
    {
      const q = known && useGlossary ? known : buildQueryTerms(asked, useGlossary);
      // The question as the analysis read it (rag/query: misspelt common words corrected, "deductable"
      // → "deductible"), so value cues, asks and network phrases are found in it as in its terms. Dev facts
      // per document / library 78.6 / 77.0 → 78.8 / 77.2 (lookup 86.9 / 84.9 → 87.2 / 85.2), hit@5 unchanged.
      const question = known && useGlossary && q.expansion.original ? q.expansion.original : asked;
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
        if (r && w.sents.length === 1) w.score += RECORD_LABEL_BONUS * coverage(rowNameTerms(r, (t) => featuresOf(t).terms), weights);
      }
      // A row whose label adds words the question does not use is a neighbour of the better-named row,
      // which ranks above it (rows.ts): "Preferred brand drugs" is asked, not "Non-preferred brand and
      // generic drugs" whose cells name prescriptions and costs. Dev facts per document / library 78.0 /
      // 76.4 → 78.4 / 77.0 (lookup 86.6 / 84.6 → 86.9 / 84.9, Spanish 77.8 / 74.1 → 79.6 / 75.9,
      // paraphrase library 60.4 → 61.5), hit@5 unchanged. The neighbour ranked below the named row
      // instead: 78.4 / 76.8; both: 78.4 / 76.6. Any record kind as one table, or no own-topic exception:
      // a chart row loses to a definition or to a row named by a light word (−1 case each).
      promoteNamedRows(windows, weights, ownTerms(q), (l) => featuresOf(l).terms);
      // A definition question: the term's definition (first-ranked, rag/retriever/definitions.ts) leads.
      const definition = definitionLead(question, windows, ranked[0], (t) => featuresOf(t).terms);
      if (definition) definition.score = Math.max(...windows.map((w) => w.score)) + 1;
      // An SBC coverage example's sample bill ranks below the plan's own rows unless an example is asked about (examples.ts).
      const exampleTest = coverageExampleTest(ranked);
      const isExample = asksAboutExample(q.expansion.spanish ? q.expansion.expanded : question) ? undefined : exampleTest;
      if (isExample) demoteCoverageExamples(windows, isExample);
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
      // the retriever's first passage, when every chosen passage comes from lower chunks (top-passage.ts)
      for (const c of (lead && topPassage(windows, chosen, lead.score)?.sents) || []) pickedSet.add(c);
      if (extra) pickedSet.add(extra);
      else if (asksForValue(intent) && ![...pickedSet].some((c) => c.chunk.record || holdsAskedValue(c, intent, weights))) {
        // no quoted passage holds the asked value: the best passage elsewhere that does, if it scores near the best
        const top = best[0]?.score ?? 0;
        const alt = [...windows].sort((a, b) => b.score - a.score).find((w) => w.sents.length <= MAX_ASK_WINDOW_SENTENCES && namesTopic(w.terms, weights) && w.sents.some((c) => holdsAskedValue(c, intent, weights)));
        if (alt && alt.score >= VALUE_PASSAGE_MIN_SHARE * top) for (const c of alt.sents) pickedSet.add(c);
      }
      // A question with several asks: each ask's best passage, unless already quoted (multi-ask.ts).
      if (asks.length >= 2) addAskPassages({ asks, weights, intent, planNames, ranked, cands, best, sel, maxChunks: o.maxChunks, maxSentences: o.maxSentences, useGlossary, labelTerms: (l) => featuresOf(l).terms, isExample: exampleTest }, pickedSet);
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
      // and the sentence after a quoted one that says of it what is asked ("These drugs … are covered under tier 1")
      for (const c of elaborations(pickedSet, cands, (x) => namesTopic(x.f.terms, weights))) pickedSet.add(c);
      // a quoted lead-in ending with a colon ("… provided:") is followed by what it introduces
      for (const c of continuations(pickedSet, cands)) pickedSet.add(c);
      // a quoted list item is read under its list's heading, which states the list's value (list-leads.ts)
      for (const c of listLeads(pickedSet, cands)) pickedSet.add(c);
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
