/**
 * Active content never leaves the server: HTML tags (script and style with their content),
 * markdown images (a beacon fetched the moment it renders), markdown and HTML links (their text is
 * kept, the target dropped) and `javascript:` / `data:` URIs are blanked out of document text and
 * answers. Replacements are spaces of the same length (line breaks kept), so offsets — and the
 * page of every other sentence of a chunk — do not move. Plain printed addresses
 * ("www.healthcare.gov") are plan information and stay.
 */

const SCRIPT_OR_STYLE = /<\s*(script|style|iframe|object|embed|svg|math|template)\b[^>]*>[\s\S]*?(?:<\s*\/\s*\1\s*>|$)/gi;
const HTML_TAG = /<\s*\/?\s*[a-z][a-z0-9-]*\b(?:[^<>"']|"[^"]*"|'[^']*')*\/?\s*>/gi;
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const MARKDOWN_IMAGE = /!\[[^\]\n]{0,500}\]\s*\([^)\n]{0,2000}\)|!\[[^\]\n]{0,500}\]\s*\[[^\]\n]{0,200}\]/g;
const MARKDOWN_LINK = /\[([^\]\n]{0,500})\]\s*\(\s*[^)\s]{1,2000}(?:\s+"[^"\n]*")?\s*\)/g;
const REFERENCE_DEFINITION = /^\s{0,3}\[[^\]\n]+\]:\s*\S+.*$/gm;
const DANGEROUS_URI = /\b(?:javascript|vbscript|data)\s*:[^\s"'<>)]*/gi;

/** Spaces for every character of `s` except line breaks and form feeds. */
const blank = (s: string) => s.replace(/[^\n\f]/g, " ");

/** True when `text` holds any active content {@link neutralizeActiveContent} would blank. */
export function hasActiveContent(text: string): boolean {
  return [SCRIPT_OR_STYLE, HTML_TAG, HTML_COMMENT, MARKDOWN_IMAGE, MARKDOWN_LINK, REFERENCE_DEFINITION, DANGEROUS_URI].some((re) => {
    re.lastIndex = 0;
    const found = re.test(text);
    re.lastIndex = 0;
    return found;
  });
}

/**
 * Blanks active content out of `text` (same length; see the module comment). A markdown link
 * keeps its visible text in place.
 */
export function neutralizeActiveContent(text: string): string {
  if (!/[<\[!:]/.test(text)) return text;
  return text
    .replace(SCRIPT_OR_STYLE, blank)
    .replace(HTML_COMMENT, blank)
    .replace(HTML_TAG, blank)
    .replace(MARKDOWN_IMAGE, blank)
    .replace(MARKDOWN_LINK, (whole, label: string) => ` ${label}${blank(whole.slice(label.length + 1))}`)
    .replace(REFERENCE_DEFINITION, blank)
    .replace(DANGEROUS_URI, blank);
}
