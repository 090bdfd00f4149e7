/**
 * Rendering picked sentences as a short answer with `[n]` citations.
 */
import { detectLanguage } from "../documents/profile.ts";
import type { Citation, SynthesizedAnswer } from "../types.ts";
import { stripCellMarkers } from "./cells.ts";
import { pageAtOffset } from "./pages.ts";
import type { AnswerIntent } from "./scoring.ts";
import { isAskedValue } from "./adjacency.ts";
import { type RecordLanguage, renderRecord } from "./records.ts";
import { valueKinds } from "./values.ts";
import { sentenceFeatures, type SentenceFeatures } from "./scoring.ts";
import type { Cand } from "./select.ts";

/** Options of {@link renderAnswer}. */
export interface RenderOptions {
  /** Answer language: Spanish joining words for records and a Spanish lead for quoted prose. Default "en". */
  readonly language?: RecordLanguage;
  /** Plan name per document id (document profile), when known; else the file name names the document. */
  readonly plans?: ReadonlyMap<string, string>;
  /** The kind of value asked for (cuts a record's long limitation to the sentences holding it). */
  readonly intent?: AnswerIntent;
  /**
   * What to show instead of a quoted sentence: a lead of ours and the part of the sentence to quote
   * (e.g. the SBC excluded-services items, exclusions.ts). The citation keeps the sentence as printed.
   */
  readonly display?: ReadonlyMap<Cand, { readonly lead: string; readonly text: string }>;
  /** A word's features when trimming a long sentence (default `sentenceFeatures`; the synthesizer passes a memoised one). */
  readonly wordFeatures?: (word: string) => SentenceFeatures;
}

/** Opens every Spanish answer naming a document ("Según su documento <plan> (<file>)…"). */
export const SPANISH_LEAD = "Según su documento ";

/**
 * How an answer names a document: "<plan> (<file>)", or the file name when the plan is unknown
 * (or is the file name).
 * @param filename the document's file name
 * @param plan the plan name from its profile
 */
export function documentName(filename: string, plan: string | undefined): string {
  const p = plan?.trim();
  return p && p.toLowerCase() !== filename.toLowerCase() ? `${p} (${filename})` : filename;
}

/**
 * Joins sentences; consecutive sentences of the same chunk page share one marker placed after the last.
 * Sentences are grouped by document (first appearance first) and each document is named once,
 * before its first sentence ("<plan> (<file>): …"; Spanish: "Según su documento <plan> (<file>): …",
 * with "en inglés" before quoted English prose). A structure record is rendered from its cells
 * (records.ts), value first.
 * @param sentences picked sentences in reading order
 * @param maxChars sentences longer than this are trimmed around the matched terms
 * @param weights query-term weights (for trimming)
 * @param provider the synthesizer's name
 * @param o language and plan names
 */
