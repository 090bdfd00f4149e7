/**
 * The shapes of table reading (./table.ts): what identifies a kind of table, and the columns and
 * rows read from a page.
 */
import type { PositionedItem } from "./positions.ts";

/** What identifies one kind of table on a page. */
export interface TableSpec {
  /** Matches a header run of the label column ("Services You May Need", "Important Questions"). */
  readonly label: RegExp;
  /** Matches the header run of the trailing notes column ("Limitations …", "Why this Matters"); absent: none. */
  readonly notes?: RegExp;
  /**
   * When set, a label cell ends with a line matching this (the SBC's questions end with "?"): label
   * lines are split into rows by it instead of by spacing, which some forms set too tight to tell.
   */
  readonly labelEnd?: RegExp;
  /** The header is one line (the anchor's): nothing below the anchor's baseline belongs to it. */
  readonly singleLineHeader?: boolean;
  /** A run whose text matches this ends the table (a following section's heading). */
  readonly end?: RegExp;
}

/** One column of a read table. */
export interface TableColumn {
  readonly x0: number;
  readonly x1: number;
  readonly role: "group" | "label" | "value" | "notes";
  /** Header text above the column ("" when none). */
  readonly header: string;
}

/** One row: cell text per column (same order as {@link ReadTable.columns}); `""` for an empty cell. */
export interface TableRow {
  readonly cells: readonly string[];
  /** The runs of each cell (same order as `cells`). */
  readonly items: readonly (readonly PositionedItem[])[];
  /** Top baseline of the row (points from the page top), for ordering. */
  readonly y: number;
}

/** A table read from one page. */
export interface ReadTable {
  readonly page: number;
  readonly columns: readonly TableColumn[];
  readonly rows: readonly TableRow[];
}
