/**
 * Record answers: a structure record (rag/documents: an SBC "Important Questions" or benefit-grid
 * row, an EOC Medical Benefits Chart row, a definition) rendered as one or two plain sentences,
 * value first, in the answer's language. Cells are quoted exactly as printed (amounts, "Not
 * covered", phone numbers); only the joining words are ours. The limitation follows, cut to the
 * sentences that match the question when it is long.
 */
import type { RecordCells } from "../types.ts";
import { stripCellMarkers } from "./cells.ts";
import { type AnswerIntent, intentBonus, sentenceFeatures } from "./scoring.ts";

/** A limitation longer than this many words is cut to its sentences that best match the question. */
export const MAX_LIMITATION_WORDS = 30;
/**
 * Sentences of a long limitation kept (best matching first, shown in reading order). An EOC Medical
 * Benefits Chart row's "services that are covered" cell runs to a dozen sentences, each a coverage
 * condition or exclusion ("Transportation back to the U.S. from another country is not covered.";
 * "one fitness kit per year"), and the one a member's question turns on often shares none of its lay
 * words, so it ranked fourth and was cut. Dev harness (fusion, facts per document / library): ALL
 * 82.7 / 81.3 → 83.0 / 81.7, FRESH (members4–8) 75.7 / 74.5 → 76.1 / 75.3; hit@5, refusals and
 * unanswerable unchanged, no case lower; 5 as 4.
 */
export const MAX_LIMITATION_SENTENCES = 4;

/**
 * A cost cell longer than this many words (an EOC Medical Benefits Chart's "what you must pay"
 * paragraph, up to ~150 words) is cut to its first sentence and those matching the question. Dev
 * (per document and library): facts unchanged at 25, 30, 40 and uncut (68.5 / 65.6); 30 shortens
 * 53 answers by 7,783 characters in all (40: 36 by 6,341).
 */
export const MAX_COST_CELL_WORDS = 30;

/**
 * A cost cell as shown: whole when short, else its first sentence (the cost itself) and the
 * sentences that best match the question (see {@link limitationExcerpt}).
 */
function costCell(cell: string, weights: ReadonlyMap<string, number>, intent?: AnswerIntent): string {
  return limitationExcerpt(cell.trim(), weights, intent, true, MAX_COST_CELL_WORDS);
}

/** Answer languages of the record templates. */
export type RecordLanguage = "en" | "es";

/** An empty or "none" cell ("— none —", "None", "-"). */
function isNone(cell: string | null): cell is null {
  return cell === null || /^[\s—–-]*$/.test(stripCellMarkers(cell).replace(/^none$/i, ""));
}

/** Ends a phrase with a full stop unless it ends with punctuation already. */
function stop(text: string): string {
  const t = text.trim();
  return /[.!?…:;]$/.test(t) ? t : `${t}.`;
}

/**
 * "What is the overall deductible?" → "The overall deductible"; undefined for other questions
 * (yes/no questions keep their form). The SBC uniform template asks its Important Questions so.
 */
