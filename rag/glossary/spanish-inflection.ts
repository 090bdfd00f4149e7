/**
 * Spanish number and gender inflection for the Spanish vocabulary's matching: a vocabulary entry
 * written in one form ("medicamento generico", "sala de emergencias") also matches the question's
 * other regular forms ("medicamentos genericos", "las salas de emergencia", "atencion medica" /
 * "atenciones medicas").
 *
 * Source of the endings: the regular inflection of Spanish nouns and adjectives (Real Academia
 * Española, *Nueva gramática básica*, §2 "El género" and §3 (number)): a plural adds "-s" after
 * an unstressed vowel and "-es" after a consonant; an adjective or noun in "-o" has a feminine in
 * "-a". Nothing here is derived from an eval question; no word list.
 *
 * Definite articles are optional inside a phrase (RAE, *Nueva gramática básica*, §14 "El
 * artículo": a noun after a preposition is often written bare or with its article): a phrase's
 * article need not be in the question ("servicios para los miembros" matches "servicios para
 * miembros"), and the question may put one after the phrase's preposition ("sala de emergencias"
 * matches "sala de las emergencias").
 */

/** The Spanish definite articles (accent-folded), optional inside a phrase (see the module doc). */
export const SPANISH_ARTICLES: ReadonlySet<string> = new Set(["el", "la", "los", "las"]);

/** The prepositions after which a question may add an article the phrase does not write. */
export const SPANISH_ARTICLE_PREPOSITIONS: ReadonlySet<string> = new Set(["de", "a", "en", "con", "para", "por", "sin", "sobre"]);

/** An optional definite article and the space after it. */
const OPTIONAL_ARTICLE = "(?:(?:el|la|los|las)\\s+)?";

/** Words shorter than this are matched as written (articles, prepositions: "de", "la", "por"). */
export const SPANISH_INFLECT_MIN_CHARS = 4;

/**
 * A regular-expression source matching a (lower-case, accent-folded) Spanish word in its regular
 * number forms, and, when `gender` is set, its "-o"/"-a" gender forms too.
 * @param word the word as the vocabulary writes it (letters only; other text is escaped as is)
 * @param gender also match the other gender of a word in "-o"/"-a"/"-os"/"-as" (phrases only:
 *   a lone noun's other gender is often another word — "parte"/"parto", "casa"/"caso")
 */
export function inflectedWordSource(word: string, gender: boolean): string {
  if (word.length < SPANISH_INFLECT_MIN_CHARS || !/^[a-z]+$/.test(word)) return word.replace(/[.*+?^${}()|[\]\\&]/g, "\\$&");
  const base = singularBase(word);
  if (gender && /[oa]$/.test(base)) return `${base.slice(0, -1)}[oa]s?`;
  if (/[aeiou]$/.test(base)) return `${base}s?`;
  return `${base}(?:es)?`;
}

/**
 * The literal text every inflected form of `word` holds (for the matcher's quick substring test).
 * @param word a vocabulary word (lower-case, accent-folded)
 * @param gender as for {@link inflectedWordSource}
 */
export function inflectionNeedle(word: string, gender: boolean): string {
  if (word.length < SPANISH_INFLECT_MIN_CHARS || !/^[a-z]+$/.test(word)) return word;
  const base = singularBase(word);
  return gender && /[oa]$/.test(base) ? base.slice(0, -1) : base;
}

/** A word less a regular plural ending ("-s" after a vowel, "-es" after a consonant), keeping three letters or more ("tres" stays). */
function singularBase(word: string): string {
  const base = word.replace(/(?<=[aeiou])s$|(?<=[^aeiou])es$/, "");
  return base.length >= 3 ? base : word;
}

/**
 * A regular expression matching a Spanish vocabulary phrase in its regular inflected forms (see
 * the module doc) as whole words, in lower-case accent-folded text. Every word of
 * {@link SPANISH_INFLECT_MIN_CHARS} letters or more matches in either number; the last word of a
 * phrase that opens with such a word (a noun and its adjective: "medicamentos genericos") matches
 * in either gender too. A definite article inside the phrase is optional and may be any of the
 * four; after a preposition the question may add an article (module doc).
 * @param words the phrase's words (lower-case, accent-folded), in order
 */
export function spanishPhraseRegex(words: readonly string[]): RegExp {
  const gendered = words.length >= 2 && (words[0] ?? "").length >= SPANISH_INFLECT_MIN_CHARS;
  let body = "";
  words.forEach((w, i) => {
    const last = i === words.length - 1;
    // an article inside the phrase: any article, or none
    if (!last && i > 0 && SPANISH_ARTICLES.has(w)) {
      body += OPTIONAL_ARTICLE;
      return;
    }
    body += inflectedWordSource(w, gendered && last);
    if (last) return;
    body += "\\s+";
    // a preposition not followed by the phrase's own article: the question may add one
    if (SPANISH_ARTICLE_PREPOSITIONS.has(w) && !SPANISH_ARTICLES.has(words[i + 1] ?? "")) body += OPTIONAL_ARTICLE;
  });
  return new RegExp(`(?<![a-z0-9])${body}(?![a-z0-9])`, "g");
}

/**
 * The longest literal text every inflected form of a phrase holds (see {@link spanishPhraseRegex}).
 * @param words the phrase's words (lower-case, accent-folded)
 */
export function spanishPhraseNeedle(words: readonly string[]): string {
  const gendered = words.length >= 2 && (words[0] ?? "").length >= SPANISH_INFLECT_MIN_CHARS;
  return words
    .map((w, i) => (i > 0 && i < words.length - 1 && SPANISH_ARTICLES.has(w) ? "" : inflectionNeedle(w, gendered && i === words.length - 1)))
    .reduce((a, w) => (w.length > a.length ? w : a), "");
}