export function renderAnswer(sentences: readonly Cand[], maxChars: number, weights: ReadonlyMap<string, number>, provider: string, o: RenderOptions = {}): SynthesizedAnswer {
  const language = o.language ?? "en";
  const docOrder: string[] = [];
  for (const c of sentences) if (!docOrder.includes(c.chunk.documentId)) docOrder.push(c.chunk.documentId);
  const ordered = [...sentences].sort((a, b) => docOrder.indexOf(a.chunk.documentId) - docOrder.indexOf(b.chunk.documentId));
  const citations: Citation[] = [];
  const parts: string[] = [];
  const named = new Set<string>();
  ordered.forEach((c, i) => {
    const page = pageAtOffset(c.chunk, c.start);
    // empty-cell markers ("— none —") of table text are never shown
    const shownAs = o.display?.get(c);
    const quoted = shownAs ? `${shownAs.lead} ${trimSentence(shownAs.text, maxChars, weights, o.wordFeatures, o.intent)}` : trimSentence(c.text, maxChars, weights, o.wordFeatures, o.intent);
    const shown = joinSplitNumbers(stripCellMarkers(c.chunk.record ? renderRecord(c.chunk.record, weights, language, o.intent) : quoted));
    let cit = citations.find((x) => x.documentId === c.chunk.documentId && x.page === page && x.chunkOrdinal === c.chunk.ordinal);
    if (!cit) {
      cit = { index: citations.length + 1, documentId: c.chunk.documentId, filename: c.chunk.filename, page, chunkOrdinal: c.chunk.ordinal, score: c.chunk.score, text: c.text };
      citations.push(cit);
    } else if (!cit.text.includes(c.text)) {
      citations[cit.index - 1] = cit = { ...cit, text: `${cit.text} ${c.text}` };
    }
    let lead = "";
    if (!named.has(c.chunk.documentId)) {
      named.add(c.chunk.documentId);
      const name = documentName(c.chunk.filename, c.chunk.plan ?? o.plans?.get(c.chunk.documentId));
      // quoted prose is said to be English unless the document's own words are Spanish
      const prose = ordered.filter((x) => x.chunk.documentId === c.chunk.documentId && !x.chunk.record).map((x) => x.text).join(" ");
      const english = c.chunk.record === undefined && detectLanguage(prose) !== "es";
      lead = language === "es" ? `${SPANISH_LEAD}${name}${english ? ", en inglés" : ""}: ` : `${name}: `;
    }
    const next = ordered[i + 1];
    const sameNext =
      next && !c.chunk.record && next.chunk.documentId === c.chunk.documentId && next.rank === c.rank && next.idx === c.idx + 1 && pageAtOffset(next.chunk, next.start) === page && next.chunk.ordinal === c.chunk.ordinal;
    parts.push(`${lead}${shown}${sameNext ? "" : ` [${cit.index}]`}`);
  });
  return { text: parts.join(" "), found: true, citations, provider };
}

/** A hyphen between digits with the line break after it read as a space ("1- 888-852-5345", "91410- 0348"). */
const SPLIT_NUMBER_RE = /(\d)-\s+(?=\d)/g;

/**
 * Rejoins a hyphenated number that a line or table-cell break split after its hyphen ("call 1-
 * 888-852-5345" → "call 1-888-852-5345"): phone numbers and ZIP+4 codes wrap so in SBC cells and EOC
 * contact tables, and the member copies the number from the answer. A hyphen with space on both
 * sides (a dash) is left alone.
 * @param text an answer part as shown
 */
export function joinSplitNumbers(text: string): string {
  return text.replace(SPLIT_NUMBER_RE, "$1-");
}

/** Most words {@link trimSentence} adds past its character budget to finish a value it would cut. */
export const VALUE_TAIL_WORDS = 4;

/** A number, amount or percentage ("24", "(24)", "$1,000", "50,000", "20%"). */
const NUMERIC_WORD_RE = /^[(\[]?(?:[$₹]|inr|rs\.?)?\d[\d,.]*%?[)\]]?[.,;:]?$/i;
/** A spelled-out number, as policy wordings write durations and counts. */
const NUMBER_WORD_RE = /^(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|lakh|million)$/i;
/** A unit after a number: time, money and share units. */
const UNIT_WORD_RE = /^(?:calendar|business|working|consecutive|days?|weeks?|months?|years?|hours?|minutes?|visits?|percent|lakhs?|thousand|million|inr|rupees|dollars)[.,;:)]?$/i;

/**
 * The coverage verdict closing a row of the chart of services not covered, as the CMS model Evidence
 * of Coverage prints it (Chapter 4, "Services not covered by the plan": each excluded service is
 * followed by its column, "Not covered under any condition" or "Covered only under specific
 * conditions"). The chart's rows run together in the extracted text, so a long row is trimmed
 * around the service asked about and its verdict, the first one after the cut, is lost:
 * {@link trimSentence} keeps it after an ellipsis, since the answer to "will the plan pay for …" is
 * that verdict. Dev harness (fusion, facts per document / library): ALL 83.0 / 81.9 → 83.1 / 82.0,
 * FRESH (members4–7) 74.9 / 74.4 → 75.4 / 74.9, no case lower, 2 answers 32 characters longer each.
 */
export const CLOSING_VERDICT_RE = /\b(?:not covered under any condition|covered only under specific conditions)\b/i;

/** Most words before a value that {@link trimSentence} adds past its budget to reach it ("of" in "Waiting Period of two (02) years"). */
export const VALUE_LEAD_WORDS = 1;

