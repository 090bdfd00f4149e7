/**
 * The form of text the injection screen matches: {@link foldForMatching} (case, accents, quotes,
 * whitespace) plus the disguises an attacker uses to slip instructions past word rules —
 *  - Unicode confusables: fullwidth and other compatibility forms (NFKC), and Cyrillic/Greek
 *    letters that look Latin ("іgnоrе" with Cyrillic і, о, е), mapped after Unicode TR #39's
 *    confusables table (the subset of single letters that look like a-z);
 *  - zero-width and soft-hyphen characters dropped;
 *  - leetspeak: inside a word that mixes letters and digits, 0→o 1→i 3→e 4→a 5→s 7→t, @→a, $→s
 *    ("1gn0r3 pr3v10us" → "ignore previous"; "$1,500" and "4th" keep their digits' words apart);
 *  - letter spacing: runs of single letters split by one space, dot, dash or underscore are joined
 *    ("i g n o r e  p r e v i o u s" → "ignore previous"; two spaces still separate words).
 */
import { foldForMatching } from "./normalize.ts";

/** Latin look-alikes (Unicode TR #39 confusables, single letters only). */
const CONFUSABLES: Readonly<Record<string, string>> = {
  а: "a", в: "b", с: "c", ԁ: "d", е: "e", һ: "h", і: "i", ј: "j", к: "k", м: "m", н: "h", о: "o", р: "p", ԛ: "q", ѕ: "s", т: "t", у: "y", х: "x", ү: "y", ԝ: "w", ӏ: "l",
  α: "a", β: "b", ε: "e", η: "n", ι: "i", κ: "k", ν: "v", ο: "o", ρ: "p", τ: "t", υ: "u", χ: "x", ω: "w", ɡ: "g", ı: "i", ȷ: "j", ℓ: "l",
};
const CONFUSABLE_RE = new RegExp(`[${Object.keys(CONFUSABLES).join("")}]`, "g");
const HIDDEN = /[\u00ad\u200b-\u200f\u2060-\u2064\ufeff\u180e]/g;
const LEET: Readonly<Record<string, string>> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", $: "s" };
/** A word (letters, digits, @, $) with at least one letter and at least one leet character. */
const LEET_WORD = /[a-z0-9@$]*[a-z][a-z0-9@$]*/g;
/** A run of ≥ 3 single letters separated by exactly one space, '.', '-', '_' or '*'. */
const SPACED_RUN = /(?<![\p{L}\p{N}])\p{L}(?:[ .\-_*]\p{L}(?![\p{L}\p{N}])){2,}/gu;

/** `text` in the form the injection rules match (see the module comment). */
export function screenForm(text: string): string {
  let t = text.replace(HIDDEN, "");
  if (/[^\x00-\x7f]/.test(t)) t = t.normalize("NFKC").toLowerCase().replace(CONFUSABLE_RE, (c) => CONFUSABLES[c] ?? c);
  t = foldForMatching(t);
  t = t.replace(SPACED_RUN, (run) => run.replace(/[ .\-_*]/g, ""));
  if (/[0-9@$]/.test(t)) {
    t = t.replace(LEET_WORD, (word) => (/[a-z]/.test(word) && /[0-9@$]/.test(word) && !/^\d+(?:st|nd|rd|th|s)$/.test(word) ? word.replace(/[0134579@$]/g, (c) => LEET[c] ?? c) : word));
  }
  return t;
}

/** `text` with every non-letter removed: catches instructions spelled with no spaces at all. */
export function compactForm(screened: string): string {
  return screened.replace(/[^a-z]/g, "");
}
