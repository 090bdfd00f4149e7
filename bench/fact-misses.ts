/**
 * Why answer facts are missed: `bun bench/fact-misses.ts --cases FILE… [--kind multi_hop]
 * [--mode per-document|library] [--answers]`. Runs the in-memory harness (fusion) and sorts every
 * fact missing from a found answer by where it was: `refused` (the gate said not found), `one-ask`
 * (the question was not split into asks, rag/synthesizer/asks.ts), `not-retrieved` (in no candidate
 * unit), `below-pool` (only in chunks ranked at or below the synthesizer's `maxChunks` and records at
 * or below `ASK_RECORD_RANKS`: no ask can quote it), `in-pool` (quotable, another passage chosen),
 * `trimmed` (a quoted sentence holds it but the rendered answer cut it). `--min-facts N`: only cases
 * with at least N facts (of any kind).
 * Prints each failing case with its asks and the fact's candidate ranks (`r` = record), then the
 * counts and the mean answer length (characters) of found answers.
 */
import { parseArgs } from "node:util";
import { splitAsk } from "../rag/query/preamble.ts";
import { splitAsks } from "../rag/synthesizer/asks.ts";
import { ASK_RECORD_RANKS } from "../rag/synthesizer/multi-ask.ts";
import { DEFAULT_EXTRACTIVE_OPTIONS } from "../rag/synthesizer/options.ts";
import { type EvalMode, loadCases, runCases } from "./answers-harness.ts";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { cases: { type: "string", multiple: true }, kind: { type: "string" }, mode: { type: "string", default: "per-document" }, answers: { type: "boolean" }, "min-facts": { type: "string", default: "1" } },
});
if (!values.cases?.length) throw new Error("--cases FILE is required (the default set would pull held-out files in)");
/** As the scorer compares (cli/eval/score.ts): lower case, one space, straight apostrophes. */
const norm = (s: string): string => s.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, " ");
const cases = loadCases(values.cases).filter((c) => c.kind !== "unanswerable" && (!values.kind || c.kind === values.kind) && c.facts.length >= Number(values["min-facts"]));
const out = await runCases(cases, { mode: values.mode as EvalMode, retrieval: "fusion" });
const counts: Record<string, number> = {};
let chars = 0;
let found = 0;
for (const x of out) {
  if (x.found) {
    chars += x.answer.length;
    found++;
  }
  const answer = norm(x.answer);
  const missing = x.c.facts.filter((f) => !answer.includes(norm(f)));
  if (missing.length === 0) continue;
  const asks = splitAsks(splitAsk(x.c.question).ask);
  console.log(`\n${x.c.id} found=${x.found} chars=${x.answer.length} asks=${asks.length}: ${asks.map((a) => JSON.stringify(a)).join(" | ")}`);
  for (const f of missing) {
    const at = x.candidates.flatMap((c, i) => (norm(c.text).includes(norm(f)) ? [{ i, record: c.record !== undefined }] : []));
    const inPool = at.some((a) => a.i < DEFAULT_EXTRACTIVE_OPTIONS.maxChunks || (a.record && a.i < ASK_RECORD_RANKS));
    const cause = !x.found ? "refused" : norm(x.quoted).includes(norm(f)) ? "trimmed" : asks.length < 2 ? "one-ask" : at.length === 0 ? "not-retrieved" : inPool ? "in-pool" : "below-pool";
    counts[cause] = (counts[cause] ?? 0) + 1;
    console.log(`  ${cause.padEnd(13)} ${JSON.stringify(f)} ranks=${at.slice(0, 6).map((a) => `${a.i}${a.record ? "r" : ""}`).join(",") || "-"}`);
  }
  if (values.answers) console.log(`  A: ${x.answer.replace(/\s+/g, " ")}`);
}
console.log(`\n${values.mode}: ${out.length} cases, missed facts by cause ${JSON.stringify(counts)}, mean answer ${found ? (chars / found).toFixed(0) : "-"} chars`);
