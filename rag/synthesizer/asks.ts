/**
 * Questions with more than one ask ("how long do I wait, and how much does it pay?",
 * "for me alone versus for my family", "¿cuántos viajes … y a qué número llamo?"): split at a
 * conjunction followed by a question word (or by a fronted clause and then one), at a comparison
 * ("versus", "compared with"), at a correlative pair ("both … and …"), or between two questions, so each ask can be covered by its own passage, possibly from another
 * page or document.
 */
import { tokenize } from "../text/tokenize.ts";

/**
 * Share of a question term's weight kept when it is not in the ask being covered (it still names the topic).
 * Dev facts per document / library at 0.3: 75.8 / 73.2; 0.15–0.2: 75.8 / 73.5; 0.1: 75.5 / 73.5; 0.5: 75.5 / 73.2.
 */
export const OTHER_ASK_TERM_SHARE = 0.2;
/** An ask needs at least this many words to stand on its own. */
export const MIN_ASK_WORDS = 2;

/** Question words that open a second ask after "and"/"y" (English and Spanish). */
const ASK_OPENERS =
  "what|what's|how|who|whom|which|when|where|why|is|are|does|do|did|can|will|would|should|if|whether|qué|que|cuánto|cuanto|cuánta|cuánta|cuántos|cuantos|cuántas|cuantas|cómo|como|cuándo|cuando|dónde|donde|a qué|quién|quien|hay|cubre";
/**
 * A preposition may lead the question word of a second ask ("… and by when do I send the papers?",
 * "… and for how long?", "… and to whom do I write?", "y hasta cuándo …"): English and Spanish
 * grammar (a fronted prepositional phrase), not a list of phrasings. Dev facts (583 answerable,
 * per document / library) 484 / 472 → 486 / 472 with the phone-ask rule of multi-ask.ts
 * (`phoneAnswered`), no case lower. Tried and dropped: the compound preposition "up to" and
 * Spanish "cada" ("… and up to how much?", "y cada cuánto …") as leads: three passing answers grew
 * (479 → 1327, 679 → 1379, 442 → 2498 characters), no fact gained.
 */
const LEAD_PREPOSITIONS = "by|for|to|from|in|at|with|within|until|till|on|of|hasta|desde|para|por|con|en|de";
/**
 * Question words a preposition can lead (a subset of {@link ASK_OPENERS}). Spanish "cuál/cuáles"
 * as an opener (here and in ASK_OPENERS) moved one dev case, 713 → 958 characters, no fact: its
 * second ask, a bare phone ask, then quotes a page footer's number.
 */
const WH_OPENERS = "(?:what|which|when|where|whom|who|how|qué|que|cuándo|cuando|dónde|donde|quién|quien|cuánto|cuanto|cuántos|cuantos|cuántas|cuantas)(?=[\\s,?¿]|$)";
/** Longest fronted clause (characters) {@link LEAD_CLAUSE} lets stand before a second ask's question word. */
export const MAX_LEAD_CLAUSE_CHARS = 60;
/**
 * An adverbial clause a second ask may open with before its question word ("… and once the claim
 * is approved, how soon …", "… y una vez aprobado, ¿cuándo …"): a subordinating conjunction, the
 * clause (no comma or question mark, at most {@link MAX_LEAD_CLAUSE_CHARS} characters) and its
 * comma. English and Spanish grammar (a fronted subordinate clause); "if" and "when" already open
 * an ask ({@link ASK_OPENERS}). Dev harness (934 cases, fusion): facts unchanged, one multi-hop
 * answer 1576 → 1164 characters (its second ask's passage replaces an off-topic one), no other
 * answer changed.
 */
const LEAD_CLAUSE = `(?:(?:once|after|before|since|while|as soon as|una vez que|una vez|después de que|antes de que)\\s+[^,?;¿]{1,${MAX_LEAD_CLAUSE_CHARS}},\\s+¿?)`;
/**
 * Where a question splits into asks. Tried without gain (dev harness, 705 cases less members4/5/6,
 * fusion, facts per document / library 82.4 / 80.6 either way): "or" before a question word as a
 * split too ("will the plan pay for it, or is that excluded?"), with or without a comma before it;
 * one ask moved from one-ask to in-pool, no fact.
 */
