/**
 * Source edits to unpdf's pdf.js build for reading text (applied by `textOnlyPdfjsPlugin`,
 * text-only-fonts.ts). Each {@link PdfjsPatch} is a list of exact substitutions applied all or
 * none: when any of its `from` strings does not occur exactly once (another unpdf/pdf.js build)
 * the patch is skipped and that part of pdf.js runs as shipped. Every patch keeps pdf.js's
 * results bit for bit: the same text, text items (`str`, `transform`, widths), blank pages,
 * chunks, vectors and records on all 17 corpus PDFs (`bun bench/ingest-identity.ts`).
 *
 * Where pdf.js's text extraction spends its CPU (`bun --cpu-prof-md`, the 232-page EOC): per
 * glyph, `getTextContent`'s `compareWithLastPosition` and the item's `prevTransform` each call
 * `getCurrentTextTransform`, which built a font-size matrix and two `Util.transform` products
 * (three arrays) — with `Util.transform` ≈ 14 % and `getCurrentTextTransform` ≈ 10 % self of
 * `readPdf`; and `TextState#clone` (on every `q`, `Object.create(this)`) chained each saved state
 * onto the one before, so the text state `getTextContent` reads per glyph had a different
 * prototype after every `q`/`Q` and its property reads stayed polymorphic (`clone` ≈ 6 % self).
 */

/** One all-or-none set of substitutions in pdf.js's source. */
export interface PdfjsPatch {
  readonly name: string;
  readonly edits: readonly (readonly [from: string, to: string])[];
}

/** The TrueType branch of pdf.js's `Font` constructor in unpdf 1.8's build (pdf.js 6.1): repair, then widths. */
export const FONT_REPAIR_CALL = "c=this.checkAndRepair(e,t,n),adjustWidths(n)";

/** What {@link FONT_REPAIR_CALL} becomes: no font program (`Font#data` null), widths adjusted as before. */
export const FONT_REPAIR_SKIPPED = "c=null,adjustWidths(n)";

/** `getTextContent`'s text-space transform as shipped: `ctm × (textMatrix × [fontSize·hScale, 0, 0, fontSize, 0, rise])`. */
const TEXT_TRANSFORM =
  "function getCurrentTextTransform(){let e=j.font,t=[j.fontSize*j.textHScale,0,0,j.fontSize,0,j.textRise];if(e.isType3Font&&(j.fontSize<=1||e.isCharBBox)&&!isArrayEqual(j.fontMatrix,r)){let n=e.bbox[3]-e.bbox[1];n>0&&(t[3]*=n*j.fontMatrix[3])}return Util$1.transform(j.ctm,Util$1.transform(j.textMatrix,t))}";

/**
 * The same products written out with the same operands in the same order (`x*0` terms kept, so
 * signed zeros and NaNs come out as before), one array instead of three; with an argument it
 * writes into that array (`compareWithLastPosition` reads the transform and drops it: it uses
 * one scratch array per `getTextContent` call).
 */
const TEXT_TRANSFORM_SCALAR =
  "var __navTT=[0,0,0,0,0,0];function getCurrentTextTransform(o){let e=j.font,a=j.fontSize*j.textHScale,d=j.fontSize,f=j.textRise;if(e.isType3Font&&(j.fontSize<=1||e.isCharBBox)&&!isArrayEqual(j.fontMatrix,r)){let n=e.bbox[3]-e.bbox[1];n>0&&(d*=n*j.fontMatrix[3])}" +
  "let m=j.textMatrix,c=j.ctm,i0=m[0]*a+m[2]*0,i1=m[1]*a+m[3]*0,i2=m[0]*0+m[2]*d,i3=m[1]*0+m[3]*d,i4=m[0]*0+m[2]*f+m[4],i5=m[1]*0+m[3]*f+m[5],t0=c[0]*i0+c[2]*i1,t1=c[1]*i0+c[3]*i1,t2=c[0]*i2+c[2]*i3,t3=c[1]*i2+c[3]*i3,t4=c[0]*i4+c[2]*i5+c[4],t5=c[1]*i4+c[3]*i5+c[5];" +
  "if(o)return o[0]=t0,o[1]=t1,o[2]=t2,o[3]=t3,o[4]=t4,o[5]=t5,o;return[t0,t1,t2,t3,t4,t5]}";

/** The patches, in the order applied. */
export const PDFJS_TEXT_PATCHES: readonly PdfjsPatch[] = [
  // text-only-fonts.ts: the TrueType program repair only drawing needs.
  { name: "font-repair", edits: [[FONT_REPAIR_CALL, FONT_REPAIR_SKIPPED]] },
  {
    name: "text-transform",
    edits: [
      [TEXT_TRANSFORM, TEXT_TRANSFORM_SCALAR],
      ["function compareWithLastPosition(e){let t=getCurrentTextTransform(),", "function compareWithLastPosition(e){let t=getCurrentTextTransform(__navTT),"],
    ],
  },
  {
    // A saved text state is a copy of every field of the current one (all own properties, as
    // `Object.assign` copied them before) on TextState's prototype, not on the state it copies.
    name: "text-state-clone",
    edits: [[
      "clone(){let e=Object.assign(Object.create(this),this);return e.textMatrix=this.textMatrix.slice(),e.textLineMatrix",
      "clone(){let e=Object.assign(Object.create(this.constructor.prototype),this);return e.textMatrix=this.textMatrix.slice(),e.textLineMatrix",
    ]],
  },
];

/** Number of times `needle` occurs in `source` (non-overlapping). */
function occurrences(source: string, needle: string): number {
  let n = 0;
  for (let at = source.indexOf(needle); at >= 0; at = source.indexOf(needle, at + needle.length)) n++;
  return n;
}

/**
 * `source` with every patch of `patches` whose `from` strings each occur exactly once applied
 * (in order, each edit on the result of the one before), and the names of those applied.
 */
export function applyPdfjsPatches(source: string, patches: readonly PdfjsPatch[] = PDFJS_TEXT_PATCHES): { source: string; applied: string[] } {
  const applied: string[] = [];
  let out = source;
  for (const patch of patches) {
    if (!patch.edits.every(([from]) => occurrences(out, from) === 1)) continue;
    for (const [from, to] of patch.edits) {
      const at = out.indexOf(from);
      out = out.slice(0, at) + to + out.slice(at + from.length);
    }
    applied.push(patch.name);
  }
  return { source: out, applied };
}
