/**
 * An IRDAI policy wording's "Table of Benefits" as records. Products sold in plan variants print
 * one row per benefit ("Ambulance (per insured person, in a policy year)") and one column per plan
 * ("PLAN A", "PLAN B", "PLAN C"), the schedule of limits the wording's clauses refer to ("up to the
 * limit as shown in the Table of Benefits"). Rows are read with the table reader (rag/documents/
 * table.ts, anchored on the label column's header); the plan columns are placed by their header
 * runs, since cells spanning every plan ("Allopathy, AYUSH") leave no white gutter between them.
 */
import { cellText } from "./geometry.ts";
import type { PositionedItem, PositionedPage } from "./positions.ts";
import { readTables, type TableSpec } from "./table.ts";
import type { RecordDraft } from "./types.ts";

/**
 * A line that heads the table ("Table of Benefits:", "TABLE OF BENEFITS FOR DOMESTIC COVER"); pages
 * are read for positions only when one occurs (clauses citing "the Table of Benefits" do not count).
 */
export const BENEFIT_TABLE_TEXT = /^\s*Table of Benefits\b.{0,40}$/im;
/** The label column's header of the table. */
export const BENEFIT_TABLE: TableSpec = { label: /^\s*(?:Features|Benefits)\s*$/i, singleLineHeader: true };
/** The first plan column reaches this many half column widths left of its header's centre. */
export const FIRST_PLAN_REACH = 2;
/** A plan column's header run ("PLAN A", "Plan B", "Plan 2"). */
const PLAN_HEADER = /^\s*PLAN\s+[A-Z0-9]{1,3}\s*$/i;

/** The plan columns of a page: header runs on one baseline, left to right, with their cell bounds. */
function planColumns(page: PositionedPage): Array<{ name: string; x0: number; x1: number }> {
  const heads = page.items.filter((it) => PLAN_HEADER.test(it.str)).sort((a, b) => a.y - b.y || a.x - b.x);
  const first = heads[0];
  if (!first) return [];
  const row = heads.filter((h) => Math.abs(h.y - first.y) < 0.35 * first.h).sort((a, b) => a.x - b.x);
  if (row.length < 2) return [];
  const centre = (h: PositionedItem) => h.x + h.w / 2;
  const half = (centre(row[1]!) - centre(row[0]!)) / 2;
  return row.map((h, i) => ({
    name: h.str.trim().replace(/\s+/g, " "),
    // the first plan's values may start well left of its centre (left-aligned, wrapped): the label
    // column's runs start at its left edge, far from there
    x0: i === 0 ? centre(h) - FIRST_PLAN_REACH * half : (centre(row[i - 1]!) + centre(h)) / 2,
    x1: i === row.length - 1 ? Number.POSITIVE_INFINITY : (centre(h) + centre(row[i + 1]!)) / 2,
  }));
}

/** Records of the Table of Benefits on the given pages (none on a page without plan columns). */
export function benefitTableRecords(pages: readonly PositionedPage[]): RecordDraft[] {
  const out: RecordDraft[] = [];
  for (const page of pages) {
    const plans = planColumns(page);
    if (plans.length === 0) continue;
    const start = plans[0]!.x0;
    for (const table of readTables(page, BENEFIT_TABLE)) {
      for (const row of table.rows) {
        const items = row.items.flat();
        const label = cellText(items.filter((it) => it.x < start));
        const cells = plans.map((p) => cellText(items.filter((it) => it.x >= p.x0 && it.x < p.x1)));
        const filled = cells.filter((c) => c !== "");
        if (label === "" || filled.length === 0) continue;
        // a cell spanning every plan sits in one plan's bounds: it is every plan's
        const network = filled.length === 1 && cells.length > 1 ? `All plans: ${filled[0]}` : plans.map((p, i) => `${p.name}: ${cells[i] || "—"}`).join("; ");
        // the benefit's name is the label; its parenthesised basis ("per insured person, in a policy year",
        // "as Floater") is a limitation: words every row shares would weigh as the row's topic
        const basis = label.match(/\([^()]*\)/g) ?? [];
        const name = label.replace(/\s*\([^()]*\)/g, "").replace(/^\*+\s*/, "").trim() || label;
        out.push({ kind: "benefit", section: "Table of Benefits", label: name, network, outOfNetwork: null, limitations: basis.length > 0 ? basis.join(" ") : null, page: page.page });
      }
    }
  }
  return out;
}
