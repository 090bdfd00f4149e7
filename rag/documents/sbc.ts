/**
 * The US Summary of Benefits and Coverage as records. Every SBC follows the uniform template
 * (45 CFR 147.200; CMS/DOL SBC template and instructions): page 1 holds the "Important Questions"
 * table (question | answer | why this matters), then the benefits grid (Common Medical Event |
 * Services You May Need | what you pay in network | out of network | Limitations & Exceptions),
 * its header repeated on every page, until "Excluded Services & Other Covered Services".
 */
import type { PositionedPage } from "./positions.ts";
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

/**
 * Reads an SBC's "Important Questions" and benefits grid into records, in page order.
 * A row whose label cell is empty (a cell continued from the previous page) is dropped.
 */
export function sbcRecords(pages: readonly PositionedPage[]): RecordDraft[] {
  const out: RecordDraft[] = [];
  for (const page of pages) {
    for (const t of readTables(page, SBC_QUESTIONS_TABLE)) out.push(...tableRecords(t, "question", "Important Questions"));
    for (const t of readTables(page, SBC_BENEFITS_TABLE)) out.push(...tableRecords(t, "benefit", null));
  }
  return out;
}
