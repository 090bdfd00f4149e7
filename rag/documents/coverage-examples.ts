/**
 * The SBC's coverage examples as records. The uniform template (45 CFR 147.200; CMS/DOL SBC
 * template and instructions) ends with one page of worked examples side by side — 2012 template:
 * "Having a baby (normal delivery)" and "Managing type 2 diabetes"; 2017 template: Peg's baby,
 * Joe's diabetes, Mia's fracture — each a column with the amount owed to providers, what the plan
 * and the patient pay, the sample care costs, and what the patient pays broken down into
 * deductibles, copays, coinsurance, limits or exclusions and a total. Text extraction interleaves
 * the columns (values float away from their labels), so the page is read by position: one column
 * per "Sample care costs" heading, one row per baseline.
 */
import { cellText, toLines } from "./geometry.ts";
import type { PositionedItem, PositionedPage } from "./positions.ts";
import type { RecordDraft } from "./types.ts";

/** The section of every coverage-example record (rag/synthesizer ranks these pages below the plan's own rows). */
export const COVERAGE_EXAMPLES_SECTION = "Coverage Examples";

/** Each example column has a "Sample care costs" heading (2012 template) or "Total Example Cost" (2017). */
const COLUMN_HEADING = /^(?:Sample care costs|The total .{1,20}Example Cost|Total Example Cost)\b/i;
/** Points left of a column heading where the column starts (the heading is indented a little). */
export const COLUMN_LEAD_POINTS = 20;
/** The example's title sits within this many points above its first amount line (Kaiser's: 79). */
export const TITLE_SPAN_POINTS = 120;
/** At most this many points between the title's last line and the amounts (Kaiser: 37, UHC: ~60). */
export const TITLE_GAP_POINTS = 70;
/** Lines of the title are at most this multiple of their type size apart (a header further up is farther). */
export const TITLE_LINE_GAP_RATIO = 1.8;
/** A line ending with a money amount as printed ("Plan pays: $1,000", "Patient pays $ 3,150"). */
const LINE_AMOUNT = /^(.*?)[\s:]*(\$\s?[\d,]+(?:\.\d{2})?)$/;
/** Summary lines at a column's top. */
const SUMMARY = /^(Amount owed to providers|Plan pays|Patient pays)\b/i;
/** Rows of what the patient pays (both templates). */
const BREAKDOWN = /^(?:Total\s+)?(Deductibles?|Co-?pays?|Co-?payments?|Co-?insurance|Limits or exclusions|Total|The total .{1,20} would pay is)\b/i;

interface Row {
  readonly label: string;
  readonly amount: string;
  readonly y: number;
}

/**
 * A column's lines as label + amount: the amount is the line's last money value (its own run, or
 * the end of the label's run: "Patient pays $750"); marks before the label (bullets set in a
 * symbol font) are dropped.
 */
function rows(items: readonly PositionedItem[]): Array<{ label: string; amount: string | null; y: number }> {
  return toLines(items).map((line) => {
    const text = cellText(line).replace(/^[^\p{L}\p{N}$]+/u, "");
    const m = LINE_AMOUNT.exec(text);
    return { label: (m ? (m[1] ?? "") : text).replace(/[:\s]+$/, ""), amount: m ? (m[2] as string).replace(/\s+/g, "") : null, y: line[0]!.y };
  });
}

/** The examples of one page (none when the page has no example column). */
function pageExamples(page: PositionedPage): RecordDraft[] {
  const headings = page.items.filter((it) => COLUMN_HEADING.test(it.str.trim())).sort((a, b) => a.x - b.x);
  // one heading per column: headings on the same x (a wrapped run) count once
  const starts: number[] = [];
  for (const h of headings) if (!starts.some((x) => Math.abs(x - h.x) < 40)) starts.push(h.x);
  if (starts.length === 0) return [];
  const out: RecordDraft[] = [];
  const cover = coverageFor(page);
  starts.forEach((x0, i) => {
    const left = x0 - COLUMN_LEAD_POINTS;
    const right = starts[i + 1] !== undefined ? starts[i + 1]! - COLUMN_LEAD_POINTS : page.width;
    const col = page.items.filter((it) => it.x >= left && it.x < right && it.str.trim() !== "");
    const lines = rows(col);
    const summary = lines.filter((l) => SUMMARY.test(l.label) && l.amount !== null);
    const patient = summary.find((l) => /^Patient pays/i.test(l.label));
    if (!patient) return;
    const top = Math.min(...summary.map((l) => l.y));
    // the title: the block of lines right above the amounts (a page header further up is not part of it)
    const above = toLines(col.filter((it) => it.y < top - 2 && it.y >= top - TITLE_SPAN_POINTS)).reverse();
    const block: PositionedItem[][] = [];
    let lower = top;
    for (const line of above) {
      const gap = lower - line[0]!.y;
      if (gap > (block.length === 0 ? TITLE_GAP_POINTS : TITLE_LINE_GAP_RATIO * line[0]!.h)) break;
      block.push(line);
      lower = line[0]!.y;
    }
    const title = cellText(block.flat());
    // the breakdown: rows below the last "Patient pays" line (the breakdown's own heading)
    const heads = lines.filter((l) => /^(?:Patient pays|In this example,.*would pay)/i.test(l.label));
    const from = heads.length > 1 ? heads[heads.length - 1]!.y : patient.y;
    const parts: Row[] = lines.filter((l): l is Row => l.y > from && l.amount !== null && BREAKDOWN.test(l.label));
    const owed = summary.find((l) => /^Amount owed/i.test(l.label));
    const plan = summary.find((l) => /^Plan pays/i.test(l.label));
    const label = `Coverage example: ${title || "example"}`;
    const pays = [owed ? `amount owed to providers ${owed.amount}` : "", plan ? `plan pays ${plan.amount}` : ""].filter((s) => s !== "").join("; ");
    out.push({
      kind: "benefit",
      section: COVERAGE_EXAMPLES_SECTION,
      label,
      network: `Patient pays ${patient.amount}${pays ? ` (${pays})` : ""}`,
      outOfNetwork: null,
      limitations: [cover ? `Coverage for: ${cover}.` : "", parts.length > 0 ? `Patient pays: ${parts.map((p) => `${p.label} ${p.amount}`).join("; ")}.` : ""].filter((x) => x !== "").join(" ") || null,
      page: page.page,
    });
  });
  return out;
}

/**
 * Whom the page's SBC covers, from the template's running header ("Coverage for: Family | Plan
 * Type: PPO" → "Family"): one file may hold two SBCs, an individual one and a family one.
 */
function coverageFor(page: PositionedPage): string | null {
  for (const line of toLines(page.items)) {
    const m = /\bCoverage for:\s*([^|]+?)\s*(?:\||Plan Type\b|$)/i.exec(cellText(line));
    if (m?.[1]) return m[1].trim();
  }
  return null;
}

/** Reads the coverage examples of an SBC's pages, in page order. */
export function coverageExampleRecords(pages: readonly PositionedPage[]): RecordDraft[] {
  return pages.flatMap(pageExamples);
}
