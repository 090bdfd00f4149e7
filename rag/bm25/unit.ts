/** A BM25 unit (a stored chunk) and its document's title words, shared by the index and the router. */
import type { RetrievedChunk } from "../types.ts";

/**
 * What the unit index is built from: a stored chunk without a similarity, or a structure record
 * (rag/documents: an SBC or EOC table row, a definition) whose `text` is its value-first line
 * (`recordText`), `pageStart` = `pageEnd` = its page, and `label` its question, service or term
 * (indexed as a field of its own) and `plan` its document's plan name (indexed with the title: a
 * chunk carries the plan name in its running headers, a record's line does not). Chunks have
 * neither.
 */
export type StoredUnit = Omit<RetrievedChunk, "score" | "similarity"> & { readonly label?: string; readonly plan?: string };

/**
 * Ordinal of a record unit: negative (never a chunk's) and two apart, so no two units are
 * neighbours for the synthesizer's passage joining (ordinal ± 1).
 * @param ord the record's 0-based position in its document's table order
 */
export function recordUnitOrdinal(ord: number): number {
  return -2 * (ord + 1);
}

/**
 * Words of a file name: separators and camelCase split ("SBC_BlueShield.pdf" → "SBC Blue Shield BlueShield").
 * @param filename a document's file name
 */
export function titleText(filename: string): string {
  const base = filename.replace(/\.[a-z0-9]{2,4}$/i, "");
  const spaced = base.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/([A-Za-z])(\d)/g, "$1 $2").replace(/[_\-.]+/g, " ");
  return `${spaced} ${base.replace(/[_\-.]+/g, " ")}`;
}
