/**
 * Image-only PDFs for OCR tests: `pdftoppm` rasterises pages of a real PDF to JPEG, and
 * {@link buildImagePdf} writes a new PDF whose pages are just those images (no text layer), as a
 * scanner would.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A JPEG and its size in pixels. */
export interface JpegPage {
  readonly jpeg: Uint8Array;
  readonly widthPx: number;
  readonly heightPx: number;
}

/** Width and height of a baseline or progressive JPEG, from its SOF marker. @throws Error when none. */
export function jpegSize(jpeg: Uint8Array): { widthPx: number; heightPx: number } {
  for (let i = 2; i + 9 < jpeg.length; ) {
    if (jpeg[i] !== 0xff) throw new Error("not a JPEG marker sequence");
    const marker = jpeg[i + 1]!;
    const len = (jpeg[i + 2]! << 8) | jpeg[i + 3]!;
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { heightPx: (jpeg[i + 5]! << 8) | jpeg[i + 6]!, widthPx: (jpeg[i + 7]! << 8) | jpeg[i + 8]! };
    }
    i += 2 + len;
  }
  throw new Error("JPEG has no SOF marker");
}

/**
 * Writes a PDF with one page per JPEG, each image filling a page of `dpi` resolution
 * (page size = pixels × 72 / dpi points). Grayscale JPEGs use DeviceGray, others DeviceRGB.
 */
export function buildImagePdf(pages: readonly JpegPage[], dpi: number): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (b: Uint8Array | string) => {
    const bytes = typeof b === "string" ? enc.encode(b) : b;
    parts.push(bytes);
    length += bytes.length;
  };
  push("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
  const n = pages.length;
  // Objects: 1 catalog, 2 pages, then per page: page, image, content.
  const obj = (id: number, body: () => void) => {
    offsets[id] = length;
    push(`${id} 0 obj\n`);
    body();
    push("\nendobj\n");
  };
  obj(1, () => push("<< /Type /Catalog /Pages 2 0 R >>"));
  obj(2, () => push(`<< /Type /Pages /Count ${n} /Kids [${pages.map((_, i) => `${3 + 3 * i} 0 R`).join(" ")}] >>`));
  pages.forEach((p, i) => {
    const w = (p.widthPx * 72) / dpi;
    const h = (p.heightPx * 72) / dpi;
    const [pageId, imgId, contentId] = [3 + 3 * i, 4 + 3 * i, 5 + 3 * i];
    obj(pageId, () =>
      push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w.toFixed(2)} ${h.toFixed(2)}] /Resources << /XObject << /Im0 ${imgId} 0 R >> >> /Contents ${contentId} 0 R >>`),
    );
    const gray = p.jpeg.length > 0 && isGrayJpeg(p.jpeg);
    obj(imgId, () => {
      push(`<< /Type /XObject /Subtype /Image /Width ${p.widthPx} /Height ${p.heightPx} /ColorSpace /${gray ? "DeviceGray" : "DeviceRGB"} /BitsPerComponent 8 /Filter /DCTDecode /Length ${p.jpeg.length} >>\nstream\n`);
      push(p.jpeg);
      push("\nendstream");
    });
    const content = `q ${w.toFixed(2)} 0 0 ${h.toFixed(2)} 0 0 cm /Im0 Do Q`;
    obj(contentId, () => push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`));
  });
  const xref = length;
  const total = 3 + 3 * n;
  push(`xref\n0 ${total}\n0000000000 65535 f \n`);
  for (let id = 1; id < total; id++) push(`${String(offsets[id]).padStart(10, "0")} 00000 n \n`);
  push(`trailer\n<< /Size ${total} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function isGrayJpeg(jpeg: Uint8Array): boolean {
  for (let i = 2; i + 9 < jpeg.length; ) {
    const marker = jpeg[i + 1]!;
    const len = (jpeg[i + 2]! << 8) | jpeg[i + 3]!;
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) return jpeg[i + 9] === 1;
    i += 2 + len;
  }
  return false;
}

/**
 * Rasterises pages `first`..`last` of the PDF at `path` with `pdftoppm -gray -jpeg` at `dpi` and
 * rebuilds them as an image-only PDF.
 * @throws Error when pdftoppm is missing or fails
 */
export async function rasterisePdf(path: string, first: number, last: number, dpi = 150): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), "navigator-raster-"));
  try {
    const proc = Bun.spawn(["pdftoppm", "-r", String(dpi), "-f", String(first), "-l", String(last), "-gray", "-jpeg", path, join(dir, "p")], { stderr: "pipe" });
    if ((await proc.exited) !== 0) throw new Error(`pdftoppm failed: ${await new Response(proc.stderr).text()}`);
    const files = (await readdir(dir)).filter((f) => f.endsWith(".jpg")).sort();
    const pages: JpegPage[] = [];
    for (const f of files) {
      const jpeg = new Uint8Array(await Bun.file(join(dir, f)).arrayBuffer());
      pages.push({ jpeg, ...jpegSize(jpeg) });
    }
    return buildImagePdf(pages, dpi);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
