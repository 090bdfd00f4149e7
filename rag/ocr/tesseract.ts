/**
 * OCR of PDF pages without a text layer: poppler's `pdftoppm` renders a page to a grayscale PNG,
 * Debian's `tesseract` (5.x, English data from `tesseract-ocr-eng`) reads it and returns words with
 * their boxes (TSV output), which become page text and positioned runs for the table reader.
 *
 * Why the native programs rather than tesseract.js: they need no worker, core or language data to
 * be located at run time (nothing to download or misconfigure offline), the native engine is faster
 * than its WebAssembly build, and poppler is already the reference renderer our tests check text with.
 * `.ci/run` installs `poppler-utils`, `tesseract-ocr` and `tesseract-ocr-eng`.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PositionedItem, PositionedPage } from "../documents/positions.ts";
import { OcrError } from "./errors.ts";

/** Rendering resolution: 150 dpi reads the SBCs' 8–12 pt print (Kaiser page 1 read with every amount right); ~2.6 s CPU per page. */
export const DEFAULT_OCR_DPI = 150;
/** Per page, rendering plus recognition together must finish within this (milliseconds). */
export const DEFAULT_OCR_PAGE_TIMEOUT_MS = 60_000;
/** Tesseract language data used. */
export const DEFAULT_OCR_LANGUAGE = "eng";
/** PDF points per inch (PDF 1.7 §8.3.2.3): pixel → point is `px * 72 / dpi`. */
const POINTS_PER_INCH = 72;

/** One OCR'd page: its text (lines `\n`, paragraphs `\n\n`) and its words with positions in points. */
export interface OcrPage extends PositionedPage {
  readonly text: string;
}

/** Reads pages of a PDF by OCR. */
export interface OcrEngine {
  /** Value of the document's `parser` for pages it read: `"ocr"`. */
  readonly name: string;
  /**
   * OCRs the given 1-based pages of `bytes`, in order; `onPage(done, total)` after each.
   * @throws OcrError (`ocr_failed`) when a program is missing, fails or times out on a page.
   */
  readPages(bytes: Uint8Array, pages: readonly number[], onPage?: (done: number, total: number) => Promise<void> | void): Promise<OcrPage[]>;
}

/** Options of {@link createTesseractOcr}. */
export interface TesseractOptions {
  readonly dpi?: number;
  readonly language?: string;
  readonly pageTimeoutMs?: number;
  /** Program paths; default found on PATH. */
  readonly tesseractPath?: string;
  readonly pdftoppmPath?: string;
}

/** True when both programs are installed. */
export function tesseractAvailable(options: Pick<TesseractOptions, "tesseractPath" | "pdftoppmPath"> = {}): boolean {
  return Bun.which(options.tesseractPath ?? "tesseract") !== null && Bun.which(options.pdftoppmPath ?? "pdftoppm") !== null;
}

