import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runEval, type EvalReport } from "../eval/run.ts";
import type { EvalCase } from "../eval/score.ts";
import { endProgress, renderProgress } from "../progress.ts";
import { openNavigator } from "./open.ts";

/**
 * `navigator eval --cases FILE --corpus DIR [--json]`: runs the QA set on a fresh, temporary
 * embedded database (or `DATABASE_URL`), offline, and prints the scores.
 */
export async function evaluate(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { cases: { type: "string" }, corpus: { type: "string" }, json: { type: "boolean" } } });
  if (!values.cases || !values.corpus) {
    console.error("usage: navigator eval --cases FILE --corpus DIR [--json]");
    return 2;
  }
  const parsed = (await Bun.file(values.cases).json()) as { cases?: EvalCase[] } | EvalCase[];
  const cases = Array.isArray(parsed) ? parsed : (parsed.cases ?? []);
  const dataDir = await mkdtemp(join(tmpdir(), "navigator-eval-"));
  // Evaluation writes its own users and documents: it may bring a PostgreSQL schema up to date.
  const nav = await openNavigator({ dataDir, port: 0, migrateOnStart: true });
  try {
    const report = await runEval(nav, cases, values.corpus, (done, total, what) => {
      if (!values.json || process.stderr.isTTY) renderProgress(what, (done / total) * 100, `${done}/${total}`);
    });
    endProgress();
    console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return 0;
  } finally {
    await nav.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function formatReport(r: EvalReport): string {
  const pct = (x: number | null) => (x === null ? "  n/a" : `${(x * 100).toFixed(1).padStart(5)}%`);
  const lines = [
    `cases                     ${r.cases}`,
    `retrieval hit@5           ${pct(r.retrieval_hit_at_5)}`,
    `answer fact accuracy      ${pct(r.answer_fact_accuracy)}`,
    `unanswerable accuracy     ${pct(r.unanswerable_accuracy)}`,
    `multi_hop all evidence@5  ${pct(r.multi_hop_all_evidence_at_5)}`,
    `ingest                    ${r.ingest_seconds} s (${r.documents.length} documents)`,
    `answer latency            p50 ${r.answer_latency_ms.p50} ms, p95 ${r.answer_latency_ms.p95} ms`,
    "",
    "kind           cases  hit@5   answer",
    ...Object.entries(r.by_kind).map(([k, v]) => `${k.padEnd(14)} ${String(v.cases).padStart(5)}  ${pct(v.retrieval_hit_at_5)}  ${pct(v.answer_accuracy)}`),
    "",
    `failures (${r.failures.length}):`,
    ...r.failures.map((f) => `- ${f.id} [${f.kind}] hit=${f.retrieval_hit ?? "-"} found=${f.found}\n  Q: ${f.question}\n  A: ${f.answer.replace(/\s+/g, " ").slice(0, 300)}\n  sources: ${f.sources.map((s) => `${s.filename}#${s.page}`).join(", ")}`),
  ];
  return lines.join("\n");
}
