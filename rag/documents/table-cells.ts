/**
 * How ./table.ts cuts a table's positioned runs into cells: a block of lines touching several rows
 * split between them, a label block split where rows are set as tight as lines, a body column split
 * under separate header cells, and adjacent group/notes columns merged into one.
 */
import { cellText, toLines } from "./geometry.ts";
import type { PositionedItem } from "./positions.ts";
import type { TableColumn } from "./table-types.ts";

/** With a cost cell starting on its baseline, a capitalised label line this much further than the line step starts a row. */
export const TIGHT_ROW_STEP_RATIO = 1.02;
/** Header runs narrower than this (points) are fragments ("f -"), not header cells that split a column. */
export const MIN_HEADER_CELL_POINTS = 30;

/**
 * Splits a cell block that touches the rows `rows` (label spans `spans`) into one part per row: each
 * cut between rows i and i+1 goes to the widest gap between consecutive lines that lies between
 * row i's first line and row i+1's last line (cell padding is wider than line spacing), the one
 * nearest the middle of the two labels on a tie.
 */
export function splitBlock(block: readonly PositionedItem[], rows: readonly number[], spans: ReadonlyArray<readonly [number, number]>): PositionedItem[][] {
  const lines = toLines(block);
  const ys = lines.map((l) => l[0]!.y);
  const cuts: number[] = [];
  let from = 1;
  for (let i = 0; i + 1 < rows.length; i++) {
    const [aTop] = spans[rows[i]!]!;
    const [bTop, bBottom] = spans[rows[i + 1]!]!;
    const mid = (spans[rows[i]!]![1] + bTop) / 2;
    let best = -1;
    let bestGap = -1;
    for (let c = from; c < lines.length; c++) {
      if (ys[c]! < aTop || ys[c - 1]! > bBottom) continue;
      const gap = ys[c]! - ys[c - 1]!;
      // On equal gaps: a cut whose next line starts on the next label's first baseline (cells set
      // top-aligned), else the one nearest the middle between the labels.
      const aligned = (x: number) => Math.abs(ys[x]! - bTop) < 0.25 * (lines[x]![0]!.h || 10);
      const distance = (x: number) => Math.abs((ys[x]! + ys[x - 1]!) / 2 - mid);
      const better = best >= 0 && Math.abs(gap - bestGap) < 0.2 && (aligned(c) !== aligned(best) ? aligned(c) : distance(c) < distance(best));
      if (gap > bestGap + 0.2 || better) [best, bestGap] = [c, gap];
    }
    if (best < 0) best = Math.min(lines.length, Math.max(from, ys.findIndex((y) => y > mid)));
    if (best < 0) best = lines.length;
    cuts.push(best);
    from = Math.min(lines.length, best + 1);
  }
  const parts: PositionedItem[][] = [];
  let start = 0;
  for (const c of [...cuts, lines.length]) {
    parts.push(lines.slice(start, Math.max(start, c)).flat());
    start = Math.max(start, c);
  }
  return parts;
}

/**
 * Splits a label block where rows are set as tight as lines: before a line that starts with a
 * capital, sits a little further down than the line step, and shares its baseline with the first
 * line of a cost cell that does not reach the line above.
 */
export function splitAtValueTops(block: PositionedItem[], valueTops: readonly number[], step: number): PositionedItem[][] {
  const lines = toLines(block);
  if (lines.length < 2) return [block];
  const out: PositionedItem[][] = [[...lines[0]!]];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const y = line[0]!.y;
    const prevY = lines[i - 1]![0]!.y;
    const h = line[0]!.h;
    const cut =
      y - prevY > TIGHT_ROW_STEP_RATIO * step &&
      /^\p{Lu}/u.test(cellText(line)) &&
      valueTops.some((t) => Math.abs(t - y) < 0.25 * h);
    if (cut) out.push([]);
    out[out.length - 1]!.push(...line);
  }
  return out;
}



/**
 * Splits a body column that sits under two or more separate header cells (rows of different
 * column widths can hide the gutter between them): at the middle of the gap between the cells.
 * A header run spanning others ("Your Cost If You Use a" over "Plan Provider" and "Non-Plan
 * Provider") does not count.
 */
export function splitByHeaders(ranges: Array<[number, number]>, header: readonly PositionedItem[], body: readonly PositionedItem[]): Array<[number, number]> {
  const spans = header.map((it) => [it.x, it.x + it.w] as const);
  const overlaps = (a: readonly [number, number], b: readonly [number, number]) => Math.min(a[1], b[1]) > Math.max(a[0], b[0]);
  const cells = spans.filter((s) => spans.filter((o) => o !== s && overlaps(s, o) && o[1] - o[0] < s[1] - s[0]).length < 2);
  const out: Array<[number, number]> = [];
  for (const [x0, x1] of ranges) {
    const inside = cells.filter(([a, b]) => (a + b) / 2 >= x0 && (a + b) / 2 <= x1).sort((p, q) => p[0] - q[0]);
    const groups: Array<[number, number]> = [];
    for (const [a, b] of inside) {
      const g = groups[groups.length - 1];
      if (g && a < g[1]) g[1] = Math.max(g[1], b);
      else groups.push([a, b]);
    }
    // Only header cells of a real width split, and only where body runs start on both sides.
    const wide = groups.filter(([a, b]) => b - a >= MIN_HEADER_CELL_POINTS);
    const starts = (a: number, b: number) => body.filter((it) => it.x >= a && it.x < b).length;
    let start = x0;
    for (let i = 1; i < wide.length; i++) {
      const cut = (wide[i - 1]![1] + wide[i]![0]) / 2;
      if (starts(start, cut) < 2 || starts(cut, x1 + 1) < 2) continue;
      out.push([start, cut]);
      start = cut;
    }
    out.push([start, x1]);
  }
  return out;
}

/** Merges adjacent columns of the same role `group`/`notes` into one; value columns stay apart. */
export function mergeRoles(columns: TableColumn[]): { columns: TableColumn[]; index: number[] } {
  const out: TableColumn[] = [];
  const index: number[] = [];
  for (const c of columns) {
    const prev = out[out.length - 1];
    if (prev && prev.role === c.role && c.role !== "value") {
      out[out.length - 1] = { ...prev, x1: c.x1, header: `${prev.header} ${c.header}`.trim() };
    } else if (prev && prev.role === "value" && c.role === "value" && c.header === "") {
      // A value sub-column without its own header belongs to the one on its left.
      out[out.length - 1] = { ...prev, x1: c.x1 };
    } else out.push(c);
    index.push(out.length - 1);
  }
  return { columns: out, index };
}
