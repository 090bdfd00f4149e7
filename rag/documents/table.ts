/**
 * Reads a ruled or unruled table from positioned text: finds the header band from an anchor
 * (e.g. "Services You May Need"), the body below it, the columns from the vertical white gutters
 * of the body, and the rows from the horizontal gaps that cross every column but the grouping one.
 *
 * Rows are told apart by the vertical distance between baselines: inside a cell lines follow at the
 * page's usual line step; between rows there is cell padding on top, so a baseline step larger than
 * {@link ROW_BREAK_STEP_RATIO} × the usual step starts a new row. Cells that are centred vertically
 * (a one-line cost beside a three-line service name) fall inside the band of their row.
 */
import { bands, cellText, gutterColumns, lineStep, median, splitAfter } from "./geometry.ts";
import type { PositionedItem, PositionedPage } from "./positions.ts";
import { mergeRoles, splitAtValueTops, splitBlock, splitByHeaders } from "./table-cells.ts";
import type { ReadTable, TableColumn, TableRow, TableSpec } from "./table-types.ts";

export { cellText, MIN_GUTTER_POINTS, ROW_BREAK_STEP_RATIO } from "./geometry.ts";
export { MIN_HEADER_CELL_POINTS, TIGHT_ROW_STEP_RATIO } from "./table-cells.ts";
export type { ReadTable, TableColumn, TableRow, TableSpec } from "./table-types.ts";

/** A body text run wider than this share of the page width is not a cell: it ends the table (footer, prose). */
export const FULL_WIDTH_SHARE = 0.55;
/** A table header reaches at most this many font sizes above its anchor run … */
export const HEADER_ABOVE_LINES = 4;
/** … and this many below it (the SBC grid's header is up to five lines, centred on the anchor). */
export const HEADER_BELOW_LINES = 2.6;
/** A label-column line this close below the anchor (× line step) continues the header cell. */
export const HEADER_CONTINUATION_STEP_RATIO = 1.3;

const top = (it: PositionedItem) => it.y - 0.8 * it.h;

/**
 * Reads every table of `spec` on `page`. A page may hold several (a header repeated further down
 * starts a new table). Returns `[]` when the anchor is not on the page.
 */
export function readTables(page: PositionedPage, spec: TableSpec): ReadTable[] {
  const anchors = page.items.filter((it) => spec.label.test(it.str)).sort((a, b) => a.y - b.y);
  const out: ReadTable[] = [];
  for (let i = 0; i < anchors.length; i++) {
    const nextTop = i + 1 < anchors.length ? top(anchors[i + 1]!) - 3 * anchors[i + 1]!.h : Number.POSITIVE_INFINITY;
    const table = readOne(page, spec, anchors[i]!, nextTop);
    if (table) out.push(table);
  }
  return out;
}

