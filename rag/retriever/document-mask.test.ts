import { describe, expect, test } from "bun:test";
import type { UnitIndex } from "../bm25/index.ts";
import { createDocumentMasks } from "./document-mask.ts";

describe("createDocumentMasks", () => {
  test("a unit passes exactly when its document is kept, whatever the units' order", () => {
    const docs = ["d1", "d2", "d1", "d3", "d2", "d3", "d1"];
    const index = { units: docs.map((documentId, i) => ({ chunkId: `c${i}`, documentId })) } as unknown as UnitIndex;
    const masks = createDocumentMasks();
    for (const keep of [["d1"], ["d2", "d3"], [], ["d1", "d2", "d3"], ["other"]]) {
      const mask = masks(index, new Set(keep));
      expect(docs.map((_, u) => mask(u))).toEqual(docs.map((d) => keep.includes(d)));
    }
  });
});
