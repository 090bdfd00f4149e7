/**
 * The offline `rewrite` step: turns a follow-up into a standalone question from the previous
 * turn's (standalone) question, by rules. Three shapes are recognised:
 * - elliptical: "and out of network?", "what about for specialists?", "¿y fuera de la red?",
 *   "deductible?" — a facet of the previous question is swapped ("in network" → "out of
 *   network"), or the fragment replaces its topic or prepositional phrase, or is appended;
 * - pronoun: "does it need prior authorization?", "is that covered?", "¿eso requiere…?" — the
 *   pronoun becomes the previous question's topic ("does an MRI need prior authorization?");
 * - subject-less predicate: "need a referral?", "¿necesita autorización previa?".
 * Anything else (a question with its own topic) is standalone and kept as asked.
 */
import { findFacets, type FacetHit } from "./facets.ts";
import type { Language } from "./language.ts";
import { foldForMatching } from "./normalize.ts";

/** One earlier turn of the conversation, oldest first in a history. */
export interface ConversationTurn {
  /** The turn's standalone question (its rewrite when it was a follow-up). */
  readonly question: string;
  /** The answer given (may be absent). */
  readonly answer?: string;
  readonly language?: Language;
}

/** Which rule produced a rewrite (or why none was made). */
export type RewriteRule =
  | "no_history"
  | "standalone"
  | "facet_swap"
  | "facet_append"
  | "cost_template"
  | "prep_swap"
  | "topic_swap"
  | "append"
  | "pronoun"
  | "predicate";

/** Result of {@link rewriteFollowUp}. */
export interface RuleRewrite {
  /** The standalone question (the question itself when not rewritten). */
  readonly question: string;
  readonly rewritten: boolean;
  readonly rule: RewriteRule;
}

/** Longest follow-up, in words, still read as an elliptical fragment or a pronoun reference. */
export const MAX_FOLLOW_UP_WORDS = 12;
/** Content words of its own a pronoun or predicate follow-up may have ("is that covered for kids?": 1). */
export const MAX_FOLLOW_UP_OWN_WORDS = 1;
/** Longest bare fragment (no "and"/"what about" lead), in words. */
export const MAX_BARE_FRAGMENT_WORDS = 5;

