/**
 * Query expansion with the insurance glossary: lay wording → document terms, and Spanish →
 * English vocabulary. Pure functions over constant data.
 */
import { createStemmer, type StemFn } from "../text/stem.ts";
import { normalizeText } from "../text/tokenize.ts";
import { TYPO_MIN_CHARS, withinOneEdit } from "../text/typos.ts";
import { INDIA_TERMS } from "./india-terms.ts";
import { SPANISH_PHRASES, SPANISH_WORDS } from "./spanish.ts";
import { spanishPhraseNeedle, spanishPhraseRegex } from "./spanish-inflection.ts";
import type { GlossaryEntry } from "./types.ts";
import { US_TERMS } from "./us-terms.ts";

/** Every glossary entry (US then India). */
export const GLOSSARY: readonly GlossaryEntry[] = [...US_TERMS, ...INDIA_TERMS];

/** One glossary hit in a question. */
export interface GlossaryMatch {
  /** The question wording that matched (normalised). */
  readonly phrase: string;
  /** Document wordings that stand for it. */
  readonly expansions: readonly string[];
  /** `"glossary"` (lay → term) or `"spanish"` (es → en). */
  readonly via: "glossary" | "spanish";
}

/** The result of {@link expandQuery}. */
export interface QueryExpansion {
  /** The question as given. */
  readonly original: string;
  /** Original question followed by the added document wording (what to embed / search). */
  readonly expanded: string;
  /** The added wording only (may be empty). */
  readonly added: string;
  /** Which phrases matched. */
  readonly matches: readonly GlossaryMatch[];
  /** True when the question looks Spanish (≥ 2 Spanish vocabulary hits or an inverted "¿"). */
  readonly spanish: boolean;
}

interface Matcher {
  readonly re: RegExp;
  /** The phrase's longest word: `re` matches only a text holding it, so a text without it skips `re`. */
  readonly needle: string;
  readonly expansions: readonly string[];
  readonly via: GlossaryMatch["via"];
}

/**
 * Words a lay phrase's gap ("most i … pay") may stand for: a definition's wording with the
 * speaker's own words inside ("the most we would ever have to pay"). Two to four words cover the
 * modal and auxiliary verbs English puts there ("could", "would have to", "could end up").
 */
export const MAX_GAP_WORDS = 4;

/** A lay phrase's gap marker: the phrase's parts, in order, with up to {@link MAX_GAP_WORDS} words between. */
export const GAP = "…";

/** The longest word of a phrase as {@link phraseRegex} matches it literally. */
function phraseNeedle(phrase: string): string {
  return normalizeText(phrase.replaceAll(GAP, " "))
    .split(/\s+/)
    .reduce((a, w) => (w.length > a.length ? w : a), "");
}

function phraseRegex(phrase: string): RegExp {
  const part = (p: string) =>
    normalizeText(p.trim())
      .split(/\s+/)
      .map((w) => w.replace(/[.*+?^${}()|[\]\\&]/g, "\\$&"))
      .join("\\s+");
  // a gap: up to MAX_GAP_WORDS whole words between the parts
  const body = phrase.split(GAP).map(part).join(`(?:\\s+[a-z0-9']+){0,${MAX_GAP_WORDS}}\\s+`);
  return new RegExp(`(?<![a-z0-9])${body}(?![a-z0-9])`, "g");
}

const GLOSSARY_MATCHERS: readonly Matcher[] = GLOSSARY.flatMap((e) =>
  [e.term, ...e.lay].map((p) => ({ re: phraseRegex(p), needle: phraseNeedle(p), expansions: e.expansions, via: "glossary" as const })),
);
/**
 * A Spanish vocabulary entry's matcher: its regular number (and, in a phrase, gender) forms match
 * too (./spanish-inflection.ts), except for a single word whose other number is an entry of its own
 * ("cuanto" / "cuantos": each form keeps its own translation).
 */
