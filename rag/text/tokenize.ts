/**
 * Tokeniser shared by the hashed embedder, the reranker and the
 * extractive synthesizer, so that a question and a chunk always agree on what a term is.
 *
 * Rules (in match order):
 * - phone numbers ("1-800-559-3500", "(800) 559-3500", "1800 209 5858") → `tel:` + digits;
 * - money ("$1,500", "$1500", "$1,500.00", "INR 500", "Rs. 500") → `$1500` / `inr500`;
 * - percentages ("20%", "20 %") → `20%`;
 * - other numbers ("36", "4th", "2,000") → digits without separators;
 * - words → lower-case, accent-folded, stemmed ({@link stem}); stopwords dropped; hyphenated
 *   words yield their parts plus the joined form ("co-payment" → co, payment, copayment).
 */
import { stem } from "./light-stem.ts";
import { ENGLISH_STOPWORDS, SPANISH_STOPWORDS } from "./stopwords.ts";

/** Kind of a token: drives feature weights and the "numeric answer" bonus. */
export type TokenKind = "word" | "number" | "money" | "percent" | "phone";

/** One token: its normalised form and kind. */
export interface Token {
  readonly term: string;
  readonly kind: TokenKind;
  /** True for the joined form of a hyphenated word ("copayment" from "co-payment"); its parts are tokens too. */
  readonly compound?: boolean;
}

const TOKEN_RE = new RegExp(
  [
    String.raw`(?<phone>\(?\b1?[-. ]?\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b|\b1[-. ]?8\d{2}[-. ]\d{3}[-. ]\d{4}\b)`,
    String.raw`(?<money>(?:\$|₹|\b(?:inr|rs\.?|usd)\s?)\s?\d[\d,]*(?:\.\d+)?)`,
    String.raw`(?<percent>\b\d+(?:\.\d+)?\s?%)`,
    String.raw`(?<number>\b\d[\d,]*(?:\.\d+)?(?:st|nd|rd|th)?\b)`,
    String.raw`(?<word>[a-z]+(?:['-][a-z]+)*)`,
  ].join("|"),
  "g",
);

/**
 * Lower-cases, folds accents (é→e, ñ→n), maps curly quotes to ASCII and dashes to "-".
 * @param text any text
 */
export function normalizeText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-");
}

/**
 * Splits text into normalised tokens, in order (duplicates kept).
 * @param text raw text (question or chunk)
 * @param stemWord the word stemmer; default the light suffix stemmer (./light-stem.ts), which
 *   the hashed embedder's stored vectors depend on. Retrieval passes the Snowball stemmer (./stem.ts).
 * @returns tokens; stopwords (English and Spanish) are removed
 */
export function tokenize(text: string, stemWord: (word: string) => string = stem): Token[] {
  const out: Token[] = [];
  // `exec` with the groups by number (phone 1, money 2, percent 3, number 4, word 5) rather than
  // `matchAll` and `groups`: the same matches without an iterator and a groups object per token
  // (~35% of tokenizing a chunk). The position is restored after `stemWord`, which may tokenize.
  const normalized = normalizeText(text);
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(normalized); m !== null; m = TOKEN_RE.exec(normalized)) {
    const word = m[5];
    if (word !== undefined) {
      const at = TOKEN_RE.lastIndex;
      pushWord(out, word, stemWord);
      TOKEN_RE.lastIndex = at;
    } else if (m[1] !== undefined) out.push({ term: `tel:${m[1].replace(/\D/g, "")}`, kind: "phone" });
    else if (m[2] !== undefined) out.push(moneyToken(m[2]));
    else if (m[3] !== undefined) out.push({ term: `${m[3].replace(/\s/g, "")}`, kind: "percent" });
    else if (m[4] !== undefined) out.push({ term: stripNumber(m[4].replace(/(st|nd|rd|th)$/, "")), kind: "number" });
  }
  return out;
}

/** Terms only, in order. Convenience over {@link tokenize}. */
export function terms(text: string): string[] {
  return tokenize(text).map((t) => t.term);
}

function moneyToken(raw: string): Token {
  const inr = /^(₹|inr|rs)/.test(raw);
  const digits = stripNumber(raw.replace(/^[^\d]+/, ""));
  return { term: `${inr ? "inr" : "$"}${digits}`, kind: "money" };
}

/** "1,500.00" → "1500"; "2.5" stays "2.5". */
function stripNumber(raw: string): string {
  return raw.replace(/,/g, "").replace(/\.0+$/, "");
}

function pushWord(out: Token[], raw: string, stem: (word: string) => string): void {
  // Most words have neither an apostrophe nor a hyphen: the steps below would leave them as they are.
  if (!raw.includes("'") && !raw.includes("-")) {
    if (raw.length >= 2 && !ENGLISH_STOPWORDS.has(raw) && !SPANISH_STOPWORDS.has(raw)) out.push({ term: stem(raw), kind: "word" });
    return;
  }
  const word = raw.replace(/'s$/, "").replace(/'/g, "");
  const parts = word.split("-").filter((p) => p.length > 0);
  for (const p of parts) {
    if (p.length < 2 || ENGLISH_STOPWORDS.has(p) || SPANISH_STOPWORDS.has(p)) continue;
    out.push({ term: stem(p), kind: "word" });
  }
  if (parts.length > 1) out.push({ term: stem(parts.join("")), kind: "word", compound: true });
}
