/**
 * Word-level signals of a question, for ./analyze.ts: how rare each word is in general English
 * (SCOWL sizes), compound words split into listed words, and runs of name-like words.
 */
import { wordRarity } from "../text/common-words.ts";
import { TYPO_MIN_CHARS } from "../text/typos.ts";
import { capitalisedRuns } from "./names.ts";

/** Words this short are often abbreviations ("vs", "yr", "max"), which SCOWL leaves out: rarity 0 (capitalised ones are `nameTerms`). */
export const RARITY_MIN_CHARS = 4;

/**
 * Retrieval term → rarity (the rarest of the question's words that yield it). A contraction or
 * possessive is rated by its part before the apostrophe ("I'm", "plan's"); a word in no list but one
 * edit from a listed word is taken for a misspelling of it ("ambulence", "thearpist") and rated as that word.
 */
export function rarityOfTerms(question: string, sizes: ReadonlyMap<string, number>, terms: (text: string) => string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const raw of question.toLowerCase().replace(/[’‘]/g, "'").match(/[a-z][a-z0-9']*[a-z0-9]|[a-z]/g) ?? []) {
    const w = raw.includes("'") && !sizes.has(raw) ? (raw.split("'")[0] ?? raw) : raw;
    const r = w.length < RARITY_MIN_CHARS || CALENDAR_WORDS.has(w) ? 0 : wordRarity(sizes.get(w) ?? nearestListedSize(w, sizes));
    for (const t of terms(raw)) out.set(t, Math.max(out.get(t) ?? 0, r));
  }
  return out;
}

/** Shortest part of a compound split. */
const COMPOUND_PART_MIN_CHARS = 4;

/** Most parts of a split considered (initials of 3 … this many parts). */
const COMPOUND_MAX_PARTS = 4;

/** Term → splits into listed words, for the question's words in no list (see `compoundSplits`). */
export function compoundSplitsOf(question: string, sizes: ReadonlyMap<string, number>, terms: (text: string) => string[]): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  for (const w of question.toLowerCase().match(/[a-z]+/g) ?? []) {
    if (w.length < 2 * COMPOUND_PART_MIN_CHARS || sizes.has(w)) continue;
    const term = terms(w)[0];
    if (!term) continue;
    const ways: string[][] = [];
    const walk = (rest: string, parts: string[]) => {
      if (rest === "") {
        if (parts.length === 2) {
          const ts = parts.map((p) => terms(p)[0]).filter((t): t is string => t !== undefined);
          if (ts.length === 2) ways.push(ts);
        } else if (parts.length >= 3) ways.push([parts.map((p) => p[0]).join("")]);
        return;
      }
      if (parts.length >= COMPOUND_MAX_PARTS) return;
      for (let i = COMPOUND_PART_MIN_CHARS; i <= rest.length; i++) if (sizes.has(rest.slice(0, i))) walk(rest.slice(i), [...parts, rest.slice(0, i)]);
    };
    walk(w, []);
    if (ways.length > 0) out.set(term, ways);
  }
  return out;
}

/** The smallest SCOWL size of a listed word one edit (delete, insert, substitute, swap) from `w`; undefined when none. */
function nearestListedSize(w: string, sizes: ReadonlyMap<string, number>): number | undefined {
  if (w.length < TYPO_MIN_CHARS || !/^[a-z]+$/.test(w)) return undefined;
  let best: number | undefined;
  const see = (c: string) => {
    const s = sizes.get(c);
    if (s !== undefined && (best === undefined || s < best)) best = s;
  };
  const letters = "abcdefghijklmnopqrstuvwxyz";
  for (let i = 0; i <= w.length; i++) {
    if (i < w.length) see(w.slice(0, i) + w.slice(i + 1));
    if (i + 1 < w.length) see(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2));
    for (const ch of letters) {
      see(w.slice(0, i) + ch + w.slice(i));
      if (i < w.length) see(w.slice(0, i) + ch + w.slice(i + 1));
    }
  }
  return best;
}

/**
 * Days of the week and months: capitalised like names, and absent from SCOWL's word lists (which
 * leave proper nouns out), but ordinary words of a member's story ("it's Saturday", "due in March")
 * that name nothing a plan covers. Rarity 0, never name-like or uncommon.
 */
export const CALENDAR_WORDS: ReadonlySet<string> = new Set([
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
  "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
]);

/** A word that names something: capitalised (not opening a sentence), all capitals, or letters mixed with digits; never a calendar word. */
export function nameLikeWords(question: string): string[] {
  const out: string[] = [];
  const words = question.split(/\s+/);
  words.forEach((raw, i) => {
    const w = raw.replace(/^[("'“‘¿¡]+|[)"'”’?.,;:!]+$/g, "");
    const opensSentence = i === 0 || /[.?!:]$/.test(words[i - 1] ?? "");
    if (!/\p{L}/u.test(w) || w.length < 2 || CALENDAR_WORDS.has(w.toLowerCase())) return;
    if (/^\p{Lu}{2,}$/u.test(w) || (/\d/.test(w) && /\p{L}/u.test(w)) || (!opensSentence && /^\p{Lu}/u.test(w))) out.push(w);
  });
  return out;
}

/** Terms of the question's runs of ≥ 2 name-like words that it does not also use outside them. */
export function nameRunTermsOf(question: string, terms: (text: string) => string[]): string[] {
  let rest = question;
  const inRuns = new Set<string>();
  for (const run of capitalisedRuns(question)) {
    if (run.length < 2) continue;
    for (const t of terms(run.join(" "))) inRuns.add(t);
    for (const w of run) rest = rest.replace(w, " ");
  }
  for (const t of terms(rest)) inRuns.delete(t);
  return [...inRuns];
}
