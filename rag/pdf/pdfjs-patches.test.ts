import { describe, expect, test } from "bun:test";
import { applyPdfjsPatches, PDFJS_TEXT_PATCHES } from "./pdfjs-patches.ts";

describe("applyPdfjsPatches", () => {
  test("applies every patch to the installed unpdf build (an upgrade that moves a pattern fails here)", async () => {
    const source = await Bun.file(Bun.resolveSync("unpdf/pdfjs", import.meta.dir)).text();
    const { source: patched, applied } = applyPdfjsPatches(source);
    expect(applied).toEqual(PDFJS_TEXT_PATCHES.map((p) => p.name));
    for (const p of PDFJS_TEXT_PATCHES) for (const [from, to] of p.edits) {
      expect(patched.includes(from)).toBe(false);
      expect(patched.includes(to)).toBe(true);
    }
  });

  test("a patch is applied whole or not at all", () => {
    const patches = [
      { name: "both", edits: [["A1", "a1"], ["B1", "b1"]] as const },
      { name: "half-missing", edits: [["C1", "c1"], ["D1", "d1"]] as const },
      { name: "twice", edits: [["E1", "e1"]] as const },
    ];
    const { source, applied } = applyPdfjsPatches("A1 B1 C1 E1 E1", patches);
    expect(applied).toEqual(["both"]);
    expect(source).toBe("a1 b1 C1 E1 E1");
  });

  test("the text transform written out equals pdf.js's two Util.transform products bit for bit", () => {
    const transform = (e: ArrayLike<number>, t: ArrayLike<number>) => [e[0]! * t[0]! + e[2]! * t[1]!, e[1]! * t[0]! + e[3]! * t[1]!, e[0]! * t[2]! + e[2]! * t[3]!, e[1]! * t[2]! + e[3]! * t[3]!, e[0]! * t[4]! + e[2]! * t[5]! + e[4]!, e[1]! * t[4]! + e[3]! * t[5]! + e[5]!];
    const [, scalar] = PDFJS_TEXT_PATCHES.find((p) => p.name === "text-transform")!.edits[0]!;
    const cases = [
      { ctm: new Float32Array([1, 0, 0, 1, 0, 0]), tm: [1, 0, 0, 1, 72.5, 700.25], size: 9.96, h: 1, rise: 0 },
      { ctm: [0, -1, 1, 0, 0, 792], tm: [-0, 1, -1, -0, 10, 20], size: 11, h: 0.85, rise: -2 },
      { ctm: [2.5, 0.1, -0.3, 2.5, -5, 3], tm: [1e-9, -0, 0, -1, Number.MAX_VALUE, 1], size: 0.5, h: 1.25, rise: 3 },
    ];
    for (const c of cases) {
      const j = { font: { isType3Font: false }, fontSize: c.size, textHScale: c.h, textRise: c.rise, textMatrix: c.tm, ctm: c.ctm };
      const build = new Function("j", "r", "isArrayEqual", "Util$1", `${scalar}return [getCurrentTextTransform(), getCurrentTextTransform(__navTT)];`);
      const [fresh, scratch] = build(j, [0.001, 0, 0, 0.001, 0, 0], () => true, undefined) as number[][];
      const expected = transform(c.ctm, transform(c.tm, [c.size * c.h, 0, 0, c.size, 0, c.rise]));
      for (const got of [fresh!, scratch!]) expect(got.map((x) => Object.is(x, -0) ? "-0" : x)).toEqual(expected.map((x) => Object.is(x, -0) ? "-0" : x));
    }
  });
});