function spanishMatcher(es: string, en: string): Matcher {
  const words = normalizeText(es).split(/\s+/).filter(Boolean);
  const own = words.length === 1 && [`${es}s`, `${es}es`, es.replace(/e?s$/, "")].some((f) => f !== es && f in SPANISH_WORDS);
  if (own) return { re: phraseRegex(es), needle: phraseNeedle(es), expansions: [en], via: "spanish" };
  return { re: spanishPhraseRegex(words), needle: spanishPhraseNeedle(words), expansions: [en], via: "spanish" };
}
const SPANISH_MATCHERS: readonly Matcher[] = [
  ...SPANISH_PHRASES.map(([es, en]) => spanishMatcher(es, en)),
  ...Object.entries(SPANISH_WORDS).map(([es, en]) => spanishMatcher(es, en)),
];

/** Spanish words shorter than this are never matched by stem (short stems collide). */
export const SPANISH_STEM_MIN_CHARS = 5;

/** The Spanish vocabulary's single words by Snowball Spanish stem (constant data, built once). */
const SPANISH_WORD_STEMS: ReadonlyMap<string, string> = (() => {
  const stem = createStemmer("spanish");
  const out = new Map<string, string>();
  for (const [es, en] of Object.entries(SPANISH_WORDS)) if (es.length >= SPANISH_STEM_MIN_CHARS && !out.has(stem(es))) out.set(stem(es), en);
  return out;
})();

/**
 * Words of a Spanish question that no phrase or word matched, found by their Snowball Spanish
 * stem among the vocabulary's words ("quejarme" → "queja", "reembolse" → "reembolso").
 */
function spanishStemHits(norm: string, hits: readonly GlossaryMatch[], stem: StemFn): GlossaryMatch[] {
  const matched = new Set(hits.flatMap((m) => m.phrase.split(/\s+/)));
  const out: GlossaryMatch[] = [];
  for (const w of norm.match(/[a-z]+/g) ?? []) {
    if (w.length < SPANISH_STEM_MIN_CHARS || matched.has(w)) continue;
    const en = SPANISH_WORD_STEMS.get(stem(w));
    if (en) out.push({ phrase: w, expansions: [en], via: "spanish" });
  }
  return out;
}

/** The glossary's trigger words (terms and lay phrases) of at least {@link TYPO_MIN_CHARS} letters (constant data, built once; the analysis' spelling correction prefers them). */
export const GLOSSARY_WORDS: readonly string[] = [
  ...new Set(GLOSSARY.flatMap((e) => [e.term, ...e.lay]).flatMap((p) => normalizeText(p).match(/[a-z]+/g) ?? []).filter((w) => w.length >= TYPO_MIN_CHARS)),
];

/**
 * Replaces each word that is not an English word (`isWord` false) and lies one edit (rag/text/typos.ts
 * `withinOneEdit`: insert, delete, substitute, swap — Damerau 1964) from exactly one glossary trigger
 * word with that word ("thearpist" → "therapist"), so that a misspelt lay word still reaches its entry.
 * Words shorter than {@link TYPO_MIN_CHARS} are left alone.
 */
function correctTowardsGlossary(norm: string, isWord: (w: string) => boolean): string {
  return norm.replace(/[a-z]+/g, (w) => {
    if (w.length < TYPO_MIN_CHARS || isWord(w) || GLOSSARY_WORDS.includes(w)) return w;
    const near = GLOSSARY_WORDS.filter((g) => withinOneEdit(w, g));
    return near.length === 1 ? (near[0] as string) : w;
  });
}

/** Options of {@link expandQuery}. */
export interface ExpandOptions {
  /**
   * Whether a (lower-case, accent-free) word is a known English word. When given, an English
   * question's unknown words one edit from exactly one glossary trigger word are read as that word
   * before glossary matching. Default: no correction.
   */
  readonly isWord?: (word: string) => boolean;
}

