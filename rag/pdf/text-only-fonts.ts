/**
 * pdf.js loaded for reading text: without the repair of embedded TrueType font programs.
 *
 * When pdf.js loads a font with an embedded TrueType program (`FontFile2`) it parses and rewrites
 * that program (`Font#checkAndRepair`: glyf/loca/cmap/OS/2/post sanitised so that a browser's font
 * loader accepts it), because its API is made to render. Text extraction uses none of it: a
 * glyph's text comes from the PDF's `ToUnicode` map or encoding and its width from the font
 * dictionary's `Widths`/`W` (`Font#_charToGlyph`); the repair only yields the glyph ids drawing
 * uses (`toFontChar`), the program a browser would load, and the rendered font's ascent/descent
 * (`TextContent.styles`, which nothing here reads). PDFs that embed a font subset per page repeat
 * it page after page: the 232-page SCAN EOC has 349 `ArialMT` font dictionaries on one
 * descriptor, each with widths of its own, so pdf.js cannot share one load between them; the
 * repairs were ~14 % of the CPU of preparing it (parse, structure, chunks, embedding).
 *
 * {@link textOnlyPdfjsPlugin} rewrites unpdf's pdf.js build as it is imported (a Bun runtime
 * plugin) so that the TrueType branch skips the repair; everything else of pdf.js is unchanged.
 * Pages' text, text items, blank pages, chunks, vectors and records are identical on all corpus
 * PDFs (`bun bench/ingest-identity.ts`). Where the pattern is not found (another unpdf build) or
 * modules are bundled ahead of time (`bun build --compile`), stock pdf.js runs: the same text,
 * slower. Server-side nothing renders with pdf.js (OCR renders with poppler, `rag/ocr`).
 */
import type { BunPlugin } from "bun";
import { applyPdfjsPatches, FONT_REPAIR_CALL, FONT_REPAIR_SKIPPED } from "./pdfjs-patches.ts";

/** unpdf's bundled pdf.js module (`unpdf/pdfjs`), the one module the plugin rewrites. */
export const PDFJS_MODULE_FILTER = /[\\/]unpdf[\\/]dist[\\/]pdfjs\.mjs$/;

export { FONT_REPAIR_CALL, FONT_REPAIR_SKIPPED } from "./pdfjs-patches.ts";

/**
 * pdf.js's source with the TrueType repair skipped, or null when {@link FONT_REPAIR_CALL} does
 * not occur exactly once (another build: keep it as it is).
 */
export function withoutFontRepair(source: string): string | null {
  const at = source.indexOf(FONT_REPAIR_CALL);
  if (at < 0 || source.indexOf(FONT_REPAIR_CALL, at + 1) >= 0) return null;
  return source.slice(0, at) + FONT_REPAIR_SKIPPED + source.slice(at + FONT_REPAIR_CALL.length);
}

/**
 * A Bun plugin that loads unpdf's pdf.js with the text-extraction patches of pdfjs-patches.ts
 * (the font repair skipped as {@link withoutFontRepair} does, the per-glyph text transform and
 * the text state's copy on `q` made cheaper); a patch whose pattern is not found is left out.
 */
export function textOnlyPdfjsPlugin(): BunPlugin {
  return {
    name: "navigator-pdfjs-text-only",
    setup(build) {
      build.onLoad({ filter: PDFJS_MODULE_FILTER }, async (args) => {
        const source = await Bun.file(args.path).text();
        return { contents: applyPdfjsPatches(source).source, loader: "js" };
      });
    },
  };
}

/** Bun keeps runtime plugins per thread (VM); this marks a thread whose registry has ours. */
const REGISTERED = Symbol.for("navigator.pdfjs-text-only");

/**
 * Registers {@link textOnlyPdfjsPlugin} in this thread once (later calls do nothing). Call it
 * before pdf.js is first imported in the thread (unpdf imports it lazily, on the first document
 * opened); after that it changes nothing.
 */
export function useTextOnlyPdfjs(): void {
  const marks = globalThis as { [REGISTERED]?: boolean };
  if (marks[REGISTERED]) return;
  marks[REGISTERED] = true;
  Bun.plugin(textOnlyPdfjsPlugin());
}
