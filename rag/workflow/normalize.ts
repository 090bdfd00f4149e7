/**
 * The `input` step's text normalisation: one canonical form of a question before anything reads it.
 */

/** Zero-width and bidi-control characters (U+200B–U+200F, U+202A–U+202E, U+2060–U+2064, U+FEFF): invisible, and used to hide words from filters. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g;
/** C0/C1 control characters other than tab, line feed and carriage return. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * Normalises a question: Unicode NFC, invisible and control characters removed, every run of
 * whitespace (line breaks included) collapsed to one space, trimmed.
 * @param text the user's question as received
 * @returns the normalised question ("" when nothing visible is left)
 */
export function normalizeQuestion(text: string): string {
  return text.normalize("NFC").replace(INVISIBLE, "").replace(CONTROL, " ").replace(/\s+/g, " ").trim();
}

/**
 * A matching form of `text` for rule-based checks: invisible characters removed, compatibility
 * forms decomposed (NFKD: full-width and ligature letters become plain ones) and accents folded,
 * lower case, typographic quotes and dashes made ASCII, whitespace collapsed. Offsets do not
 * correspond to `text`'s. ASCII text skips the Unicode steps (most plan text; they are the cost).
 */
export function foldForMatching(text: string): string {
  if (!/[^\x00-\x7f]/.test(text)) return text.toLowerCase().replace(/\s+/g, " ").trim();
  return text
    .replace(INVISIBLE, "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc\u0060\u00b4]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/\s+/g, " ")
    .trim();
}
