/**
 * Stopword lists (constant data). English: a compact function-word list in the spirit of the
 * SMART / Lucene English stopword sets, plus question words that carry no topic. Spanish:
 * function words from the Snowball Spanish list (accents stripped, since tokens are accent-folded).
 * Words that matter in insurance questions ("not", "no", "per", "each", "after", "before") are kept.
 */

/** English function words dropped by {@link tokenize}. Lower-case, already accent-folded. */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(
  (
    "a about above am an and any are as at be been being but by can could did do does doing done " +
    "for from had has have having he her here hers him his how i i'd i'll i'm i've if in into is it " +
    "its itself just let me might mine more most must my myself of off on once only or other our ours " +
    "ourselves out over own same shall she should so some such than that the their theirs them " +
    "themselves then there these they this those through to too under until up upon us very was we " +
    "were what when where which while who whom whose why will with would you your yours yourself " +
    "yourselves also get got gets getting ever s t"
  ).split(" "),
);

/** Spanish function words and question words dropped by {@link tokenize} (accent-folded). */
export const SPANISH_STOPWORDS: ReadonlySet<string> = new Set(
  (
    "el la los las un una unos unas de del al y o u e en con por para que cual cuales cuanto cuanta " +
    "cuantos cuantas como cuando donde quien quienes es son esta estan ser estar se su sus mi mis tu " +
    "tus lo le les me te nos yo usted ustedes este esta estos estas ese esa esos esas hay tiene tengo " +
    "puedo debo sobre entre sin a partir desde hasta"
  ).split(" "),
);
