/**
 * Definitions as records. Two shapes cover the forms we read:
 * - "Term means …" (or "refers to", as IRDAI's "Congenital Anomaly" and "AYUSH Treatment") — IRDAI's standard definitions ("2.1 Accident means a sudden, unforeseen …",
 *   "1. Accident: An Accident means …") and most US contracts;
 * - "Term – definition" inside a definitions chapter — CMS's model EOC, chapter "Definitions of
 *   important words" ("Ambulatory Surgical Center – An Ambulatory Surgical Center is …").
 * A definition runs from its first line to the next definition, a blank line, or
 * {@link MAX_DEFINITION_CHARS}.
 */
import type { PageText } from "../types.ts";
import type { RecordDraft } from "./types.ts";

/** A definition's text is cut at this many characters (the rest stays in the chunks). */
export const MAX_DEFINITION_CHARS = 1200;
/** A defined term has at most this many words. */
export const MAX_TERM_WORDS = 8;

/**
 * A definition's number: "2.1 ", "1. ", "(ii) ", or an arabic number glued to the term as text
 * extraction gives some IRDAI wordings ("2.13Co-payment means …": the number's text run ends where
 * the term's begins).
 */
const NUMBERING = String.raw`(?:\(?[0-9]+(?:\.[0-9]+)*[.)]?\s*|\(?[ivx]+[.)]?\s+)?`;
const TERM = String.raw`([A-Z][\p{L}\p{N}'’/()&-]*(?:\s+[\p{L}\p{N}'’/()&-]+){0,${MAX_TERM_WORDS - 1}}?)`;
const MEANS = new RegExp(String.raw`^${NUMBERING}${TERM}\s*(?::\s*(?:(?:An?|The)\s+)?[^\n]*?)?\s+(?:means|shall mean|is defined as|refers to)\b`, "u");
const DASH = new RegExp(String.raw`^${NUMBERING}${TERM}\s+[–—]\s+\p{Lu}[^\n]{24,}`, "u");
/** A definitions chapter's heading (not a table-of-contents line, which ends with a page number). */
const DEFINITIONS_HEADING = /^(?:CHAPTER\s+\d+[:.]?\s*)?Definitions\b(?!.*\d\s*$)/i;

/**
 * Finds definitions in page text (as `readPdf` returns it). "Term – …" lines count only on pages
 * at or after a heading line containing "Definitions".
 */
export function definitionRecords(pages: readonly PageText[]): RecordDraft[] {
  const out: RecordDraft[] = [];
  let inGlossary = false;
  for (const { page, text } of pages) {
    let current: { label: string; lines: string[]; page: number } | undefined;
    const flush = () => {
      if (!current) return;
      const body = current.lines.join(" ").replace(/\s+/g, " ").trim().slice(0, MAX_DEFINITION_CHARS);
      if (body.length > current.label.length + 8) {
        out.push({ kind: "definition", section: "Definitions", label: current.label, network: null, outOfNetwork: null, limitations: body, page: current.page });
      }
      current = undefined;
    };
    for (const line of text.split("\n")) {
      if (line.trim() === "") {
        flush();
        continue;
      }
      if (line.length < 80 && DEFINITIONS_HEADING.test(line.trim())) inGlossary = true;
      const m = line.match(MEANS) ?? (inGlossary ? line.match(DASH) : null);
      if (m?.[1] && !/^(?:This|These|It|That|What|If|When|Where|Which|You|We|It)\b/.test(m[1])) {
        flush();
        current = { label: m[1].replace(/[\s:,]+$/, "").replace(/^(?:An?|The)\s+/, ""), lines: [line], page };
      } else if (current) current.lines.push(line);
    }
    flush();
  }
  return out;
}