/** Whether a word starts a value: a number, amount or percentage, or a spelled-out number. */
function startsValue(word: string): boolean {
  return NUMERIC_WORD_RE.test(word) || NUMBER_WORD_RE.test(word);
}

/**
 * Whether `next` continues a value that ends with `last`: a number (digits or spelled out) followed by
 * another number, its parenthesised digits or its unit, or a currency word followed by its amount.
 */
function continuesValue(last: string, next: string): boolean {
  const lastNumber = NUMERIC_WORD_RE.test(last) || NUMBER_WORD_RE.test(last) || /^(?:inr|rs\.?|usd|\$)$/i.test(last);
  if (!lastNumber) return false;
  return NUMERIC_WORD_RE.test(next) || NUMBER_WORD_RE.test(next) || UNIT_WORD_RE.test(next);
}

/**
 * Trims a long sentence to the window of `maxChars` holding the most query terms and values. With
 * `intent`, a window holding a value of the asked kind (a phone number when one is asked, an amount
 * when money is) gains the heaviest question term's weight, once, so the window keeps the value the
 * sentence was chosen for ("… you should call the Department of Health and Human Services' Office
 * for Civil Rights at 1-800-…" was cut before the number, the question's words all being earlier).
 * A chart verdict cut by the trim (the first after the window, {@link CLOSING_VERDICT_RE}) follows the ellipsis.
 * @param features a word's features (default {@link sentenceFeatures}; callers may pass a memoised one)
 * @param intent the kind of value asked for (none: values weigh alike)
 */
export function trimSentence(text: string, maxChars: number, weights: ReadonlyMap<string, number>, features: (word: string) => SentenceFeatures = sentenceFeatures, intent?: AnswerIntent): string {
  if (text.length <= maxChars) return text;
  const words = text.split(" ");
  let heaviest = 0;
  for (const w of weights.values()) heaviest = Math.max(heaviest, w);
  const asked: boolean[] = [];
  const value = words.map((w) => {
    const f = features(w);
    let v = 0;
    for (const t of f.terms) v += weights.get(t) ?? 0;
    asked.push(intent !== undefined && valueKinds(f.toks).some((k) => isAskedValue(k, intent)));
    return v + (/[$%\d]/.test(w) ? 0.5 : 0);
  });
  let best = -1;
  let bestStart = 0;
  for (let s = 0; s < words.length; s++) {
    let len = 0;
    let v = 0;
    let holds = false;
    for (let e = s; e < words.length && len + (words[e] as string).length + 1 <= maxChars; e++) {
      len += (words[e] as string).length + 1;
      v += value[e] as number;
      holds ||= asked[e] as boolean;
    }
    // the asked value counts once: a window of several amounts is not worth more than one holding the question's words
    if (holds) v += heaviest;
    if (v > best) [best, bestStart] = [v, s];
  }
  let out = "";
  let e = bestStart;
  while (e < words.length && out.length + (words[e] as string).length + 1 <= maxChars) out += `${out ? " " : ""}${words[e++]}`;
  // never end right before a value ("subject to Waiting Period …" → "… Waiting Period of two (02) years"):
  // when the value starts within the next VALUE_LEAD_WORDS words (and the window does not end a sentence), they follow
  if (e < words.length && e > bestStart && !/[.;:!?]$/.test(words[e - 1] as string)) {
    const lead = words.slice(e, e + VALUE_LEAD_WORDS + 1).findIndex(startsValue);
    if (lead >= 0) for (let k = 0; k <= lead; k++) out += ` ${words[e++]}`;
  }
  // never end inside a value ("for twenty four …" → "for twenty four (24) months"): a few words more
  for (let extra = 0; e < words.length && extra < VALUE_TAIL_WORDS && e > bestStart && continuesValue(words[e - 1] as string, words[e] as string); extra++) out += ` ${words[e++]}`;
  const lead = bestStart > 0 ? "… " : "";
  if (e >= words.length) return `${lead}${out}`;
  // the row's verdict column, cut off after a long list of items, closes the quote (CLOSING_VERDICT_RE)
  const verdict = CLOSING_VERDICT_RE.exec(words.slice(e).join(" "))?.[0];
  return `${lead}${out} …${verdict ? ` ${verdict}` : ""}`;
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