/**
 * Expands a question with glossary terms. Glossary phrases are found in the normalised text
 * (lower-case, accents folded); Spanish vocabulary is applied only when the question looks Spanish.
 * @param text the user's question
 * @param options see {@link ExpandOptions}
 * @returns the expansion (never throws; an empty question gives an empty expansion)
 */
export function expandQuery(text: string, options: ExpandOptions = {}): QueryExpansion {
  const norm = normalizeText(text);
  const matches: GlossaryMatch[] = [];
  const spanishHits = collectSpanish(norm);
  const spanish = looksSpanish(norm, spanishHits);
  if (spanish) matches.push(...spanishHits, ...spanishStemHits(norm, spanishHits, createStemmer("spanish")));
  const englishView = spanish
    ? `${norm} ${matches.flatMap((m) => m.expansions).join(" ").toLowerCase()}`
    : options.isWord
      ? correctTowardsGlossary(norm, options.isWord)
      : norm;
  matches.push(...collect(englishView, GLOSSARY_MATCHERS));
  const seen = new Set<string>();
  const addedParts: string[] = [];
  for (const m of matches)
    for (const e of m.expansions)
      if (!seen.has(e.toLowerCase())) {
        seen.add(e.toLowerCase());
        addedParts.push(e);
      }
  const added = addedParts.join(" ");
  return { original: text, expanded: added ? `${text} ${added}` : text, added, matches, spanish };
}

/**
 * `expandQuery(text).spanish` without the rest of the expansion (the English glossary matching),
 * for callers that need only the language evidence.
 * @param text the user's question
 */
export function isSpanishQuery(text: string): boolean {
  const norm = normalizeText(text);
  return looksSpanish(norm, collectSpanish(norm));
}

/** An inverted question mark, or two Spanish vocabulary hits that are not also English words. */
function looksSpanish(norm: string, spanishHits: readonly GlossaryMatch[]): boolean {
  return norm.includes("¿") || spanishHits.filter((m) => !/^(plan|hospital|dental|vision|decision)s?$/.test(m.phrase)).length >= 2;
}

/**
 * The Spanish vocabulary's hits, longest first: a hit every occurrence of which lies inside a longer
 * phrase's hit is dropped ("cuanto" inside "cuanto tiempo" is "how long", not also "how much";
 * "emergencias" inside "sala de emergencias" adds nothing the phrase does not).
 */
function collectSpanish(norm: string): GlossaryMatch[] {
  const hits: { m: Matcher; spans: [number, number][] }[] = [];
  for (const m of SPANISH_MATCHERS) {
    if (!norm.includes(m.needle)) continue;
    m.re.lastIndex = 0;
    const spans: [number, number][] = [];
    for (let hit = m.re.exec(norm); hit; hit = m.re.exec(norm)) spans.push([hit.index, hit.index + hit[0].length]);
    if (spans.length > 0) hits.push({ m, spans });
  }
  const longest = (h: (typeof hits)[number]) => Math.max(...h.spans.map(([a, b]) => b - a));
  hits.sort((a, b) => longest(b) - longest(a));
  const taken: [number, number][] = [];
  const out: GlossaryMatch[] = [];
  for (const { m, spans } of hits) {
    const free = spans.filter(([a, b]) => !taken.some(([x, y]) => x <= a && b <= y && y - x > b - a));
    if (free.length === 0) continue;
    taken.push(...free);
    const [a, b] = free[0] as [number, number];
    out.push({ phrase: norm.slice(a, b), expansions: m.expansions, via: m.via });
  }
  return out;
}

function collect(norm: string, matchers: readonly Matcher[]): GlossaryMatch[] {
  const out: GlossaryMatch[] = [];
  for (const m of matchers) {
    if (!norm.includes(m.needle)) continue;
    m.re.lastIndex = 0;
    const hit = m.re.exec(norm);
    if (hit) out.push({ phrase: hit[0], expansions: m.expansions, via: m.via });
  }
  return out;
}
