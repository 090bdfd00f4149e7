/** Geometry helpers of the table reader: lines, bands, line steps, gutters, cell text. */
import type { PositionedItem } from "./positions.ts";

/** A baseline step larger than this multiple of the table's usual line step separates two rows. */
export const ROW_BREAK_STEP_RATIO = 1.08;
/** White vertical gutters narrower than this (points) are word gaps, not column gutters. */
export const MIN_GUTTER_POINTS = 4;

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** Joins runs into reading text: lines by baseline, runs left to right, then whitespace collapsed. */
export function cellText(items: readonly PositionedItem[]): string {
  const sorted = [...items].sort((a, b) => a.y - b.y || a.x - b.x);
  const lines: PositionedItem[][] = [];
  for (const it of sorted) {
    const line = lines[lines.length - 1];
    if (line && Math.abs(line[0]!.y - it.y) < 0.35 * Math.min(line[0]!.h, it.h)) line.push(it);
    else lines.push([it]);
  }
  return lines
    .map((l) =>
      l
        .sort((a, b) => a.x - b.x)
        // A visible gap between runs is a space; touching runs are one word (pdf.js splits words at font changes).
        .map((it, i) => (i > 0 && it.x - (l[i - 1]!.x + l[i - 1]!.w) > 0.15 * it.h ? ` ${it.str}` : it.str))
        .join(""),
    )
    .join(" ")
    .replace(/[–—-]{3,}\s*([^–—-]*?)\s*[–—-]{3,}/g, "— $1 —")
    .replace(/\s+/g, " ")
    .replace(/ ([,.;:])/g, "$1")
    .trim();
}

/** Groups runs into bands: a run starts a new band when its baseline is far below the band's lowest one. */
export function bands(items: readonly PositionedItem[], step: number): PositionedItem[][] {
  const sorted = [...items].sort((a, b) => a.y - b.y || a.x - b.x);
  const out: PositionedItem[][] = [];
  let last = Number.NEGATIVE_INFINITY;
  for (const it of sorted) {
    if (out.length === 0 || it.y - last > ROW_BREAK_STEP_RATIO * step) out.push([]);
    out[out.length - 1]!.push(it);
    last = Math.max(last, it.y);
  }
  return out;
}

/** The usual baseline step between consecutive lines of the same column. */
export function lineStep(items: readonly PositionedItem[]): number {
  const byX = new Map<number, number[]>();
  for (const it of items) {
    const key = Math.round(it.x / 4);
    const ys = byX.get(key) ?? [];
    ys.push(it.y);
    byX.set(key, ys);
  }
  const steps: number[] = [];
  const h = median(items.map((i) => i.h));
  for (const ys of byX.values()) {
    ys.sort((a, b) => a - b);
    for (let i = 1; i < ys.length; i++) {
      const d = ys[i]! - ys[i - 1]!;
      if (d > 0.6 * h && d < 2 * h) steps.push(d);
    }
  }
  // The lower quartile: most steps inside cells are the plain line step; row gaps only add to it.
  steps.sort((a, b) => a - b);
  const q = steps[Math.floor(steps.length / 4)];
  return q === undefined ? 1.2 * h : q;
}

/** Column ranges from the white vertical gutters of `items`. */
export function gutterColumns(items: readonly PositionedItem[], width: number): Array<[number, number]> {
  const size = Math.ceil(width) + 2;
  const cover = new Uint16Array(size);
  for (const it of items) {
    const a = Math.max(0, Math.floor(it.x));
    const b = Math.min(size - 1, Math.ceil(it.x + it.w));
    for (let x = a; x < b; x++) cover[x]!++;
  }
  const cols: Array<[number, number]> = [];
  let start = -1;
  let gap = 0;
  for (let x = 0; x < size; x++) {
    if (cover[x]! > 0) {
      if (start < 0) start = x;
      else if (gap > 0 && gap < MIN_GUTTER_POINTS) {
        /* a word gap: same column */
      } else if (gap > 0) {
        cols.push([start, x - gap]);
        start = x;
      }
      gap = 0;
    } else if (start >= 0) gap++;
  }
  if (start >= 0) cols.push([start, size - 1 - gap]);
  return cols;
}

export function toLines(items: readonly PositionedItem[]): PositionedItem[][] {
  const lines: PositionedItem[][] = [];
  for (const it of [...items].sort((a, b) => a.y - b.y || a.x - b.x)) {
    const line = lines[lines.length - 1];
    if (line && Math.abs(line[0]!.y - it.y) < 0.35 * it.h) line.push(it);
    else lines.push([it]);
  }
  return lines;
}

/** Lines of `items` (by baseline), a new group starting after each line whose text matches `end`. */
export function splitAfter(items: readonly PositionedItem[], end: RegExp): PositionedItem[][] {
  const lines: PositionedItem[][] = [];
  for (const it of [...items].sort((a, b) => a.y - b.y || a.x - b.x)) {
    const line = lines[lines.length - 1];
    if (line && Math.abs(line[0]!.y - it.y) < 0.35 * it.h) line.push(it);
    else lines.push([it]);
  }
  const out: PositionedItem[][] = [];
  let open = false;
  for (const line of lines) {
    if (!open) out.push([]);
    out[out.length - 1]!.push(...line);
    open = !end.test(cellText(line));
  }
  return out;
}