function readOne(page: PositionedPage, spec: TableSpec, anchor: PositionedItem, limitY: number): ReadTable | undefined {
  const step0 = lineStep(page.items);
  // Header band: runs around the anchor whose baselines chain to it at line spacing.
  const near = page.items.filter(
    (it) => it.y > anchor.y - HEADER_ABOVE_LINES * anchor.h && it.y < anchor.y + HEADER_BELOW_LINES * anchor.h && it.w < FULL_WIDTH_SHARE * page.width,
  );
  // Nothing at or below the first body line of the label column belongs to the header (lines
  // that follow the anchor at line spacing continue the header cell: "Services You May" / "Need").
  const underAnchor = page.items
    .filter((it) => it.y > anchor.y + 0.35 * anchor.h && it.x < anchor.x + anchor.w && it.x + it.w > anchor.x)
    .sort((a, b) => a.y - b.y);
  let firstLabelLine = Number.POSITIVE_INFINITY;
  let lastHeaderY = anchor.y;
  for (const it of underAnchor) {
    if (!spec.singleLineHeader && it.y - lastHeaderY <= HEADER_CONTINUATION_STEP_RATIO * step0 && it.h <= anchor.h * 1.05) {
      lastHeaderY = it.y;
      continue;
    }
    firstLabelLine = it.y;
    break;
  }
  const headerBand = spec.singleLineHeader
    ? near.filter((it) => Math.abs(it.y - anchor.y) < 0.35 * anchor.h)
    : (bands(near.filter((it) => it.y < firstLabelLine - 0.6 * it.h), step0).find((b) => b.includes(anchor)) ?? [anchor]);
  const headerBottom = Math.max(...headerBand.map((it) => it.y));
  const headerTop = Math.min(...headerBand.map((it) => it.y));
  // Body: below the header, up to the first full-width run, section end, or the next table.
  let endY = limitY;
  for (const it of page.items) {
    if (it.y <= headerBottom + 0.3 * it.h) continue;
    // A run as wide as most of the page that starts under the label column is prose or a footer.
    const ends = (it.w > FULL_WIDTH_SHARE * page.width && it.x < anchor.x + anchor.w) || (spec.end?.test(it.str) ?? false) || /^Questions(:|\s*$)/.test(it.str);
    if (ends) endY = Math.min(endY, top(it) - 0.1);
  }
  const body = page.items.filter((it) => it.y > headerBottom + 0.3 * it.h && it.y < endY);
  if (body.length === 0) return undefined;
  const ranges = splitByHeaders(gutterColumns(body, page.width), headerBand, body);
  const colOf = (x: number) => {
    let best = 0;
    let dist = Number.POSITIVE_INFINITY;
    ranges.forEach(([a, b], k) => {
      const d = x < a ? a - x : x > b ? x - b : 0;
      if (d < dist) [best, dist] = [k, d];
    });
    return best;
  };
  const headerCenter = (it: PositionedItem) => it.x + Math.min(it.w, 40) / 2;
  const labelCol = colOf(headerCenter(anchor));
  const notesHeader = spec.notes ? headerBand.find((it) => spec.notes!.test(it.str)) : undefined;
  const notesCol = notesHeader ? Math.max(labelCol + 1, colOf(notesHeader.x + 2)) : ranges.length;
  const columns: TableColumn[] = ranges.map(([x0, x1], k) => ({
    x0,
    x1,
    role: k < labelCol ? "group" : k === labelCol ? "label" : k < notesCol ? "value" : "notes",
    // A header run reaching well into a neighbouring column spans several ("Your cost if you use a"): it names none of them.
    header: cellText(
      headerBand.filter(
        (it) =>
          it.y >= headerTop - 0.1 &&
          colOf(it.x + it.w / 2) === k &&
          ranges.every(([a, b], o) => o === k || Math.min(b, it.x + it.w) - Math.max(a, it.x) < 0.25 * it.w),
      ),
    ),
  }));
  // Merge every notes column into one (a limitations cell may hold aligned sub-columns).
  const merged = mergeRoles(columns);
  const place = (it: PositionedItem) => {
    const k = colOf(it.x + Math.min(it.w, 6) / 2);
    return merged.index[k]!;
  };
  // Line step relative to font size, from the whole body; each column uses it at its own font size.
  const stepPerPoint = lineStep(body) / median(body.map((it) => it.h));
  const columnStep = (items: readonly PositionedItem[]) => stepPerPoint * (median(items.map((it) => it.h)) || 10);
  const step = lineStep(body);
  const labelIndex = merged.columns.findIndex((c) => c.role === "label");
  // A run centred across two cost columns (a merged cell: one amount per visit, both networks) counts in each.
  const spans = (it: PositionedItem, k: number) => {
    const c = merged.columns[k]!;
    const own = merged.columns[place(it)]!;
    return c.role === "value" && own.role === "value" && Math.min(c.x1, it.x + it.w) - Math.max(c.x0, it.x) > 0.3 * (c.x1 - c.x0);
  };
  const inColumn = (k: number) => body.filter((it) => place(it) === k || spans(it, k));
  const labelItems = inColumn(labelIndex);
  const valueTops = merged.columns.flatMap((c, k) =>
    c.role === "value" ? bands(inColumn(k), columnStep(inColumn(k))).map((b) => Math.min(...b.map((it) => it.y))) : [],
  );
  const labels = spec.labelEnd
    ? splitAfter(labelItems, spec.labelEnd)
    : bands(labelItems, columnStep(labelItems)).flatMap((b) => splitAtValueTops(b, valueTops, columnStep(labelItems)));
  if (labels.length === 0) return undefined;
  const span = (b: readonly PositionedItem[]) => [Math.min(...b.map((it) => it.y)), Math.max(...b.map((it) => it.y))] as const;
  const labelSpans = labels.map(span);
  const nearestLabel = (y: number) => {
    let best = 0;
    let dist = Number.POSITIVE_INFINITY;
    labelSpans.forEach(([a, b], j) => {
      const d = y < a ? a - y : y > b ? y - b : 0;
      const c = Math.abs(y - (a + b) / 2);
      if (d + c * 1e-3 < dist) [best, dist] = [j, d + c * 1e-3];
    });
    return best;
  };
  const groupBlocks: Array<{ k: number; a: number; b: number; block: PositionedItem[] }> = [];
  const cellItems: PositionedItem[][][] = labels.map(() => merged.columns.map(() => []));
  labels.forEach((b, j) => cellItems[j]![labelIndex]!.push(...b));
  merged.columns.forEach((c, k) => {
    if (k === labelIndex) return;
    for (const block of bands(inColumn(k), columnStep(inColumn(k)))) {
      const [a, b] = span(block);
      const hit = labelSpans.map(([la, lb], j) => (Math.min(b, lb) >= Math.max(a, la) - (c.role === "group" ? 0 : 0.6 * step) && Math.max(a, la) <= Math.min(b, lb) + (c.role === "group" ? 0 : 0.6 * step) ? j : -1)).filter((j) => j >= 0);
      if (c.role === "group") {
        groupBlocks.push({ k, a, b, block });
        continue;
      }
      if (hit.length <= 1) {
        const j = hit[0] ?? nearestLabel((a + b) / 2);
        cellItems[j]![k]!.push(...block);
      } else {
        // One block touching several rows (rows set tight): cut it where its lines are furthest apart.
        splitBlock(block, hit, labelSpans).forEach((part, i) => cellItems[hit[i]!]![k]!.push(...part));
      }
    }
  });
  // A group cell ("Common Medical Event") spans several rows, often centred on them: each row
  // takes the group block nearest to it (inside it, else the closest above or below).
  const rows: TableRow[] = labels.map((_, j) => {
    const [la, lb] = labelSpans[j]!;
    const cells = merged.columns.map((c, k) => {
      if (c.role !== "group") return cellText(cellItems[j]![k]!);
      let best: PositionedItem[] = [];
      let dist = Number.POSITIVE_INFINITY;
      for (const g of groupBlocks) {
        if (g.k !== k) continue;
        const d = Math.max(0, g.a - lb, la - g.b) + (g.a > lb ? 0.01 : 0);
        if (d < dist) [best, dist] = [g.block, d];
      }
      return cellText(best);
    });
    return { cells, items: cellItems[j]!, y: la };
  });
  return { page: page.page, columns: merged.columns, rows };
}
