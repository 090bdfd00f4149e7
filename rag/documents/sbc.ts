/**
 * The US Summary of Benefits and Coverage as records. Every SBC follows the uniform template
 * (45 CFR 147.200; CMS/DOL SBC template and instructions): page 1 holds the "Important Questions"
 * table (question | answer | why this matters), then the benefits grid (Common Medical Event |
 * Services You May Need | what you pay in network | out of network | Limitations & Exceptions),
 * its header repeated on every page, until "Excluded Services & Other Covered Services".
 */
import type { PositionedItem, PositionedPage } from "./positions.ts";
import { readTables, type ReadTable, type TableSpec } from "./table.ts";
import type { RecordDraft } from "./types.ts";

/** The template's "Important Questions" table. */
export const SBC_QUESTIONS_TABLE: TableSpec = { label: /^\s*Important Questions\b/i, notes: /Why [Tt]his Matters/, labelEnd: /\?\s*$/, singleLineHeader: true };
/** The template's benefits grid. */
export const SBC_BENEFITS_TABLE: TableSpec = {
  label: /Services You May/i,
  notes: /^\s*Limitations/i,
  end: /^\s*(Excluded Services|Services Your Plan (Does|Generally) NOT Cover|Your Rights to Continue)/i,
};
/** Header words of an out-of-network cost column ("Out-of-network", "Non-Participating", "Non-Plan" …). */
const OUT_OF_NETWORK_HEADER = /out[\s-]*of[\s-]*network|\bnon[\s-]*(?:plan|network|participating|preferred)|nonparticipating/i;

const orNull = (s: string | undefined) => (s === undefined || s === "" ? null : s);

/** Records of one read table: label column → label; value columns → network / out of network; notes → limitations. */
function tableRecords(table: ReadTable, kind: RecordDraft["kind"], fixedSection: string | null): RecordDraft[] {
  const { columns } = table;
  const values = columns.map((c, k) => ({ c, k })).filter(({ c }) => c.role === "value");
  const outCols = values.filter(({ c }) => OUT_OF_NETWORK_HEADER.test(c.header) && !/\bin[\s-]*network\b.*out/i.test(c.header));
  const inCols = values.filter((v) => !outCols.includes(v));
  const labelled = (row: readonly string[], cols: typeof values) => {
    const parts = cols.map(({ c, k }) => ({ h: c.header, v: row[k] ?? "" })).filter((p) => p.v !== "");
    if (parts.length <= 1 || cols.length <= 1) return orNull(parts.map((p) => p.v).join(" "));
    return parts.map((p) => (p.h ? `${p.h}: ${p.v}` : p.v)).join("; ");
  };
  const group = columns.findIndex((c) => c.role === "group");
  const label = columns.findIndex((c) => c.role === "label");
  const notes = columns.findIndex((c) => c.role === "notes");
  const out: RecordDraft[] = [];
  for (const row of table.rows) {
    const text = row.cells[label] ?? "";
    if (text === "") continue;
    out.push({
      kind,
      section: fixedSection ?? orNull(group >= 0 ? row.cells[group] : undefined),
      label: text,
      network: labelled(row.cells, inCols),
      outOfNetwork: labelled(row.cells, outCols),
      limitations: notes >= 0 ? orNull(row.cells[notes]) : null,
      page: table.page,
    });
  }
  return out;
}

/** A header run reaches this many font sizes above or below the grid's anchor (as table.ts reads the header band). */
const HEADER_REACH_LINES = 3;
/** Lines under the anchor this close (× its font size) continue the header cell ("Services You May" / "Need"). */
const HEADER_CONTINUATION_SIZES = 1.6;

/** A page's grid header: its runs, and the baseline of the grid's first row. */
interface GridHeader {
  readonly items: readonly PositionedItem[];
  readonly firstRowY: number;
}

/**
 * The header of a page's benefits grid: the runs around its "Services You May Need" anchor,
 * narrower than half the page, above the first row's label (the first run under the anchor after a
 * gap wider than a line); undefined when the page has none.
 */
function gridHeader(page: PositionedPage): GridHeader | undefined {
  const anchor = page.items.find((it) => SBC_BENEFITS_TABLE.label.test(it.str));
  if (!anchor) return undefined;
  const under = page.items.filter((it) => it.y > anchor.y + 0.35 * anchor.h && it.x < anchor.x + anchor.w && it.x + it.w > anchor.x).sort((a, b) => a.y - b.y);
  let last = anchor.y;
  let firstRowY = Number.POSITIVE_INFINITY;
  for (const it of under) {
    if (it.y - last > HEADER_CONTINUATION_SIZES * anchor.h) {
      firstRowY = it.y;
      break;
    }
    last = it.y;
  }
  const items = page.items.filter((it) => Math.abs(it.y - anchor.y) <= HEADER_REACH_LINES * anchor.h && it.y < firstRowY - 0.6 * it.h && it.w < 0.5 * page.width);
  return Number.isFinite(firstRowY) ? { items, firstRowY } : undefined;
}

/**
 * A grid page printed without the grid's header (SeeChange repeats it on some pages only), laid
 * out as if it had the previous page's: the running page header (the lines the previous page prints
 * above its grid) stays, the previous page's header runs are added where they were, and the rest of
 * the page moves down to where the previous page's first row began. Undefined when nothing is left.
 */
function withBorrowedHeader(page: PositionedPage, previous: PositionedPage, header: GridHeader): PositionedPage | undefined {
  const headerTop = Math.min(...header.items.map((it) => it.y - it.h));
  const furniture = new Set(previous.items.filter((it) => it.y < headerTop).map((it) => it.str.trim()));
  const isFurniture = (it: PositionedItem) => it.y < headerTop && furniture.has(it.str.trim());
  const body = page.items.filter((it) => !isFurniture(it));
  if (body.length === 0 || header.items.length === 0) return undefined;
  const dy = header.firstRowY - Math.min(...body.map((it) => it.y));
  return { ...page, items: [...page.items.filter(isFurniture), ...header.items, ...body.map((it) => ({ ...it, y: it.y + dy }))] };
}

/**
 * Reads an SBC's "Important Questions" and benefits grid into records, in page order.
 * A row whose label cell is empty (a cell continued from the previous page) is dropped. A page
 * after a grid page that has no grid header and no section end before its rows continues the grid
 * under the previous page's header ({@link withBorrowedHeader}).
 */
export function sbcRecords(pages: readonly PositionedPage[]): RecordDraft[] {
  const out: RecordDraft[] = [];
  let carried: { page: PositionedPage; header: GridHeader } | undefined;
  for (const page of pages) {
    for (const t of readTables(page, SBC_QUESTIONS_TABLE)) out.push(...tableRecords(t, "question", "Important Questions"));
    const header = gridHeader(page);
    const ended = page.items.some((it) => SBC_BENEFITS_TABLE.end?.test(it.str));
    const read = header ? page : carried ? withBorrowedHeader(page, carried.page, carried.header) : undefined;
    const tables = read ? readTables(read, SBC_BENEFITS_TABLE) : [];
    // A borrowed header reads stray runs above a section's start too ("needs" of a group cell): keep rows with a cost.
    for (const t of tables) out.push(...tableRecords(t, "benefit", null).filter((r) => header || r.network !== null || r.outOfNetwork !== null));
    carried = tables.some((t) => t.rows.length > 0) && !ended ? (header ? { page, header } : carried) : undefined;
  }
  return out;
}