/**
 * An adverb may stand between "and" and a second ask's question word ("…, and roughly what would a
 * whole delivery cost?", "… y aproximadamente cuánto …"): an English "-ly" or Spanish "-mente"
 * adverb (grammar, not a list of words). Dev harness (998 cases, fusion, facts per document /
 * library) ALL 82.9 / 81.5 → 83.0 / 81.6, FRESH (members4–8, 293) 75.7 / 74.5 → 76.1 / 74.9
 * (multi-hop 41.2 → 44.1 both), one case moved, hit@5 and refusals unchanged. Tried and dropped:
 * a bare prepositional question word as an ask of its own ("Who do I call and by when?"): no fact,
 * one case's cited pages leave the top 5. `navigator eval` (per document · library): FRESH facts
 * 76.10 · 76.10 → 76.49 · 76.49 (multi-hop 41.18 → 44.12), ALL 82.85 · 82.73 → 82.97 · 82.85; hit@5,
 * unanswerable and answerable-refused unchanged.
 */
const LEAD_ADVERB = "(?:[a-záéíóúñ]{3,}(?:ly|mente)\\s+)?";
const SPLIT_RE = new RegExp(
  `\\s*(?:,?\\s+(?:and|y|e)\\s+(?:also\\s+|then\\s+)?(?=${LEAD_CLAUSE}(?:${WH_OPENERS}))|,?\\s+(?:and|y|e)\\s+(?:also\\s+|then\\s+)?${LEAD_ADVERB}(?=(?:(?:${LEAD_PREPOSITIONS})\\s+(?=${WH_OPENERS}))?(?:${ASK_OPENERS})(?=[\\s,?¿]|$))|\\?\\s+(?=\\S)|;\\s+|,?\\s+(?:versus|vs\\.?|compared (?:with|to)|as opposed to|frente a|comparado con)\\s+)`,
  "i",
);

/**
 * A part that opens with a question word is an ask though it has one content word ("what is their
 * number?", "what does it cost?"). Dev facts per document 68.5 → 68.9, library 65.6 unchanged.
 */
const OPENS_ASK_RE = new RegExp(`^[¿\\s]*(?:(?:${LEAD_PREPOSITIONS})\\s+(?=${WH_OPENERS}))?(?:${ASK_OPENERS})(?=[\\s,?¿]|$)`, "i");

/**
 * The asks of a question, in order; one element when it has a single ask.
 * @param question the user's question
 */
export function splitAsks(question: string): string[] {
  const parts = question
    .split(SPLIT_RE)
    .flatMap(parallelParts)
    .flatMap(coordinatedParts)
    .map((p) => p.trim())
    .filter((p) => (tokenize(p).length >= MIN_ASK_WORDS || (tokenize(p).length >= 1 && OPENS_ASK_RE.test(p))) && !networkOnly(p));
  return parts.length >= 2 ? parts : [question];
}

/** "… and <preposition> …" ("y para …"): a parallel ask when the part used that preposition before. */
const PARALLEL_RE = /,?\s+(?:and|y)\s+(?=(for|with|under|in|at|on|para|con|en|por)\s+\S)/i;

/**
 * A part asking the same thing of two alternatives in parallel phrases ("the limit for one
 * person and for a whole household?") split before the repeated preposition: each alternative is an
 * ask, which the document may answer on another page (an SBC's coverage examples, one per coverage
 * tier; an operation and the check-up after it, on two pages of a benefits chart). Only
 * when the preposition after "and" is also used before it in the part; a side too short to be an
 * ask ({@link MIN_ASK_WORDS}) leaves the question whole. Dev harness (676 cases less members4,
 * fusion, facts per document / library) 77.4 / 74.6 → 77.7 / 75.0 (multi-hop 53.6 / 57.1 → 57.1 /
 * 60.7), hit@5 unchanged, no case lower; members2 and members3 unchanged.
 * @param part one part of the question
 */
function parallelParts(part: string): string[] {
  const both = correlativeParts(part);
  if (both) return both;
  const m = PARALLEL_RE.exec(part);
  if (!m || m.index === undefined) return [part];
  const prep = (m[1] as string).toLowerCase();
  const before = part.slice(0, m.index);
  if (!new RegExp(`(?<![\\p{L}])${prep}(?![\\p{L}])`, "iu").test(before)) return [part];
  return [before, part.slice(m.index + m[0].length)];
}

/** Prepositions that may open the two sides of a correlative pair ({@link CORRELATIVE_RE}). */
const CORRELATIVE_PREPOSITIONS = "in|at|on|for|with|under|by|through|during|before|after|within|from|en|con|para|por|durante|antes|después|desde";
/** "both <prep> X and <prep> Y" / "tanto <prep> X como <prep> Y": a correlative pair of prepositional phrases. */
const CORRELATIVE_RE = new RegExp(
  `,?\\s*(?<![\\p{L}])(?:both|tanto)\\s+((?:${CORRELATIVE_PREPOSITIONS})\\s+[^,;?]+?)\\s+(?:and|como)\\s+((?:${CORRELATIVE_PREPOSITIONS})\\s+[^,;?]+?)([,;?.!]|$)`,
  "iu",
);