async function run(cmd: string[], timeoutMs: number): Promise<string> {
  const proc = Bun.spawn(cmd, { stdout: "pipe", stderr: "pipe", env: { ...process.env, OMP_THREAD_LIMIT: "1" } });
  const timer = setTimeout(() => proc.kill(), timeoutMs);
  try {
    const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    if (code !== 0) throw new OcrError(`${cmd[0]} exited with ${code}${proc.signalCode ? ` (${proc.signalCode}, after ${timeoutMs} ms?)` : ""}: ${err.trim().slice(0, 300)}`);
    return out;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Turns tesseract's TSV (level 5 rows are words: left, top, width, height in pixels) into page text
 * and positioned words. Baselines are approximated by the bottom of the word's line box.
 */
export function parseTesseractTsv(tsv: string, page: number, dpi: number, sizePx: { width: number; height: number }): OcrPage {
  const scale = POINTS_PER_INCH / dpi;
  const lines = new Map<string, { words: string[]; bottom: number; height: number; par: string }>();
  const words: Array<{ key: string; left: number; width: number; text: string }> = [];
  for (const row of tsv.split("\n").slice(1)) {
    const f = row.split("\t");
    if (f.length < 12) continue;
    const [level, , block, par, line, , left, top, width, height, conf, text = ""] = f;
    const key = `${block}.${par}.${line}`;
    if (level === "4") lines.set(key, { words: [], bottom: Number(top) + Number(height), height: Number(height), par: `${block}.${par}` });
    if (level === "5" && text.trim() !== "" && Number(conf) >= 0) {
      lines.get(key)?.words.push(text);
      words.push({ key, left: Number(left), width: Number(width), text });
    }
  }
  let out = "";
  let lastPar = "";
  for (const l of lines.values()) {
    if (l.words.length === 0) continue;
    if (out !== "") out += l.par === lastPar ? "\n" : "\n\n";
    out += l.words.join(" ");
    lastPar = l.par;
  }
  // Words of a line closer than half the line height are one run (as a PDF's text layer would
  // have them): table headers such as "Important Questions" are found as runs.
  const items: PositionedItem[] = [];
  let prev: { key: string; right: number } | undefined;
  for (const w of words) {
    const l = lines.get(w.key)!;
    const last = items[items.length - 1];
    if (last && prev?.key === w.key && w.left - prev.right < 0.5 * l.height) {
      items[items.length - 1] = { ...last, str: `${last.str} ${w.text}`, w: (w.left + w.width) * scale - last.x };
    } else {
      items.push({ str: w.text, x: w.left * scale, y: l.bottom * scale, w: w.width * scale, h: Math.max(1, l.height * scale) });
    }
    prev = { key: w.key, right: w.left + w.width };
  }
  return { page, width: sizePx.width * scale, height: sizePx.height * scale, items, text: out };
}

function pngSize(png: Uint8Array): { width: number; height: number } {
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return png.byteLength >= 24 ? { width: v.getUint32(16), height: v.getUint32(20) } : { width: 0, height: 0 };
}

/**
 * Creates the OCR engine over `pdftoppm` + `tesseract`.
 * @throws RangeError on a non-positive `dpi` or `pageTimeoutMs`
 */
export function createTesseractOcr(options: TesseractOptions = {}): OcrEngine {
  const dpi = options.dpi ?? DEFAULT_OCR_DPI;
  const timeoutMs = options.pageTimeoutMs ?? DEFAULT_OCR_PAGE_TIMEOUT_MS;
  if (!(Number.isInteger(dpi) && dpi >= 50 && dpi <= 600)) throw new RangeError(`dpi must be an integer in 50..600, got ${dpi}`);
  if (!(Number.isInteger(timeoutMs) && timeoutMs > 0)) throw new RangeError(`pageTimeoutMs must be a positive integer, got ${timeoutMs}`);
  const tesseract = options.tesseractPath ?? "tesseract";
  const pdftoppm = options.pdftoppmPath ?? "pdftoppm";
  const language = options.language ?? DEFAULT_OCR_LANGUAGE;
  return {
    name: "ocr",
    async readPages(bytes, pages, onPage) {
      if (pages.length === 0) return [];
      if (!tesseractAvailable({ tesseractPath: tesseract, pdftoppmPath: pdftoppm })) {
        throw new OcrError("OCR needs the `pdftoppm` (poppler-utils) and `tesseract` (tesseract-ocr, tesseract-ocr-eng) programs, which are not installed");
      }
      const dir = await mkdtemp(join(tmpdir(), "navigator-ocr-"));
      try {
        const pdf = join(dir, "in.pdf");
        await writeFile(pdf, bytes);
        const out: OcrPage[] = [];
        for (const [i, n] of pages.entries()) {
          const prefix = join(dir, `p${n}`);
          await run([pdftoppm, "-r", String(dpi), "-f", String(n), "-l", String(n), "-gray", "-png", "-singlefile", pdf, prefix], timeoutMs);
          const png = new Uint8Array(await Bun.file(`${prefix}.png`).arrayBuffer());
          const tsv = await run([tesseract, `${prefix}.png`, "stdout", "-l", language, "--dpi", String(dpi), "tsv"], timeoutMs);
          out.push(parseTesseractTsv(tsv, n, dpi, pngSize(png)));
          await rm(`${prefix}.png`, { force: true });
          await onPage?.(i + 1, pages.length);
        }
        return out;
      } catch (error) {
        if (error instanceof OcrError) throw error;
        throw new OcrError(`OCR failed: ${(error as Error).message}`, { cause: error });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
