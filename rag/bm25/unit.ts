/** A BM25 unit (a stored chunk) and its document's title words, shared by the index and the router. */
import type { RetrievedChunk } from "../types.ts";

/** A stored chunk without a similarity: what the unit index is built from. */
export type StoredUnit = Omit<RetrievedChunk, "score" | "similarity">;

/**
 * Words of a file name: separators and camelCase split ("SBC_BlueShield.pdf" → "SBC Blue Shield BlueShield").
 * @param filename a document's file name
 */
export function titleText(filename: string): string {
  const base = filename.replace(/\.[a-z0-9]{2,4}$/i, "");
  const spaced = base.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/([A-Za-z])(\d)/g, "$1 $2").replace(/[_\-.]+/g, " ");
  return `${spaced} ${base.replace(/[_\-.]+/g, " ")}`;
}