/**
 * A part asking the same of two prepositional phrases joined as a correlative pair ("when can I
 * enroll, both during the spring and after a move?") is two asks, each the part with one
 * phrase in place of the pair: the correlative ("both … and", Spanish "tanto … como") marks two
 * coordinated alternatives even when their prepositions differ, which {@link PARALLEL_RE} alone does
 * not split. English and Spanish grammar, not a list of phrasings. Dev harness (934 cases, fusion,
 * facts found per document / library) 1087 / 1073 → 1088 / 1074 of 1256 (multi-hop 129 / 130 →
 * 130 / 131 of 171), one case moved, no other answer changed. Undefined when the part has no
 * such pair or a side is too short to be an ask ({@link MIN_ASK_WORDS} content words with the rest).
 * @param part one part of the question
 */
function correlativeParts(part: string): string[] | undefined {
  const m = CORRELATIVE_RE.exec(part);
  if (!m || m.index === undefined) return undefined;
  const head = part.slice(0, m.index);
  const tail = `${m[3]}${part.slice(m.index + m[0].length)}`;
  const sides = [`${head} ${m[1]}${tail}`, `${head} ${m[2]}${tail}`];
  return sides.every((x) => tokenize(x).length >= MIN_ASK_WORDS) ? sides : undefined;
}

/**
 * Two coordinated alternatives sharing all but one word: prefixed forms of one word
 * ("pre-hospitalisation and post-hospitalisation"), or one head word with two short labels
 * ("Plan A and Plan B", "Tier 1 and Tier 2"; the head a content word, {@link coordinatedParts}).
 */
const COORDINATED_RE = /(?<![\p{L}\p{N}-])(?:(\p{L}+)(-\p{L}{4,})\s+and\s+(\p{L}+)\2|(\p{L}{3,}\s+)([\p{L}\p{N}]{1,3})\s+and\s+\4([\p{L}\p{N}]{1,3}))(?![\p{L}\p{N}-])/iu;

/**
 * A part asking the same of two coordinated alternatives ({@link COORDINATED_RE}) is two asks, each
 * the part with one alternative in place of the pair ("… pre-treatment costs …" and "…
 * post-treatment costs …"), so each alternative gets its own passage
 * (multi-ask.ts). English grammar (coordination with a shared word), not a list of phrasings.
 * Dev harness (705 cases less members4/5/6, fusion, facts per document / library) 81.5 / 79.6 →
 * 81.9 / 79.9 (lookup 90.9 / 89.0 → 91.5 / 89.6), hit@5 unchanged, no case lower; the prefixed
 * forms and the labels move one case each. Tried and dropped: two coordinated prepositions sharing
 * their object ("days before and after a hospital stay"): the split asks' passages were no better
 * (no fact); the stem of the first alternative given to a second too short to stand ("… inform
 * them for a planned hospitalization and for an emergency?"): no fact either.
 * @param part one part of the question
 */
function coordinatedParts(part: string): string[] {
  const m = COORDINATED_RE.exec(part);
  // a head word must be a content word: "for me and for my wife" is one ask
  if (!m || m.index === undefined || (m[4] && tokenize(m[4]).length === 0)) return [part];
  const head = part.slice(0, m.index);
  const tail = part.slice(m.index + m[0].length);
  const [a, b] = m[1] ? [`${m[1]}${m[2]}`, `${m[3]}${m[2]}`] : [`${m[4]}${m[5]}`, `${m[4]}${m[6]}`];
  return [`${head}${a}${tail}`, `${head}${b}${tail}`];
}

/**
 * Query-term weights focused on one ask: terms of the ask keep their weight, the question's
 * other terms keep {@link OTHER_ASK_TERM_SHARE} of it.
 * @param weights the whole question's term weights
 * @param ask one ask of the question
 * @param expand the ask's own terms (e.g. with glossary expansions); default its tokens
 * @param otherShare share of weight kept by the question's other terms; default {@link OTHER_ASK_TERM_SHARE}
 */
export function askWeights(weights: ReadonlyMap<string, number>, ask: string, expand?: (ask: string) => Iterable<string>, otherShare = OTHER_ASK_TERM_SHARE): Map<string, number> {
  const own = new Set(expand ? expand(ask) : tokenize(ask).map((t) => t.term));
  const out = new Map<string, number>();
  for (const [t, w] of weights) out.set(t, own.has(t) ? w : w * otherShare);
  return out;
}

/**
 * Whether a part of a question names only a network column ("… cost In-Network vs Non-Network?"):
 * it is no ask of its own (the SBC grid row gives both columns), and the question keeps its single
 * ask, whose second service then gets its own row (groups.ts). Dev facts per document / library
 * 78.8 / 77.2 → 78.8 / 77.4 (lookup library 85.2 → 85.6), hit@5 unchanged.
 */
