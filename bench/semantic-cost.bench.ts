/**
 * Cost of the semantic-similarity refusal feature measured by eval/semantic-features.ts (USE-lite,
 * `@energetic-ai/*` 0.2.0, weights inside the package; not an app dependency: installed in a
 * scratch directory, see that module's doc):
 * - model load (wall ms) and this process's RSS before and after it, after the questions and after
 *   the ingestion batches (TF.js WASM memory grows with the largest batch and is never returned);
 * - per chat question: CPU ms (`process.cpuUsage()`) of embedding the question alone, and of the
 *   question plus the sentences of its top three retrieved chunks (the feature without ingest-time
 *   sentence embeddings), p50/p95 over dev questions;
 * - per ingested document: CPU ms per sentence and per chunk text when embedded in batches, and the
 *   extrapolated time to embed every sentence (or chunk) of the 232-page EOC at ingestion.
 * `bun bench/semantic-cost.bench.ts --model-dir /tmp/use-lite [--questions 40] [--json]`
 * Not in `bun run bench` (needs the scratch install).
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadCases } from "./answers-harness.ts";
import { readPdf } from "../rag/pdf/index.ts";
import { sentence5 } from "../rag/splitter/index.ts";
import { basicSplitSentences } from "../rag/synthesizer/sentences.ts";
import { percentile, printTable, rssMiB, wantsJson } from "./support/table.ts";
import { loadUseLite } from "./support/use-lite.ts";

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : def;
};
const dir = opt("model-dir", "/tmp/use-lite");
const nQuestions = Number(opt("questions", "40"));
const CORPUS = resolve(import.meta.dir, "../../shared/corpus");
const EOC = "scan_classic_hmo_2025_EOC.pdf";
/** Texts per model call at ingestion. */
const BATCH = 48;
const cpuMs = async (f: () => Promise<unknown>) => {
  const c0 = process.cpuUsage();
  await f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};

// The EOC read first, so the RSS figures below are the model's.
const chunks = sentence5((await readPdf(new Uint8Array(readFileSync(join(CORPUS, EOC))))).pages);
const sentences = chunks.flatMap((c) => basicSplitSentences(c.text));
const questions = loadCases([join(import.meta.dir, "../eval/dev/eoc.json")]).filter((c) => c.kind !== "spanish").slice(0, nQuestions);
Bun.gc(true);
const rssBefore = rssMiB();
const { model, loadMs } = await loadUseLite(dir);
const rssLoaded = rssMiB();
await model.embed(["warm up the kernels"]);

const alone: number[] = [];
const withTop: number[] = [];
for (const c of questions) alone.push(await cpuMs(() => model.embed([c.question])));
const rssAlone = rssMiB();
for (const [i, c] of questions.entries()) {
  // Three chunks' sentences, as the feature needs them when nothing was embedded at ingestion.
  const top = chunks.slice((i * 7) % (chunks.length - 3), ((i * 7) % (chunks.length - 3)) + 3).flatMap((u) => basicSplitSentences(u.text));
  withTop.push(await cpuMs(() => model.embed([c.question, ...top])));
}
const rssQuestions = rssMiB();
const sample = sentences.slice(0, 480);
const perSentence = (await cpuMs(async () => { for (let i = 0; i < sample.length; i += BATCH) await model.embed(sample.slice(i, i + BATCH)); })) / sample.length;
const chunkSample = chunks.slice(0, 96).map((c) => c.text);
const perChunk = (await cpuMs(async () => { for (let i = 0; i < chunkSample.length; i += BATCH) await model.embed(chunkSample.slice(i, i + BATCH)); })) / chunkSample.length;
const rssAfter = rssMiB();

const result = {
  loadMs: Math.round(loadMs),
  rssMiB: { before: rssBefore, loaded: rssLoaded, afterQuestionsAlone: rssAlone, afterQuestionsWithSentences: rssQuestions, afterIngestBatches: rssAfter },
  questionCpuMs: { p50: percentile(alone, 50), p95: percentile(alone, 95), n: alone.length },
  questionPlusTop3SentencesCpuMs: { p50: percentile(withTop, 50), p95: percentile(withTop, 95) },
  ingest: { eocChunks: chunks.length, eocSentences: sentences.length, cpuMsPerSentence: perSentence, cpuMsPerChunk: perChunk, eocSentencesSeconds: (perSentence * sentences.length) / 1000, eocChunksSeconds: (perChunk * chunks.length) / 1000 },
};
if (wantsJson()) console.log(JSON.stringify(result));
else {
  printTable(`USE-lite cost (load ${result.loadMs} ms; RSS MiB: before ${rssBefore}, loaded ${rssLoaded}, after the questions alone ${rssAlone}, with the sentences ${rssQuestions}, after the ingestion batches ${rssAfter})`, [
    { what: "question alone, CPU ms", p50: result.questionCpuMs.p50, p95: result.questionCpuMs.p95 },
    { what: "question + top-3 chunks' sentences, CPU ms", p50: result.questionPlusTop3SentencesCpuMs.p50, p95: result.questionPlusTop3SentencesCpuMs.p95 },
  ]);
  printTable(`ingestion (EOC: ${chunks.length} chunks, ${sentences.length} sentences; batches of ${BATCH})`, [
    { what: "per sentence, CPU ms", value: perSentence, eocSeconds: result.ingest.eocSentencesSeconds },
    { what: "per chunk, CPU ms", value: perChunk, eocSeconds: result.ingest.eocChunksSeconds },
  ]);
}
