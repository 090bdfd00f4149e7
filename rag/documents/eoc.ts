/**
 * The Medicare Advantage EOC's Medical Benefits Chart (CMS model EOC, chapter 4) as records: two
 * columns, "Services that are covered for you" | "What you must pay when you get these services".
 * A service's cell starts with its name on the first line, then its description; the cost cell
 * beside it is the record's `network` value. Paragraphs of a long description that the chart
 * sets as their own rows (no cost cell) join the service above them.
 */
import { cellText, toLines } from "./geometry.ts";
import type { PositionedItem, PositionedPage } from "./positions.ts";
import { readTables, type TableSpec } from "./table.ts";
import type { RecordDraft } from "./types.ts";

/** The chart's header. */
export const EOC_BENEFITS_CHART: TableSpec = { label: /^\s*Services that are covered for you/i };

/** A service name is at most this many characters (longer first lines are description). */
export const MAX_SERVICE_NAME_CHARS = 90;

/** A service heading: a short line on its own, not a sentence ("Ambulance services", "Caregiver training*"). */
function isHeading(text: string, cost: string): boolean {
  return cost === "" && text.length <= MAX_SERVICE_NAME_CHARS && !/[.:;,]$/.test(text) && /^\p{Lu}/u.test(text);
}

/**
 * Splits a label cell into its heading (leading lines in a font the rest of the cell does not
 * use) and the rest. Returns `["", text]` when the cell has no such heading.
 */
function splitHeading(items: readonly PositionedItem[]): [string, string] {
  const lines = toLines(items);
  if (lines.length < 2) return ["", cellText(items)];
  const fontsOf = (line: readonly PositionedItem[]) => new Set(line.map((it) => it.font ?? ""));
  const first = fontsOf(lines[0]!);
  if (first.has("")) return ["", cellText(items)];
  let n = 0;
  while (n < lines.length && [...fontsOf(lines[n]!)].every((f) => first.has(f))) n++;
  const restFonts = new Set(lines.slice(n).flatMap((l) => [...fontsOf(l)]));
  if (n === 0 || n === lines.length || [...first].some((f) => restFonts.has(f))) return ["", cellText(items)];
  const head = cellText(lines.slice(0, n).flat());
  return head.length <= MAX_SERVICE_NAME_CHARS ? [head, cellText(lines.slice(n).flat())] : ["", cellText(items)];
}

const join = (a: string | null, b: string) => ([a, b].filter((x) => x !== null && x !== "").join(" ") || null);

/**
 * Reads the benefits chart's rows into records, in page order: each service heading starts a
 * record; the rows under it (description paragraphs and their cost cells) fill its `limitations`
 * and `network`. "X (continued)" on a later page continues X.
 */
export function eocRecords(pages: readonly PositionedPage[]): RecordDraft[] {
  const out: RecordDraft[] = [];
  let current: RecordDraft | undefined;
  for (const page of pages) {
    for (const table of readTables(page, EOC_BENEFITS_CHART)) {
      const label = table.columns.findIndex((c) => c.role === "label");
      const values = table.columns.map((c, k) => (c.role === "value" ? k : -1)).filter((k) => k >= 0);
      table.rows.forEach((row, r) => {
        const cost = values.map((k) => row.cells[k] ?? "").filter((v) => v !== "").join(" ");
        // A service name set in its own font on the cell's first lines, above its description.
        const [head, rest] = splitHeading(row.items[label] ?? []);
        if (head !== "" && rest !== "") {
          if (current) out.push(current);
          current = { kind: "benefit", section: "Medical Benefits Chart", label: head.replace(/\s*\(continued\)\s*$/i, ""), network: cost || null, outOfNetwork: null, limitations: rest, page: table.page };
          return;
        }
        const text = row.cells[label] ?? "";
        // A heading row may carry the last line of the cost cell above it (rows set tight): a
        // short label in a font the next row's label does not use is a heading all the same.
        const fonts = new Set((row.items[label] ?? []).map((it) => it.font ?? ""));
        const nextFonts = new Set((table.rows[r + 1]?.items[label] ?? []).map((it) => it.font ?? ""));
        const ownFont = !fonts.has("") && nextFonts.size > 0 && [...fonts].every((f) => !nextFonts.has(f));
        if (isHeading(text, ownFont ? "" : cost)) {
          const name = text.replace(/\s*\(continued\)\s*$/i, "");
          if (current && cost !== "") current = { ...current, network: join(current.network, cost) };
          if (current && name !== text && name === current.label) return;
          if (current) out.push(current);
          current = { kind: "benefit", section: "Medical Benefits Chart", label: name, network: null, outOfNetwork: null, limitations: null, page: table.page };
          return;
        }
        if (!current) return;
        current = { ...current, network: join(current.network, cost), limitations: join(current.limitations, text) };
      });
    }
  }
  if (current) out.push(current);
  return out;
}