function networkOnly(part: string): boolean {
  const rest = part.replace(new RegExp(OUT_RE.source, "gi"), " ").replace(new RegExp(IN_RE.source, "gi"), " ");
  return tokenize(rest.replace(/\bproviders?\b/gi, " ")).length === 0;
}

/** Which network column a question asks about (the SBC grid's two cost columns). */
export type NetworkAsk = "in" | "out" | undefined;

const OUT_RE = /\b(?:out[- ]of[- ]network|non[- ]?(?:network|preferred|participating|plan)|outside (?:the |my )?network|fuera de la red)\b/i;
const IN_RE = /\b(?:in[- ]network|(?<!non[- ]?)preferred providers?|(?<!non[- ]?)participating providers?|network providers?|plan providers?|dentro de la red|en la red)\b/i;

/**
 * The network qualifier a question asks for: "in" (in network, preferred or participating
 * providers), "out" (out of network, non-preferred), or undefined (neither or both).
 * @param question the user's question
 */
export function networkAsk(question: string): NetworkAsk {
  const out = OUT_RE.test(question);
  const inn = IN_RE.test(question.replace(new RegExp(OUT_RE.source, "gi"), " "));
  return out === inn ? undefined : out ? "out" : "in";
}

/**
 * Whether a passage speaks only of the other network: it names the network the question did not
 * ask for and not the one it did.
 * @param text the passage
 * @param ask the question's network qualifier
 */
export function otherNetworkOnly(text: string, ask: NetworkAsk): boolean {
  if (!ask) return false;
  const out = OUT_RE.test(text);
  const inn = IN_RE.test(text.replace(new RegExp(OUT_RE.source, "gi"), " "));
  return ask === "in" ? out && !inn : inn && !out;
}

/**
 * The question without the plan and document names it quotes: a name is not a cue of what is
 * asked ("CA Bronze HMO Deductible 5500" names a plan; its "Deductible" asks for no amount).
 * Matching is case-insensitive on whole words; names shorter than {@link MIN_NAME_CHARS} are kept.
 * @param text a question or one of its asks
 * @param names plan names (document profiles) of the retrieved documents
 */
export function withoutNames(text: string, names: Iterable<string>): string {
  let out = text;
  for (const n of names) {
    const name = n.trim();
    if (name.length < MIN_NAME_CHARS) continue;
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}\\p{N}])`, "giu");
    out = out.replace(re, " ");
  }
  return out;
}

/** Names shorter than this (in characters) are not stripped by {@link withoutNames}: too likely a common word. */
export const MIN_NAME_CHARS = 4;

const WH_RE = /(?<![\p{L}])(?:what|what's|how|who|whom|which|when|where|why|qu[eé]|cu[aá]nt[oa]s?|c[oó]mo|cu[aá]ndo|d[oó]nde|qui[eé]n|cu[aá]l(?:es)?)(?![\p{L}])/iu;
const AUX_RE = /(?<![\p{L}])(?:do|does|did|is|are|am|was|were|can|could|will|would|should|must|may|have|has)(?![\p{L}])/iu;

/** An auxiliary verb opening a clause. */
const AUX_OPENER_RE = new RegExp(`^${AUX_RE.source}`, "iu");
/** A question word opening a clause. */
const WH_OPENER_RE = new RegExp(`^${WH_RE.source}`, "iu");
/** A connective before an ask's first word ("and also is there …", "plus, can I …"). */
const LEAD_CONNECTIVE_RE = /^(?:(?:and|also|then|so|but|plus),?\s+)+/i;

/**
 * Whether an ask is a yes/no question. English word order decides it: an asking clause that opens
 * with an auxiliary verb ("does what we pay count toward the limit?", "is there a generic?") is a
 * yes/no question though a question word follows inside it (a relative clause, "what we pay"); one
 * that opens with a question word ("what is the copay when I go?") is not. Otherwise ("On the Gold
 * plan, do I need …", Spanish): an auxiliary verb and no question word anywhere. The asking clause
 * is the ask's last sentence (the context a member writes first stays out), without a leading
 * connective. A yes/no ask asks for no value: the whole question's value kind (the copay another
 * ask wants) does not favour its passages, nor does a value cue of its own ("pay"), multi-ask.ts.
 * @param ask one ask of a question
 */
export function yesNoAsk(ask: string): boolean {
  const clause = (ask.split(/(?<=[.?!])\s+(?=\S)/).at(-1) ?? ask).replace(/^[\s¿¡"'“‘(]+/, "").replace(LEAD_CONNECTIVE_RE, "");
  if (AUX_OPENER_RE.test(clause)) return true;
  if (WH_OPENER_RE.test(clause)) return false;
  return AUX_RE.test(ask) && !WH_RE.test(ask);
}
