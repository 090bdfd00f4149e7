/**
 * Word lists and patterns that decide whether a full stop after an abbreviation ends a sentence.
 * Used by `splitSentences` to repair the breaks `Intl.Segmenter` makes after `Dr.`, `Sec.`, `U.S.` etc.
 */

/** Abbreviations that never end a sentence: the segment is always joined with the next one. */
export const NEVER_FINAL = new Set([
  "e.g.", "eg.", "i.e.", "ie.", "viz.", "cf.", "vs.", "v.", "approx.", "incl.", "esp.",
  "sec.", "secs.", "ss.", "art.", "arts.", "cl.", "ch.", "chap.", "para.", "paras.", "fig.", "figs.",
  "vol.", "vols.", "pp.", "pg.", "pgs.", "ref.", "reg.", "ins.", "opp.", "bldg.", "tel.", "ph.",
  "dept.", "govt.", "dr.", "drs.", "mr.", "mrs.", "ms.", "mx.", "prof.", "st.", "mt.", "hon.",
  "sgt.", "capt.", "lt.", "messrs.",
]);

/** Abbreviations that are joined with the next segment only when that segment starts with a digit. */
export const BEFORE_NUMBER = new Set([
  "no.", "nos.", "p.", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.",
  "nov.", "dec.", "ext.", "min.", "max.", "est.", "rev.", "rs.", "inr.",
]);

/**
 * Abbreviations that may end a sentence (`…made in the U.S.`). They are joined with the next
 * segment unless its first word is a typical sentence opener ({@link SENTENCE_OPENERS}).
 * Any dotted acronym (`P.O.`, `U.S.A.`, `a.m.`) is treated the same way.
 */
export const MAYBE_FINAL = new Set(["inc.", "ltd.", "co.", "corp.", "llc.", "bros.", "jr.", "sr."]);

/** First words that make a capitalised segment after an ambiguous abbreviation a new sentence. */
export const SENTENCE_OPENERS = new Set(
  (
    "a an the this that these those there then it its if in on at for from to we you your our they " +
    "he she his her i as all any each every see please call when where what which who whom how why " +
    "also but and or nor no yes not however after before during once only some most many because " +
    "since while with without by under unless until note contact visit go ask learn read find get " +
    "use is are was were be do does did can may will would should must could here such other " +
    "both either neither more less one two three first second next finally otherwise thus therefore"
  ).split(" "),
);

/** Words before a single capital letter that make it a label (`Part B.`), not an initial (`A. C. Guards`). */
export const LABEL_WORDS = new Set(
  (
    "part parts plan plans tier schedule appendix annexure annex zone list form exhibit section " +
    "chapter level stage type option group grade class category step vitamin hepatitis table item " +
    "unit block phase model article and or & to of in"
  ).split(" "),
);

/** A segment that is only a list marker or a section label: `1.`, `(a)`, `ii.`, `Section 2.1`, `§ 4.`. */
export const LABEL_ONLY =
  /^(?:\(?\d{1,3}(?:\.\d{1,3})*[.)]|\(?[a-zA-Z][.)]|\(?[ivxlcdmIVXLCDM]{1,6}[.)]|(?:section|sec\.|chapter|ch\.|article|art\.|clause|part|item|no\.|§+)\s*\d+(?:\.\d+)*\.?)$/i;

/** A list marker glued to the end of the previous sentence by the segmenter: `Room charges. ii.`. */
export const TRAILING_MARKER = /^([\s\S]*[.!?:;])\s+(\(?(?:[ivx]{1,6}|\d{1,3}|[a-z])[.)])$/;

/** Line starts that open a new item even without a blank line: bullets (always). */
export const BULLET_START = /^(?:[•◦▪▫■□●○◆◇❖➢►▶✓✔✗✘☐☑☒]|[-–—*·]\s)/u;

/** Line starts that open a new item unless the previous line ends mid-phrase: `1.`, `(a)`, `ii.`, `3.1.2 Title`, `Section 4`. */
export const ENUM_START =
  /^(?:\(?\d{1,3}[.)]\s|\(\d{1,3}\)|\(?[a-z][.)]\s|\([a-z]{1,2}\)|\(?[ivxlc]{1,6}[.)]\s|\(?[A-Z][.)]\s|\d{1,3}(?:\.\d{1,3})+\.?\s+\S|(?:SECTION|Section|CHAPTER|Chapter|ARTICLE|Article|PART|Part)\s+\d+(?:\.\d+)*\b)/;

/**
 * Line endings after which a line is a continuation even if it looks like a list item
 * (`see Section` + `4.2 …`). Not `and`/`or`/`,`: `…, and` + `ii. …` is a list.
 */
export const CONTINUES_LINE =
  /(?:[(\-–/]|\b(?:the|a|an|of|in|to|for|see|under|per|by|with|at|from|on|section|sections|sec\.|chapter|chapters|part|parts|page|pages|article|clause|no\.|nos\.|than|is|are|be|up|as|its|your|our|their))$/i;
