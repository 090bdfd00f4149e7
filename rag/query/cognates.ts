/**
 * Spanish → English cognates for Spanish questions over English documents: words the Spanish
 * vocabulary (rag/glossary/spanish.ts) does not translate are matched to document terms that
 * share their spelling skeleton ("acupuntura" ~ acupuncture, "psiquiátrico" ~ psychiatric,
 * "vitaminas" ~ vitamins, "especialidad" ~ specialty). The skeleton folds the regular
 * orthographic correspondences of the two languages (ph/f, th/t, ch/c, qu/c, y/i, k/c, z/s, a
 * Spanish "es" before a consonant, doubled letters) and keeps the first {@link COGNATE_PREFIX_CHARS}
 * letters.
 */

/** Letters of the skeleton two cognates must share (shorter words are not matched). */
export const COGNATE_PREFIX_CHARS = 6;

/** The spelling skeleton of a word (see module doc), or undefined when too short. */
export function cognateSkeleton(word: string, spanish: boolean): string | undefined {
  const w = foldSpelling(word, spanish);
  return w.length >= COGNATE_PREFIX_CHARS ? w.slice(0, COGNATE_PREFIX_CHARS) : undefined;
}

/**
 * A word's whole spelling with the orthographic correspondences of the module doc folded
 * (ph/f, th/t, ch/c, y/i, k/c, z/s, doubled letters; for Spanish also qu/c, ñ/n and an initial
 * "es" before a consonant → "s").
 * @param word the word (any case)
 * @param spanish whether it is a Spanish word
 */
export function foldSpelling(word: string, spanish: boolean): string {
  let w = word.toLowerCase();
  if (spanish) w = w.replace(/^es(?=[bcdfgklmnpqrstvz])/, "s").replace(/qu/g, "c").replace(/ñ/g, "n");
  return w.replace(/ph/g, "f").replace(/th/g, "t").replace(/ch/g, "c").replace(/y/g, "i").replace(/k/g, "c").replace(/z/g, "s").replace(/(.)\1/g, "$1");
}

/** Document terms by skeleton, for {@link cognateSkeleton} look-ups. */
export function cognateIndex(terms: Iterable<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of terms) {
    if (!/^[a-z]+$/.test(t)) continue;
    const k = cognateSkeleton(t, false);
    if (!k) continue;
    const list = out.get(k);
    if (list) list.push(t);
    else out.set(k, [t]);
  }
  return out;
}
