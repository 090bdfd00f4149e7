/**
 * Spanish → English cognates by regular suffix correspondences: a Spanish word the Spanish
 * vocabulary (rag/glossary/spanish.ts) does not translate is rewritten into the English words it
 * would be if it were a regular cognate ("especialista" → specialist, "infección" → infection,
 * "psiquiátrico" → psychiatric, "preventivo" → preventive), and only the rewrites whose English
 * Snowball stem occurs in the member's own documents are kept: a false cognate that the
 * documents do not hold adds nothing.
 *
 * Source of the correspondences: standard Spanish–English derivational morphology, the regular
 * pairs of Latin-derived suffixes that Spanish-teaching grammars list as cognate patterns
 * (-ción/-tion, -sión/-sion, -cional/-tional, -dad/-ty, -ía/-y, -ico/-ic(al), -oso/-ous,
 * -ista/-ist, -ólogo/-ologist, -iatra/-iatrist, -mente/-ly, -ante/-ant, -ente/-ent,
 * -encia/-ence, -ancia/-ance, -izar/-ize, -ismo/-ism, -ario/-ary, -orio/-ory, -ura/-ure,
 * -ivo/-ive, -ado/-ate, -ido/-ed, -icio/-ice, -imo/-imum, a final vowel dropped), with the
 * orthographic ones of ./cognates.ts (ph/f, th/t, ch/c, qu/c, y/i, k/c, z/s, doubled letters, a
 * Spanish "es" before a consonant for English "s": "estudio" / study). Not derived from any eval
 * question; no word list.
 */
import { foldSpelling } from "./cognates.ts";

/**
 * Spanish ending (accent-folded) → English endings it regularly corresponds to, longest Spanish
 * ending first (the first that fits a word is used, together with the word's bare form).
 */
export const SPANISH_SUFFIX_CORRESPONDENCES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["amente", ["ally", "ly"]],
  ["mente", ["ly"]],
  ["ccion", ["ction"]],
  ["cional", ["tional"]],
  ["cion", ["tion"]],
  ["sion", ["sion"]],
  ["encia", ["ence", "ency"]],
  ["ancia", ["ance", "ancy"]],
  ["idad", ["ity", "ty"]],
  ["dad", ["ty"]],
  ["tad", ["ty"]],
  ["izar", ["ize"]],
  ["izado", ["ized"]],
  ["izada", ["ized"]],
  ["ismo", ["ism"]],
  ["ista", ["ist"]],
  ["ologo", ["ologist"]],
  ["ologa", ["ologist"]],
  ["iatra", ["iatrist"]],
  ["ario", ["ary"]],
  ["aria", ["ary"]],
  ["orio", ["ory"]],
  ["oria", ["ory"]],
  ["ico", ["ic", "ical"]],
  ["ica", ["ic", "ical", "ics"]],
  ["oso", ["ous"]],
  ["osa", ["ous"]],
  ["ivo", ["ive"]],
  ["iva", ["ive"]],
  ["ante", ["ant"]],
  ["ente", ["ent"]],
  ["icio", ["ice", "it"]],
  ["imo", ["imum"]],
  ["ido", ["ed"]],
  ["ida", ["ed"]],
  ["ado", ["ate", "ated", "ed"]],
  ["ada", ["ate", "ated", "ed"]],
  ["ura", ["ure"]],
  ["ia", ["y"]],
  ["ar", ["ate", "e", ""]],
  ["ir", ["e", ""]],
  ["o", ["", "e"]],
  ["a", ["", "e"]],
  ["e", [""]],
];

/** Spanish words shorter than this get no suffix rewrite (short words make chance cognates). */
export const COGNATE_FORM_MIN_CHARS = 5;

/** The singular forms of a Spanish word: itself, less a plural "-s", less a plural "-es" after a consonant. */
function singulars(word: string): string[] {
  const out = [word];
  if (/[aeiou]s$/.test(word)) out.push(word.slice(0, -1));
  if (/[^aeiou]es$/.test(word)) out.push(word.slice(0, -2));
  return out;
}

/**
 * English words a Spanish word would be as a regular cognate (see module doc), the word's own
 * spelling included; none for a word shorter than {@link COGNATE_FORM_MIN_CHARS}.
 * @param word lower-case, accent-folded Spanish word
 */
export function englishCognateForms(word: string): string[] {
  if (word.length < COGNATE_FORM_MIN_CHARS || !/^[a-z]+$/.test(word)) return [];
  const out = new Set<string>();
  for (const s of singulars(word)) {
    out.add(s);
    const rule = SPANISH_SUFFIX_CORRESPONDENCES.find(([es]) => s.endsWith(es) && s.length - es.length >= 3);
    if (rule) for (const en of rule[1]) out.add(s.slice(0, s.length - rule[0].length) + en);
  }
  for (const f of [...out]) if (/^es[bcdfgklmnpqrstvz]/.test(f)) out.add(f.slice(1));
  return [...out];
}

/** Finds document terms that are suffix cognates of Spanish words. */
export interface CognateFormMatcher {
  /**
   * Document terms (as given to {@link createCognateFormMatcher}) whose folded spelling equals
   * the folded English stem of one of `word`'s {@link englishCognateForms}; empty when none.
   */
  match(word: string): string[];
}

/**
 * Indexes a document vocabulary for suffix-cognate look-ups.
 * @param vocabulary the index's retrieval terms (English Snowball stems)
 * @param stem the retrieval stemmer the vocabulary was built with
 */
export function createCognateFormMatcher(vocabulary: Iterable<string>, stem: (word: string) => string): CognateFormMatcher {
  const byFold = new Map<string, string[]>();
  for (const t of vocabulary) {
    if (!/^[a-z]+$/.test(t) || t.length < 3) continue;
    const k = foldSpelling(t, false);
    const list = byFold.get(k);
    if (list) list.push(t);
    else byFold.set(k, [t]);
  }
  return {
    match(word) {
      const out = new Set<string>();
      // Spanish "qu" is English "c" ("psiquiatrico" / psychiatric); the rest folds alike on both sides.
      for (const f of englishCognateForms(word)) for (const t of byFold.get(foldSpelling(stem(f).replace(/qu/g, "c"), false)) ?? []) out.add(t);
      return [...out];
    },
  };
}
