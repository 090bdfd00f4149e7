/**
 * Document filters over a unit index as typed-array reads: the BM25 search asks its filter once
 * per matching unit, and a set lookup of the unit's document id string per call cost more than
 * the search's own arithmetic on the EOC.
 */
import type { UnitIndex } from "../bm25/index.ts";

/**
 * Creates the filter maker: `(index, documentIds)` → whether unit `u` of `index` belongs to one of
 * `documentIds`. Each index's units are numbered by document once (an Int32Array of one entry per
 * unit, dropped with the index: a WeakMap); each call then costs one byte per document.
 */
export function createDocumentMasks(): (index: UnitIndex, documentIds: ReadonlySet<string>) => (u: number) => boolean {
  const unitDocuments = new WeakMap<UnitIndex, { ids: Map<string, number>; of: Int32Array }>();
  return (index, documentIds) => {
    let docs = unitDocuments.get(index);
    if (!docs) {
      const ids = new Map<string, number>();
      const of = new Int32Array(index.units.length);
      index.units.forEach((unit, u) => {
        let d = ids.get(unit.documentId);
        if (d === undefined) ids.set(unit.documentId, (d = ids.size));
        of[u] = d;
      });
      unitDocuments.set(index, (docs = { ids, of }));
    }
    const kept = new Uint8Array(docs.ids.size);
    for (const [id, d] of docs.ids) if (documentIds.has(id)) kept[d] = 1;
    const of = docs.of;
    return (u) => kept[of[u]!] === 1;
  };
}
