/**
 * Turns pdf.js text items of one page into plain text with line structure.
 *
 * pdf.js returns text "items" (runs of glyphs) in content-stream order with a transform matrix each.
 * Content-stream order is kept (it follows the authoring order: column by column, cell by cell,
 * which reads far better than a geometric top-to-bottom sort for two-column benefit charts), and the
 * positions are only used to decide what goes *between* two items:
 *
 * - same line, visible gap → one space (pdf.js glues cells together: `Not covered$20 copay`);
 * - same line, jumping backwards (table cells drawn right-to-left) → a line break;
 * - next line, ordinary line spacing → a line break (`\n`);
 * - a larger vertical gap than the page's usual line spacing, or a jump upwards (next column or
 *   cell) → a paragraph break (`\n\n`), which the sentence splitter treats as a hard boundary.
 */

/** The fields of a pdf.js `TextItem` this module reads. */
export interface LayoutItem {
  readonly str: string;
  /** `[a, b, c, d, e, f]`: text matrix; `e, f` is the baseline origin. */
  readonly transform: readonly number[];
  readonly width: number;
  readonly height: number;
  readonly hasEOL: boolean;
}

interface Placed {
  readonly str: string;
  /** Position along the text direction (x for upright text). */
  readonly u0: number;
  readonly u1: number;
  /** Position across the text direction (baseline y for upright text). */
  readonly v: number;
  /** Font size. */
  readonly h: number;
  readonly eolBefore: boolean;
}

/** A vertical step larger than this multiple of the page's median line step starts a paragraph. */
const PARAGRAPH_STEP_RATIO = 1.3;
/** A vertical step larger than this multiple of the font size always starts a paragraph. */
const PARAGRAPH_STEP_MAX = 2;

/** Projects items onto the page's dominant text direction so rotated pages read like upright ones. */
function place(items: readonly LayoutItem[]): Placed[] {
  let angle = 0;
  let longest = -1;
  for (const it of items) {
    if (it.str.length > longest && it.str.trim() !== "") {
      longest = it.str.length;
      angle = Math.atan2(it.transform[1] ?? 0, it.transform[0] ?? 1);
    }
  }
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const out: Placed[] = [];
  let eol = false;
  for (const it of items) {
    if (it.str.trim() === "") {
      eol ||= it.hasEOL;
      continue;
    }
    const [, , c = 0, d = 0, e = 0, f = 0] = it.transform;
    const u0 = e * cos + f * sin;
    out.push({
      str: it.str,
      u0,
      u1: u0 + Math.abs(it.width),
      v: -e * sin + f * cos,
      h: Math.max(Math.abs(it.height), Math.hypot(c, d), 0.5),
      eolBefore: eol,
    });
    eol = it.hasEOL;
  }
  return out;
}

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  values.sort((a, b) => a - b);
  return values[values.length >> 1] ?? Number.NaN;
}

/**
 * Joins one page's text items into text: lines separated by `\n`, paragraphs (and table cells
 * that are not on the same row) by `\n\n`. The result is not yet normalised; see {@link normalizePageText}.
 */
export function layoutPageText(items: readonly LayoutItem[]): string {
  const placed = place(items);
  // Typical line step of the page, in font-size units, from consecutive lines going down.
  const steps: number[] = [];
  for (let i = 1; i < placed.length; i++) {
    const a = placed[i - 1]!;
    const b = placed[i]!;
    const dv = a.v - b.v;
    const h = Math.max(a.h, b.h);
    if (dv > 0.5 * h && dv < 3 * h) steps.push(dv / h);
  }
  const typical = median(steps);
  const paraRatio = Number.isNaN(typical)
    ? PARAGRAPH_STEP_MAX
    : Math.min(PARAGRAPH_STEP_MAX, typical * PARAGRAPH_STEP_RATIO);

  let out = "";
  for (let i = 0; i < placed.length; i++) {
    const b = placed[i]!;
    const a = placed[i - 1];
    if (a !== undefined) {
      const h = Math.max(a.h, b.h);
      const dv = a.v - b.v;
      const sameLine = Math.abs(dv) < 0.5 * Math.min(a.h, b.h) || Math.abs(dv) < 0.2 * h;
      if (sameLine) {
        const gap = b.u0 - a.u1;
        if (gap < -h) out += "\n";
        else if (b.eolBefore || gap > 0.15 * h) out += " ";
      } else if (dv > 0 && dv / h <= paraRatio) {
        out += "\n";
      } else {
        out += "\n\n";
      }
    }
    out += b.str;
  }
  return out;
}

/** Private-use glyphs of Symbol/Wingdings fonts that pdf.js passes through, mapped to Unicode. */
const PRIVATE_USE_MAP: Readonly<Record<string, string>> = {
  "\uF0B7": "•", // Symbol bullet
  "\uF06E": "■", // Wingdings n
  "\uF0A7": "▪", // Wingdings section mark used as a square bullet
  "\uF0D8": "➢", // Wingdings arrowhead bullet
  "\uF076": "❖", // Wingdings v
  "\uF0FC": "✓", // Wingdings check
  "\uF0FB": "✗", // Wingdings cross
  "\uF0A8": "□", // Wingdings box
  "\uF0FE": "☒", // Wingdings checked box
  "\uF02D": "-", // Symbol hyphen/minus
};

/**
 * Normalises one page's text: maps Symbol/Wingdings bullets to Unicode, drops other private-use
 * and control characters (NUL, C0/C1 except newline), zero-width characters and soft hyphens,
 * turns NBSP/tabs into spaces, removes table-of-contents dot leaders (`. . . .`), shortens
 * dash rules (`––––– None –––––` → `— None —`), collapses runs of spaces, trims lines, keeps at most one blank line,
 * and joins a line break after a hyphen (`co-\npayment` → `co-payment`) when both sides are
 * lowercase-led words. The hyphen is kept: in insurance documents almost every line-final hyphen
 * is a real compound hyphen (`out-of-pocket`, `pre-existing`), not typographic hyphenation.
 */
export function normalizePageText(raw: string): string {
  return raw
    .replace(/\r\n?/g, "\n")
    .replace(/\u00AD\n(?=\p{Ll})/gu, "")
    .replace(/[\uE000-\uF8FF]/g, (ch) => PRIVATE_USE_MAP[ch] ?? "")
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u200B-\u200D\u2060\uFEFF]/g, "")
    .replace(/[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\u2028\u2029]/g, " ")
    .replace(/(?: ?\.){4,}/g, " ")
    .replace(/[–—]{3,}/g, "—")
    .replace(/ {2,}/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/(\p{L})-\n(?=\p{Ll})/gu, "$1-")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
