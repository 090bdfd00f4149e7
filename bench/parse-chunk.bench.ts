/**
 * Parse and chunk timing: `bun bench/parse-chunk.bench.ts [file.pdf]`.
 *
 * Default input is the 232-page SCAN EOC of the shared corpus (`../shared/corpus` next to the
 * repository, or `shared/corpus` inside it). Prints the cold first parse (includes pdf.js start-up),
 * mitata statistics for `readPdf` and `sentence5`, and sentence / chunk counts. Corpus files are
 * read at run time and never copied.
 */
import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import { bench, do_not_optimize, run, summary } from "mitata";
import { readPdf } from "../rag/pdf/index.ts";
import { CHUNKER_VERSION, sentence5, splitPageSentences } from "../rag/splitter/index.ts";

const ROOT = join(import.meta.dir, "..");
const CORPUS = [join(ROOT, "shared/corpus"), join(ROOT, "../shared/corpus")].find(existsSync);
const file = process.argv[2] ?? (CORPUS ? join(CORPUS, "scan_classic_hmo_2025_EOC.pdf") : undefined);
if (file === undefined || !existsSync(file)) {
  console.error(`No input: pass a PDF path, or provide the corpus at ../shared/corpus (looked for ${file ?? "it"}).`);
  process.exit(1);
}
const bytes = new Uint8Array(await Bun.file(file).arrayBuffer());
const name = basename(file);

const t0 = performance.now();
const doc = await readPdf(bytes);
const coldParseMs = performance.now() - t0;
const t1 = performance.now();
const chunks = sentence5(doc.pages);
const coldChunkMs = performance.now() - t1;
const sentences = splitPageSentences(doc.pages).length;

console.log(`${name}: ${doc.pages.length} pages, ${bytes.length.toLocaleString("en-US")} bytes`);
console.log(`cold parse ${coldParseMs.toFixed(0)} ms (includes pdf.js start-up), cold chunk ${coldChunkMs.toFixed(1)} ms`);
console.log(`${CHUNKER_VERSION}: ${sentences} sentences → ${chunks.length} chunks`);
if (CORPUS && process.argv[2] === undefined) {
  const sbc = join(CORPUS, "SBC_HealthNet_PPO_Platinum_2014-2015.pdf");
  if (existsSync(sbc)) {
    const sbcDoc = await readPdf(new Uint8Array(await Bun.file(sbc).arrayBuffer()));
    console.log(`${basename(sbc)}: ${sbcDoc.pages.length} pages → ${sentence5(sbcDoc.pages).length} chunks`);
  }
}
console.log();

summary(() => {
  bench(`readPdf ${name}`, async () => do_not_optimize(await readPdf(bytes)));
  bench(`sentence5 ${name}`, () => do_not_optimize(sentence5(doc.pages)));
});
await run();
