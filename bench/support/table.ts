/** Bench output: a plain-text table for people, or JSON (`--json`) for machines. */
import { percentile } from "../../runtime/stats.ts";

export { percentile };

/** True when the bench was started with `--json`. */
export const wantsJson = (argv: readonly string[] = process.argv): boolean => argv.includes("--json");

/** Prints `rows` as an aligned table under `title` (numbers right-aligned). */
export function printTable(title: string, rows: readonly Record<string, string | number>[]): void {
  console.log(`\n${title}`);
  if (rows.length === 0) return void console.log("(no rows)");
  const cols = Object.keys(rows[0]!);
  const cell = (v: string | number | undefined) => (typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : (v ?? ""));
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: (string | number | undefined)[]) =>
    vals.map((v, i) => (typeof v === "number" ? cell(v).padStart(width[i]!) : cell(v).padEnd(width[i]!))).join("  ");
  console.log(line(cols));
  console.log(width.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(cols.map((c) => r[c])));
}

/** Median of `values`. */
export const median = (values: readonly number[]) => percentile(values, 50);

/** Resident set size of this process, MiB. */
export const rssMiB = () => Math.round(process.memoryUsage().rss / 1024 / 1024);