const LEAD =
  /^(?:and\s+what\s+about|and\s+how\s+about|what\s+about|how\s+about|what\s+if\s+it'?s|same\s+for|and\s+also|and|also|but|plus|y\s+que\s+tal|y\s+que\s+hay\s+de|que\s+tal|que\s+hay\s+de|y\s+si|y|tambien|pero)(?=[\s,]|$)/;
const QUESTION_START = new Set(
  ("what how when where who which why is are do does did can could will would should am was were may must has have shall " +
    "cual cuales cuanto cuanta cuantos cuantas que como donde cuando quien puedo puede necesito tengo hay es son esta estan").split(" "),
);
const PREPOSITION = /^(?:for|in|at|with|without|during|after|before|on|para|en|con|sin|durante|despues|antes|out|outside|fuera|dentro)\b/;
const PRONOUN_EN = /\b(it's|it|they|them|this|that|these|those)\b/i;
const PRONOUN_ES = /\b(eso|esto|ello)\b/i;
const VERBISH = /^(?:'s|is|are|was|were|need|needs|require|requires|cost|costs|cover|covers|covered|count|counts|apply|applies|include|includes|have|has|mean|means|work|works|get|gets|go|goes|take|takes|require|also|still|too|one)$/;
const PREDICATE_EN = /^(?:need|needs|require|requires|cost|costs|cover|covers|covered|include|includes|apply|applies|count|counts|have|has)\b/i;
const PREDICATE_ES = /^(?:necesita|necesito|necesitan|requiere|requieren|cubre|cubren|cuesta|cuestan|incluye|incluyen|aplica|aplican|tiene)\b/i;
/** Words that carry no topic of their own: function words, frames, pronouns and the predicates follow-ups ask. */
const NO_TOPIC = new Set(
  ("a an the my our your their its this that these those it they them i we you me us he she his her " +
    "is are was were be been do does did can could will would should may must has have had am shall " +
    "what which who whom when where why how much many about also too still again really just then so and or but if of to in on for at by with " +
    "need needs needed require requires required cost costs cover covers covered include includes included apply applies count counts " +
    "prior authorization authorisation preauthorization pre approval referral get pay paid charge s " +
    "el la los las un una unos unas de del al que en por para con y o mi mis su sus es son esta este eso esto ello " +
    "cual cuales cuanto cuanta cuantos cuantas como donde cuando hay se lo le tambien " +
    "necesita necesito requiere requieren cubre cubren cuesta cuestan incluye aplica tiene autorizacion previa remision referido pago pagar plan").split(" "),
);

/**
 * Rewrites `question` into a standalone question using `previous` (the last turn), by the rules
 * described in the module comment. Never throws.
 * @param question the normalised (and screened) follow-up
 * @param previous the last turn, or undefined at a conversation's start
 * @param language the follow-up's language (templates are written in it)
 */
export function rewriteFollowUp(question: string, previous: ConversationTurn | undefined, language: Language): RuleRewrite {
  const same = (rule: RewriteRule): RuleRewrite => ({ question, rewritten: false, rule });
  const prev = previous ? lastQuestion(previous.question) : "";
  if (!prev) return same("no_history");
  const core = stripEnds(question);
  const folded = foldForMatching(core);
  if (!core || words(core) > MAX_FOLLOW_UP_WORDS) return same("standalone");
  const lead = LEAD.exec(folded);
  const frag = lead ? stripEnds(core.split(/\s+/).slice(lead[0].split(/\s+/).length).join(" ")) : core;
  if (!frag) return same("standalone");
  const full = QUESTION_START.has(foldForMatching(frag).split(/\s+/)[0] ?? "") && words(frag) >= 3;
  if (!full && (lead || isBareFragment(frag))) return done(question, merge(prev, frag, language));
  // A pronoun or predicate follow-up may add one word of its own ("is that covered for kids?").
  if (topicWords(frag) > MAX_FOLLOW_UP_OWN_WORDS) return same("standalone");

  const topic = topicOf(prev);
  if (!topic) return same("standalone");
  const pronoun = (language === "es" ? PRONOUN_ES : PRONOUN_EN).exec(frag);
  if (pronoun && (language === "es" || isPronounUse(frag, pronoun))) {
    const t = withoutConflictingFacets(topic.text, frag);
    const replacement = pronoun[1]!.toLowerCase() === "it's" ? `${t} is` : t;
    const out = frag.slice(0, pronoun.index) + replacement + frag.slice(pronoun.index + pronoun[0].length);
    return done(question, { text: finish(out, language), rule: "pronoun" });
  }
  if (language === "es" ? PREDICATE_ES.test(frag) : PREDICATE_EN.test(frag)) {
    const t = withoutConflictingFacets(topic.text, frag);
    const text = language === "es" ? `${frag} ${t}` : `Does ${t} ${frag.replace(/^(needs|requires|costs|covers|includes|applies|counts|has)\b/i, (v) => singular(v))}`;
    return done(question, { text: finish(text, language), rule: "predicate" });
  }
  return same("standalone");
}

function done(question: string, r: { text: string; rule: RewriteRule }): RuleRewrite {
  const changed = foldForMatching(r.text) !== foldForMatching(question);
  return { question: changed ? r.text : question, rewritten: changed, rule: changed ? r.rule : "standalone" };
}

/** Merges an elliptical fragment into the previous question. */
function merge(prev: string, frag: string, language: Language): { text: string; rule: RewriteRule } {
  const prevCore = stripEnds(prev);
  const fragHits = findFacets(frag);
  const prevHits = findFacets(prevCore);
  if (fragHits.length > 0) {
    const swaps: { at: FacetHit; text: string }[] = [];
    const unhandled: FacetHit[] = [];
    for (const fh of fragHits) {
      if (prevHits.some((p) => p.facet.value === fh.facet.value)) continue;
      const ph = prevHits.find((p) => p.facet.group === fh.facet.group && !swaps.some((s) => s.at === p));
      const wording = language === "en" && fh.facet.canonical ? fh.facet.canonical : fh.text.toLowerCase();
      if (ph) swaps.push({ at: ph, text: wording });
      else unhandled.push(fh);
    }
    if (swaps.length > 0) {
      let out = prevCore;
      for (const s of [...swaps].sort((a, b) => b.at.start - a.at.start)) out = out.slice(0, s.at.start) + s.text + out.slice(s.at.end);
      const extra = unhandled.map((h) => (language === "en" && h.facet.canonical ? h.facet.canonical : h.text)).join(" ");
      return { text: finish(fixArticles(extra ? `${out} ${extra}` : out), language), rule: "facet_swap" };
    }
    const cost = unhandled.find((h) => h.facet.group === "cost");
    const topic = topicOf(prevCore);
    if (cost && topic) {
      const t = withoutConflictingFacets(topic.text, frag);
      const text = language === "es" ? `¿Qué ${cost.text.toLowerCase()} tiene ${t}?` : `What is the ${cost.text.toLowerCase()} for ${t}?`;
      return { text, rule: "cost_template" };
    }
    if (unhandled.length > 0) {
      let added = frag;
      for (const h of [...fragHits].reverse()) if (language === "en" && h.facet.canonical) added = added.slice(0, h.start) + h.facet.canonical + added.slice(h.end);
      return { text: finish(`${prevCore} ${added}`, language), rule: "facet_append" };
    }
    return { text: prev, rule: "facet_swap" };
  }
  const foldedFrag = foldForMatching(frag);
  const prep = /^(for|para|with|con|during|durante|after|before|without|sin)\b/.exec(foldedFrag);
  if (prep) {
    const at = foldForMatching(prevCore).search(new RegExp(`\\b${prep[1]}\\b`));
    if (at > 0) return { text: finish(`${prevCore.slice(0, at)}${frag}`, language), rule: "prep_swap" };
    return { text: finish(`${prevCore} ${frag}`, language), rule: "append" };
  }
  const topic = topicOf(prevCore);
  if (topic) return { text: finish(fixArticles(prevCore.slice(0, topic.start) + frag + prevCore.slice(topic.end)), language), rule: "topic_swap" };
  return { text: finish(`${prevCore} ${frag}`, language), rule: "append" };
}

/** The topic of a standalone question: the thing asked about, as a span of `q` (trailing punctuation excluded). */
export function topicOf(q: string): { text: string; start: number; end: number } | undefined {
  const core = stripEnds(q);
  const offset = q.indexOf(core);
  for (const re of TOPIC_RULES) {
    const m = re.exec(core);
    const span = m?.indices?.[1];
    if (!m?.[1] || !span || topicWords(m[1], false) === 0) continue;
    const raw = m[1];
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    return { text, start: offset + span[0] + lead, end: offset + span[0] + lead + text.length };
  }
  return undefined;
}

/** Where a question's topic is, first match wins ("d": match indices). */
const TOPIC_RULES: readonly RegExp[] = [
  /\bto\s+(?:see|get|have|visit|use|fill|receive|go\s+to)\s+(.+)$/di,
  /\b(?:for|of|on|about)\s+(.+)$/di,
  /^(?:is|are|does|do|will|would|can|could)\s+(.+?)\s+(?:covered|included|excluded|required|needed|allowed|limited|free)\b/di,
  /^(?:how\s+much|how\s+many|what|which|when|where|who)\s+(?:is|are|does|do|will|would|can)\s+(.+?)(?:\s+(?:cost|costs|cover|covers|mean|work|apply|pay))?$/di,
  /(?:^|\s)(?:cuesta|cuestan|cubre|cubren|pago\s+por|pagar\s+por|paga\s+por|para|por)\s+(.+)$/di,
  /^(?:cual|cuál)\s+es\s+(.+)$/di,
];

/** The topic without facets of groups the follow-up names itself ("a specialist visit in network" + "out of network"). */
function withoutConflictingFacets(topic: string, followUp: string): string {
  const groups = new Set(findFacets(followUp).map((h) => h.facet.group));
  let out = topic;
  for (const h of findFacets(topic).reverse()) if (groups.has(h.facet.group)) out = out.slice(0, h.start) + out.slice(h.end);
  return out.replace(/\s+/g, " ").replace(/\s+(?:for|in|at|para|en|de)$/i, "").trim() || topic;
}

/** True when a fragment without a lead reads as elliptical: short, and a prepositional phrase or facets only. */
function isBareFragment(frag: string): boolean {
  if (words(frag) > MAX_BARE_FRAGMENT_WORDS) return false;
  if (PREPOSITION.test(foldForMatching(frag))) return true;
  return findFacets(frag).length > 0 && topicWords(frag) === 0;
}

/** Content words of `text` beyond function words, predicates and (unless `facets`) facet phrases. */
function topicWords(text: string, ignoreFacets = true): number {
  let t = text;
  if (ignoreFacets) for (const h of findFacets(text).reverse()) t = t.slice(0, h.start) + " " + t.slice(h.end);
  return (foldForMatching(t).match(/[a-z0-9$%]+/g) ?? []).filter((w) => !NO_TOPIC.has(w)).length;
}

/** A demonstrative is a pronoun when a verb (or nothing) follows it: "is that covered" yes, "that plan" no. */
function isPronounUse(text: string, m: RegExpExecArray): boolean {
  const word = m[1]!.toLowerCase();
  if (word === "it" || word === "it's" || word === "they" || word === "them") return true;
  const next = foldForMatching(text.slice(m.index + m[0].length)).split(/\s+/).filter(Boolean)[0];
  return next === undefined || VERBISH.test(next);
}

/** The last sentence of `text` that is a question (or the whole text). */
function lastQuestion(text: string): string {
  const qs = text.match(/[^.!?]*\?/g)?.map((s) => s.trim()).filter(Boolean) ?? [];
  return (qs.at(-1) ?? text).trim();
}

function stripEnds(text: string): string {
  return text.replace(/^[\s¿¡"']+/, "").replace(/[\s?!.。"']+$/, "").trim();
}

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Ends the question with "?" (Spanish: opens it with "¿") and capitalises it. */
function finish(text: string, language: Language): string {
  let core = stripEnds(text).replace(/\s+/g, " ");
  core = core.charAt(0).toUpperCase() + core.slice(1);
  return language === "es" ? `¿${core}?` : `${core}?`;
}

/** "a urgent care visit" → "an urgent care visit" (and back). */
function fixArticles(text: string): string {
  return text.replace(/\b(a|an)\s+([a-z][\w-]*)/gi, (all, art: string, word: string) => {
    if (word.length > 1 && word === word.toUpperCase()) return all; // an MRI, a PCP: by sound, left as written
    const vowel = /^[aeiou]/i.test(word) && !/^(?:uni|use|one)/i.test(word);
    const want = vowel ? "an" : "a";
    return art.toLowerCase() === want ? all : `${art[0] === "A" ? want[0]!.toUpperCase() + want.slice(1) : want} ${word}`;
  });
}

function singular(verb: string): string {
  return verb.toLowerCase() === "has" ? "have" : verb.toLowerCase().replace(/ies$/, "y").replace(/s$/, "");
}
