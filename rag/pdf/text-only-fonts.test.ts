import { describe, expect, test } from "bun:test";
import { FONT_REPAIR_CALL, FONT_REPAIR_SKIPPED, PDFJS_MODULE_FILTER, withoutFontRepair } from "./text-only-fonts.ts";

describe("withoutFontRepair", () => {
  test("finds the TrueType repair once in the installed unpdf build (an upgrade that moves it fails here)", async () => {
    const path = Bun.resolveSync("unpdf/pdfjs", import.meta.dir);
    expect(PDFJS_MODULE_FILTER.test(path)).toBe(true);
    const source = await Bun.file(path).text();
    const rewritten = withoutFontRepair(source);
    expect(rewritten).not.toBeNull();
    expect(rewritten!.includes(FONT_REPAIR_CALL)).toBe(false);
    expect(rewritten!.length).toBe(source.length - FONT_REPAIR_CALL.length + FONT_REPAIR_SKIPPED.length);
  });

  test("leaves a source alone unless the call occurs exactly once", () => {
    expect(withoutFontRepair("let a=1;")).toBeNull();
    expect(withoutFontRepair(`${FONT_REPAIR_CALL};${FONT_REPAIR_CALL}`)).toBeNull();
    expect(withoutFontRepair(`x;${FONT_REPAIR_CALL};y`)).toBe(`x;${FONT_REPAIR_SKIPPED};y`);
  });
});