function questionSubject(label: string): { subject: string; verb: string } | undefined {
  const m = /^what\s+(is|are)\s+(the\s+)?(.+?)\s*\??$/i.exec(label.trim());
  if (!m || /\b(not|this plan'?s?)\b.*\b(included|cover)/i.test(m[3] ?? "")) return undefined;
  const rest = m[3] as string;
  return { subject: `${m[2] ? "The " : ""}${m[2] ? rest : rest.charAt(0).toUpperCase() + rest.slice(1)}`, verb: (m[1] as string).toLowerCase() };
}

/**
 * Where a limitation cell splits into sentences: after a full stop (or ; ! ?) before a capital, a
 * bullet or a parenthesis, not after "e.g." or "i.e." ("… a presbyopia-correcting IOL (e.g.
 * Crystalens™, …) in place of a conventional IOL": cut there, the EOC chart row's fee sentence lost its
 * subject and ranked out of the excerpt); and at bullets. Dev harness (fusion, facts per document /
 * library): ALL 83.2 / 81.9 → 83.3 / 82.0, FRESH (members4–8) unchanged; hit@5, refusals and
 * unanswerable unchanged, no case lower.
 */
const LIMITATION_SENTENCE_RE = /(?<!\be\.g\.|\bi\.e\.)(?<=[.;!?])\s+(?=[A-Z•(])|\s*•\s*/;

/**
 * The limitation to show: whole when short, else its sentences that cover most question terms, or
 * its first sentence when none names a question term (a lay question, "one of those buttons you
 * wear", chose the row by its label, "Personal Emergency Response System", and the first sentence
 * says what the row gives, "An electronic home unit or neck pendant …"; it was dropped whole. Dev
 * harness, fusion, facts per document / library: ALL 83.3 / 82.0 → 83.4 / 82.2, FRESH unchanged, 3
 * answers 238 characters longer in all).
 * @param text the limitation cell
 * @param weights query-term weights (rag/synthesizer termWeights)
 * @param keepFirst keep the first sentence whatever it matches (a cost cell's cost)
 * @param maxWords longer texts are cut; default {@link MAX_LIMITATION_WORDS}
 * @param intent the kind of value asked for: a sentence holding one weighs as much as the heaviest question term more,
 *   and is kept though it names no question term (a row's "$2,500 maximum per year" sentence answers "is
 *   there a limit"; dev facts per document / library 67.0 / 64.8 → 67.4 / 65.2)
 */
export function limitationExcerpt(text: string, weights: ReadonlyMap<string, number>, intent?: AnswerIntent, keepFirst = false, maxWords = MAX_LIMITATION_WORDS): string {
  const words = text.split(/\s+/).length;
  if (words <= maxWords) return text.trim();
  const sents = text.split(LIMITATION_SENTENCE_RE).map((s) => s.trim()).filter((s) => s.length > 0);
  let heaviest = 0;
  for (const w of weights.values()) heaviest = Math.max(heaviest, w);
  const scored = sents.map((s, i) => {
    const f = sentenceFeatures(s);
    let v = 0;
    for (const t of f.terms) v += weights.get(t) ?? 0;
    const value = intent ? intentBonus(f, intent, 1, weights) : 0;
    return { s, i, v: v > 0 || value > 0 ? v + heaviest * Math.min(1, value) + (/[$%]|\d/.test(s) ? 0.01 : 0) : 0 };
  });
  if (keepFirst && scored[0]) scored[0].v = Number.POSITIVE_INFINITY;
  const best = scored.filter((x) => x.v > 0).sort((a, b) => b.v - a.v || a.i - b.i).slice(0, MAX_LIMITATION_SENTENCES).sort((a, b) => a.i - b.i);
  // no sentence names the question's words (a lay question about a row its label answers): the first, which says what the row is
  if (best.length === 0 && scored[0]) return stop(scored[0].s);
  return best.map((x) => stop(x.s)).join(" ");
}

/**
 * One record as plain sentences, value first.
 * - benefit with both networks: "Specialist visit: $45 copay in network; out of network, 40% coinsurance."
 * - benefit with one cost column (EOC chart): "Ambulance services: $180 copayment for each one-way trip."
 * - question: "The overall deductible is $500." ("What is …?") or "Do I need a referral …? Yes."
 * - definition: its text as printed.
 * Then the limitation (see {@link limitationExcerpt}) unless it is empty or "none"; empty-cell
 * markers ("— none —", cells.ts) never show.
 * @param r the record's cells
 * @param weights query-term weights (to cut a long limitation)
 * @param language "en" or "es" (Spanish joining words; cells as printed)
 * @param intent the kind of value asked for (to cut a long limitation)
 */
export function renderRecord(r: RecordCells, weights: ReadonlyMap<string, number>, language: RecordLanguage = "en", intent?: AnswerIntent): string {
  const es = language === "es";
  const label = r.label.trim();
  let main: string;
  if (r.kind === "definition") {
    const def = (r.limitations ?? r.label).trim();
    return stripCellMarkers(es ? `Definición (del documento): ${stop(limitationExcerpt(def, weights, intent))}` : stop(limitationExcerpt(def, weights, intent)));
  }
  const network = isNone(r.network) ? null : costCell(r.network, weights, intent);
  const out = isNone(r.outOfNetwork) ? null : r.outOfNetwork.trim();
  if (r.kind === "question") {
    const q = questionSubject(label);
    if (network === null) main = es ? `«${label}»` : label;
    else if (es) main = `«${label}»: ${network}`;
    else main = q ? `${q.subject} ${q.verb} ${network}` : `${label} ${network}`;
  } else if (network !== null && out !== null) {
    main = es ? `${label}: ${network} dentro de la red; fuera de la red, ${out}` : `${label}: ${network} in network; out of network, ${out}`;
  } else if (network !== null || out !== null) {
    const value = (network ?? out) as string;
    const where = network === null ? (es ? " fuera de la red" : " out of network") : "";
    main = es ? `${label} — lo que usted paga${where}: ${value}` : `${label}${where}: ${value}`;
  } else main = label;
  // An SBC Important Question's "why this matters" is the uniform template's explanation: only its
  // sentences holding a figure (a plan-specific amount, a page or a day count) say something of this plan,
  // and, after a bare yes or no, its first sentence: the template words it by the answer ("You can see the
  // specialist you choose without permission from this plan" after "No").
  const bare = network !== null && /^(?:yes|no)\.?$/i.test(stripCellMarkers(network).trim());
  const why = r.kind === "question" && !isNone(r.limitations) ? r.limitations.split(/(?<=[.!?])\s+/).filter((x, i) => /\d/.test(x) || (bare && i === 0)).join(" ") : r.limitations;
  const lim = isNone(why) || why === "" ? "" : limitationExcerpt(why, weights, intent);
  const note = lim ? (es ? ` Nota (del documento): ${stop(lim)}` : ` ${stop(lim)}`) : "";
  return stripCellMarkers(`${stop(main)}${note}`);
}
