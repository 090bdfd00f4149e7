/**
 * Builds tiny, valid PDFs in memory for tests (Helvetica text at given positions, optionally
 * encrypted with the standard security handler, revision 2 / RC4-40). Not for production use.
 */
import { createHash } from "node:crypto";

/** One line of text drawn at `(x, y)` (PDF points, origin bottom-left) in Helvetica `size`. */
export interface TextRun {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly size?: number;
}

/** Options of {@link buildPdf}. */
export interface BuildPdfOptions {
  /** Encrypt with this user password (owner password: the same). */
  readonly userPassword?: string;
}

const PAD = Uint8Array.from(
  "28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a".match(/../g)!,
  (h) => Number.parseInt(h, 16),
);
const WIN_ANSI: Readonly<Record<string, number>> = { "’": 0x92, "“": 0x93, "”": 0x94, "•": 0x95, "–": 0x96, "—": 0x97 };

function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const s = Uint8Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = new Uint8Array(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 255;
    j = (j + s[i]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[n] = data[n]! ^ s[(s[i]! + s[j]!) & 255]!;
  }
  return out;
}

const md5 = (...parts: Uint8Array[]) => {
  const h = createHash("md5");
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const latin1 = (s: string) => Uint8Array.from(s, (c) => WIN_ANSI[c] ?? c.charCodeAt(0) & 255);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const padded = (pw: string) => {
  const out = new Uint8Array(32);
  const p = latin1(pw).slice(0, 32);
  out.set(p);
  out.set(PAD.subarray(0, 32 - p.length), p.length);
  return out;
};

function contentStream(runs: readonly TextRun[]): string {
  const esc = (t: string) => t.replace(/[\\()]/g, (c) => `\\${c}`);
  return runs.map((r) => `BT /F1 ${r.size ?? 11} Tf ${r.x} ${r.y} Td (${esc(r.text)}) Tj ET`).join("\n");
}

/**
 * Builds a PDF with one page (612×792 pt) per entry of `pages`, each drawing its runs in order.
 * A page with no runs has no text. Characters outside Latin-1 other than `’“”•–—` are not supported.
 */
export function buildPdf(pages: readonly (readonly TextRun[])[], options: BuildPdfOptions = {}): Uint8Array {
  const id = md5(latin1(JSON.stringify(pages)));
  let fileKey: Uint8Array | undefined;
  let encryptDict = "";
  if (options.userPassword !== undefined) {
    const user = padded(options.userPassword);
    const o = rc4(md5(user).subarray(0, 5), user);
    const p = new Uint8Array(new Int32Array([-44]).buffer);
    fileKey = md5(user, o, p, id).subarray(0, 5);
    const u = rc4(fileKey, PAD);
    encryptDict = `<< /Filter /Standard /V 1 /R 2 /O <${hex(o)}> /U <${hex(u)}> /P -44 >>`;
  }
  const objects: string[] = [];
  const kids = pages.map((_, i) => `${4 + 2 * i} 0 R`).join(" ");
  objects.push("<< /Type /Catalog /Pages 2 0 R >>");
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`);
  objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  pages.forEach((runs, i) => {
    const num = 5 + 2 * i;
    let data: Uint8Array = latin1(contentStream(runs));
    if (fileKey !== undefined) {
      const objKey = md5(fileKey, Uint8Array.of(num & 255, (num >> 8) & 255, num >> 16, 0, 0));
      data = rc4(objKey.subarray(0, 10), data);
    }
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${num} 0 R >>`,
    );
    objects.push(`<< /Length ${data.length} >>\nstream\n${String.fromCharCode(...data)}\nendstream`);
  });
  if (encryptDict !== "") objects.push(encryptDict);
  let body = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  const offsets: number[] = [];
  objects.forEach((obj, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${obj}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, "0")} 00000 n \n`;
  const encrypt = encryptDict === "" ? "" : ` /Encrypt ${objects.length} 0 R`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${encrypt} /ID [<${hex(id)}> <${hex(id)}>] >>\n`;
  body += `startxref\n${xref}\n%%EOF\n`;
  return Uint8Array.from(body, (c) => c.charCodeAt(0) & 255);
}
