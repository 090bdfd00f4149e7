/**
 * Single-ask answer misses: `bun bench/synth-misses.ts --cases FILE… [--mode per-document|library]`.
 * Runs the in-memory harness (fusion) and lists every answerable case that is found, whose evidence
 * page is in the top 5, that the question splitter reads as one ask (rag/synthesizer/asks.ts), and
 * whose answer lacks an expected fact: the fact's candidate ranks (`r` = record), the text around
 * it in the best-ranked candidate holding it, and the answer.
 */
import { parseArgs } from "node:util";
import { splitAsk } from "../rag/query/preamble.ts";
import { splitAsks } from "../rag/synthesizer/asks.ts";
import { loadCases, runCases, type EvalMode } from "./answers-harness.ts";

const { values } = parseArgs({ args: process.argv.slice(2), options: { cases: { type: "string", multiple: true }, mode: { type: "string", default: "per-document" }, json: { type: "boolean" } } });
if (!values.cases?.length) throw new Error("--cases FILE is required");
const norm = (s: string): string => s.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, " ");
const cases = loadCases(values.cases).filter((c) => c.kind !== "unanswerable");
const out = await runCases(cases, { mode: values.mode as EvalMode, retrieval: "fusion" });
let n = 0;
for (const x of out) {
  if (!x.found || !x.hit || x.pass) continue;
  const asks = splitAsks(splitAsk(x.c.question).ask);
  if (asks.length !== 1) continue;
  n++;
  const answer = norm(x.answer);
  const missing = x.c.facts.filter((f) => !answer.includes(norm(f)));
  console.log(`\n=== ${x.c.id} [${x.c.kind}] ${x.c.document} ev=${x.c.evidence_pages}\nQ: ${x.c.question}`);
  for (const f of missing) {
    const at = x.candidates.flatMap((c, i) => (norm(c.text).includes(norm(f)) ? [i] : []));
    console.log(`  MISS ${JSON.stringify(f)} ranks=${at.slice(0, 8).map((i) => `${i}${x.candidates[i]?.record ? "r" : ""}p${x.candidates[i]?.pageStart}`).join(",") || "-"}`);
    const c = at[0] !== undefined ? x.candidates[at[0]] : undefined;
    if (c) {
      const t = c.text.replace(/\s+/g, " ");
      const k = norm(t).indexOf(norm(f));
      console.log(`   in: …${t.slice(Math.max(0, k - 220), k + f.length + 120)}…`);
    }
  }
  console.log(`  A: ${x.answer.replace(/\s+/g, " ").slice(0, Number(process.env.BENCH_ANSWER_CHARS ?? 700))}`);
}
console.log(`\n${values.mode}: ${out.length} answerable, ${n} single-ask found+hit fact misses`);
